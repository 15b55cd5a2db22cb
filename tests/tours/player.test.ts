// The tour player's store slice (src/store/tour.ts) on a lab without a page: Next plays to the
// next step's moment and lands exactly there, Back and a jump land on the same state, the "Try it"
// fork, the lab left where the tour leaves it, and captions written, shared and reopened.
import { beforeAll, describe, expect, it } from 'vitest';
import { createLabStore } from '../../src/store';
import { LECTURE_SPEED } from '../../src/store/pace';
import { MAX_STEP_MS, loadTourKit, tourControls } from '../../src/store/tour';
import { REGISTRY } from '../../src/protocols/registry';
import { openTourLink } from '../../src/scenario/tour';

/** Drive the lab as the page's animation driver would, frame by frame, until it stops playing. */
function playOut(lab: ReturnType<typeof createLabStore>, maxFrames = 10_000): number {
  let frames = 0;
  while (lab.getState().mode === 'playing' && frames < maxFrames) {
    lab.getState().advance(16 * lab.getState().speed);
    frames++;
  }
  return frames;
}

describe('tour player', () => {
  // The tour builder loads on first use (the page's start bundle does not carry it); these
  // tests drive the slice synchronously once it is in.
  beforeAll(() => loadTourKit());

  it('opens at t = 0 at the lecture pace; Next animates to each step and lands exactly on it; Back and jumps land on the same states', () => {
    const lab = createLabStore(REGISTRY);
    lab.getState().setSpeed(3);
    const tour = tourControls(lab);
    expect(tour.getState().openById('leader-crash')).toBe(true);
    const t = tour.getState().tour!;
    expect(lab.getState().timeline.cursor).toEqual({ index: 0, t: 0 });
    expect(lab.getState().speed).toBe(LECTURE_SPEED);
    const hashes: string[] = [tour.getState().hash];
    for (let k = 1; k < t.steps.length; k++) {
      tour.getState().next();
      expect(tour.getState().target).toBe(k);
      expect(lab.getState().mode).toBe('playing');
      const frames = playOut(lab);
      // At most MAX_STEP_MS of real time (frames of 16 ms), plus a frame.
      expect(frames * 16).toBeLessThanOrEqual(MAX_STEP_MS + 32);
      expect(tour.getState().step).toBe(k);
      expect(tour.getState().target).toBe(null);
      expect(lab.getState().timeline.cursor).toEqual(t.steps[k]!.at);
      hashes.push(tour.getState().hash);
    }
    for (let k = t.steps.length - 2; k >= 0; k--) {
      tour.getState().back();
      expect(tour.getState().hash, `back to step ${k + 1}`).toBe(hashes[k]);
    }
    for (const k of [3, 1, 5, 0]) {
      tour.getState().jump(k);
      expect(lab.getState().timeline.cursor).toEqual(t.steps[k]!.at);
      expect(tour.getState().hash, `jump to step ${k + 1}`).toBe(hashes[k]);
    }
    // A jump straight to a step lands on the same state as a fresh run seeked there.
    const fresh = REGISTRY.createTimeline(t.spec, t.actions);
    fresh.seek(t.steps[5]!.at.index, t.steps[5]!.at.t);
    tour.getState().jump(5);
    expect(tour.getState().hash).toBe(fresh.sim.traceHash);
    // Leaving keeps the lab where it is, and gives back the speed.
    tour.getState().close();
    expect(tour.getState().tour).toBe(null);
    expect(lab.getState().timeline.cursor).toEqual(t.steps[5]!.at);
    expect(lab.getState().speed).toBe(3);
    lab.dispose();
  });

  it('a second Next during the animation lands at once; a violation on the way still lands on the step', () => {
    const lab = createLabStore(REGISTRY);
    const tour = tourControls(lab);
    tour.getState().openById('elect-any-mutant');
    const t = tour.getState().tour!;
    for (let k = 1; k < t.steps.length; k++) {
      tour.getState().next();
      if (k % 2) tour.getState().next();
      else playOut(lab);
      expect(tour.getState().step).toBe(k);
      expect(lab.getState().timeline.cursor).toEqual(t.steps[k]!.at);
    }
    expect(lab.getState().violations.map((v) => v.property)).toContain('LeaderCompleteness');
    lab.dispose();
  });

  it('"Try it" forks the run; Next then plays on by time; Back returns to the tour as written', () => {
    const lab = createLabStore(REGISTRY);
    const tour = tourControls(lab);
    tour.getState().openById('meet-janus');
    const t = tour.getState().tour!;
    const k = t.steps.findIndex((s) => s.tryIt);
    expect(k).toBeGreaterThan(0);
    tour.getState().jump(k);
    const hash = tour.getState().hash;
    tour.getState().tryIt();
    expect(tour.getState().forked).toBe(true);
    expect(tour.getState().message?.text).toMatch(/You took “crash D1”/);
    expect(lab.getState().nodes.find((n) => n.view.id === 'D1')!.up).toBe(false);
    tour.getState().back();
    expect(tour.getState().forked).toBe(false);
    tour.getState().jump(k);
    expect(tour.getState().hash).toBe(hash);
    lab.dispose();
  });

  it('captions written in the page are shared by link and reopen at the same moments on the same run', async () => {
    const lab = createLabStore(REGISTRY);
    const tour = tourControls(lab);
    const st = lab.getState();
    st.stepMs(1000);
    tour.getState().addCaption('D1 leads **term 1**.');
    st.act({ type: 'crash', node: 'D1' });
    lab.getState().stepMs(800);
    tour.getState().addCaption('<script>alert(1)</script> a takeover: see https://example.com');
    lab.getState().seekTime(500);
    tour.getState().addCaption('Before the crash.');
    const written = tour.getState().current()!;
    expect(written.steps.map((s) => s.text)).toEqual(['Before the crash.', 'D1 leads **term 1**.', '<script>alert(1)</script> a takeover: see https://example.com']);
    tour.getState().moveCaption(0, 1);
    tour.getState().moveCaption(1, -1);
    tour.getState().editCaption(0, 'At 500 ms.');
    tour.getState().deleteCaption(5);
    const url = await tour.getState().share();
    expect(url).toMatch(/#s1\./);
    const opened = await openTourLink(url!);
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.open!.problem).toBe(null);
    expect(opened.open!.tour.steps.map((s) => [s.at, s.text])).toEqual(tour.getState().current()!.steps.map((s) => [s.at, s.text]));
    // The reader's lab shows the same states at the same steps.
    const reader = createLabStore(REGISTRY);
    const rt = tourControls(reader);
    rt.getState().open(opened.open!.tour);
    for (let k = 0; k < 3; k++) {
      rt.getState().jump(k);
      tour.getState().jump(k);
      expect(rt.getState().hash).toBe(tour.getState().hash);
    }
    lab.dispose();
    reader.dispose();
  });

  it('an imported script with a bad line opens as far as it is valid, with the message; junk is refused', () => {
    const lab = createLabStore(REGISTRY);
    const tour = tourControls(lab);
    expect(tour.getState().importScript('protocol janus-3+1\ncaption Start.\nrun 500\ncaption Later.\ncrash D9\ncaption Never.\n')).toBe(true);
    expect(tour.getState().tour!.steps.map((s) => s.text)).toEqual(['Start.', 'Later.']);
    expect(tour.getState().problem).toMatch(/This tour file stops at line 5: .*D9.*; the tour opens as far as it ran\./);
    expect(tour.getState().importScript('<html><script>alert(1)</script>')).toBe(false);
    expect(tour.getState().message!.text).toMatch(/^This tour file could not be opened: line 1: unknown command '<html><script>alert\(1\)<\/script>'/);
    lab.dispose();
  });
});
