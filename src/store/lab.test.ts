import { beforeEach, describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { createTimeline } from '../protocols/registry';
import { DEFAULT_SPEC, narrate, playbackMachine, selectScenario, useLab } from './index';

describe('playback machine', () => {
  it('moves between paused, playing, stepping, scrubbing and stoppedOnViolation', () => {
    const a = createActor(playbackMachine).start();
    expect(a.getSnapshot().value).toBe('paused');
    a.send({ type: 'PLAY' });
    expect(a.getSnapshot().value).toBe('playing');
    a.send({ type: 'VIOLATION' });
    expect(a.getSnapshot().value).toBe('stoppedOnViolation');
    a.send({ type: 'TOGGLE' });
    expect(a.getSnapshot().value).toBe('playing');
    a.send({ type: 'SCRUB' });
    expect(a.getSnapshot().value).toBe('scrubbing');
    a.send({ type: 'SCRUB_END' });
    expect(a.getSnapshot().value).toBe('paused');
    a.send({ type: 'STEP' });
    expect(a.getSnapshot().value).toBe('stepping');
    a.send({ type: 'STEP_DONE' });
    expect(a.getSnapshot().value).toBe('paused');
    a.send({ type: 'VIOLATION' });
    expect(a.getSnapshot().value).toBe('paused');
  });
});

describe('lab store', () => {
  beforeEach(() => {
    useLab.getState().applySettings(DEFAULT_SPEC);
  });

  it('steps, steps back, and forks when acting in the past', () => {
    const st = useLab.getState();
    st.stepMs(1000);
    const n = useLab.getState().timeline.sim.eventCount;
    expect(n).toBeGreaterThan(10);
    st.stepBack();
    expect(useLab.getState().timeline.sim.eventCount).toBe(n - 1);
    st.step();
    expect(useLab.getState().timeline.sim.eventCount).toBe(n);
    st.seekEvent(9);
    expect(useLab.getState().timeline.sim.eventCount).toBe(10);
    expect(st.act({ type: 'crash', node: 'D3' })).toBe(true);
    const s = useLab.getState();
    expect(s.forkMarks).toEqual([{ at: 10, t: s.timeline.now }]);
    expect(s.notice?.kind).toBe('fork');
    expect(s.timeline.trace.length).toBe(11);
  });

  it('reports an impossible action clearly and changes nothing', () => {
    const st = useLab.getState();
    const before = st.timeline.sim.eventCount;
    expect(st.act({ type: 'restart', node: 'D1' })).toBe(false);
    expect(useLab.getState().notice).toEqual({ kind: 'error', text: 'cannot restart D1: it is up' });
    expect(useLab.getState().timeline.sim.eventCount).toBe(before);
  });

  it('loadScenario lands on the cursor and selectScenario gives the same scenario back', () => {
    const st = useLab.getState();
    st.stepMs(800);
    st.act({ type: 'write', node: 'D1' });
    st.act({ type: 'cut', from: 'D1', to: 'D2', both: true });
    st.stepMs(500);
    const sc = selectScenario(useLab.getState());
    const hash = useLab.getState().timeline.sim.traceHash;
    st.applySettings({ protocol: 'janus-2+1', seed: 9 });
    useLab.getState().loadScenario(sc);
    const s = useLab.getState();
    expect(s.timeline.sim.traceHash).toBe(hash);
    expect(selectScenario(s)).toEqual(sc);
  });

  it('stops on a new violation when stepping (stoppedOnViolation)', () => {
    const st = useLab.getState();
    st.applySettings({ protocol: 'janus-2+1', seed: 1, mutant: 'elect-any' });
    const run: [number, () => void][] = [
      [1000, () => st.act({ type: 'write', node: 'D1' })],
      [100, () => st.act({ type: 'crash', node: 'D2' })],
      [800, () => st.act({ type: 'write', node: 'D1' })],
      [100, () => st.act({ type: 'crash', node: 'D1' })],
      [300, () => st.act({ type: 'restart', node: 'D2' })],
    ];
    for (const [ms, f] of run) {
      st.stepMs(ms);
      f();
    }
    for (let i = 0; i < 40 && useLab.getState().mode !== 'stoppedOnViolation'; i++) st.stepMs(100);
    const s = useLab.getState();
    expect(s.mode).toBe('stoppedOnViolation');
    expect(s.notice?.kind).toBe('violation');
    expect(s.narration).toMatch(/^Safety property \w+ violated at event #\d+$/);
  });
});

describe('narrate', () => {
  it('announces a new leader with its term', () => {
    const tl = createTimeline({ protocol: 'janus-3+1', seed: 1 });
    tl.advanceTo(1000);
    expect(narrate(tl, tl.trace.slice(0, tl.sim.eventCount))).toMatch(/^D\d (became leader in term 1|now replicates)/);
    const ev = tl.trace.find((e) => e.changes?.role?.[1] === 'leader')!;
    expect(narrate(tl, [ev])).toBe(`${ev.node} became leader in term 1`);
  });
});
