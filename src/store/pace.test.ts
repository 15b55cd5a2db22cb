// The pace of playback: the log slider's ends, the lecture pace, the store's speed, the
// driver's advance at the slowest and fastest speeds, and the violations ahead in the known future.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { REGISTRY } from '../protocols/registry';
import { buildGalleryScenario, galleryEntry } from '../scenario/gallery';
import { DEFAULT_LINK } from '../kernel';
import { createLabStore, type LabStore } from './index';
import { FRAME_BUDGET_MS } from './lab';
import { clampSpeed, DEFAULT_HOP_MS, formatSpeed, isLecturePace, LECTURE_SPEED, nextPreset, SPEED_MAX, SPEED_MIN, SPEED_PRESETS, sliderToSpeed, speedToSlider } from './pace';

const stores: LabStore[] = [];
function lab(): LabStore {
  const s = createLabStore(REGISTRY, { protocol: 'janus-3+1', seed: 1 });
  stores.push(s);
  return s;
}
afterEach(() => {
  vi.restoreAllMocks();
  for (const s of stores.splice(0)) s.dispose();
});

describe('speed scale', () => {
  it('runs from one virtual ms per wall second to 1000× on a log scale', () => {
    expect(SPEED_MIN).toBe(0.001);
    expect(SPEED_MAX).toBe(1000);
    expect(sliderToSpeed(0)).toBeCloseTo(0.001, 12);
    expect(sliderToSpeed(1)).toBeCloseTo(1000, 9);
    expect(sliderToSpeed(0.5)).toBeCloseTo(1, 12); // six decades: 1× in the middle
    expect(sliderToSpeed(-1)).toBeCloseTo(0.001, 12);
    expect(sliderToSpeed(2)).toBeCloseTo(1000, 9);
    for (const s of [0.001, 0.014, 0.5, 1, 37, 1000]) expect(sliderToSpeed(speedToSlider(s))).toBeCloseTo(s, 9);
    // Equal slider steps are equal ratios of speed.
    expect(sliderToSpeed(0.3) / sliderToSpeed(0.2)).toBeCloseTo(sliderToSpeed(0.9) / sliderToSpeed(0.8), 9);
  });

  it('clamps what it is asked, and refuses what is not a speed', () => {
    expect(clampSpeed(1e-9)).toBe(SPEED_MIN);
    expect(clampSpeed(1e9)).toBe(SPEED_MAX);
    expect(clampSpeed(3)).toBe(3);
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) expect(clampSpeed(bad)).toBeNull();
  });

  it('the lecture pace puts one hop of the default latency at about a second on screen', () => {
    expect(DEFAULT_HOP_MS).toBe(DEFAULT_LINK.latencyMin + DEFAULT_LINK.latencyJitter / 2);
    const secondsPerHop = DEFAULT_HOP_MS / LECTURE_SPEED / 1000;
    expect(secondsPerHop).toBeCloseTo(1, 9);
    expect(isLecturePace(LECTURE_SPEED)).toBe(true);
    // What the slider gives back for it (its resolution) still counts as the lecture pace.
    expect(isLecturePace(sliderToSpeed(Math.round(speedToSlider(LECTURE_SPEED) * 1200) / 1200))).toBe(true);
    expect(isLecturePace(LECTURE_SPEED * 1.2)).toBe(false);
    // One slider step off it is not (regression: the button stayed pressed a step away).
    expect(isLecturePace(sliderToSpeed((Math.round(speedToSlider(LECTURE_SPEED) * 1200) + 1) / 1200))).toBe(false);
    expect(isLecturePace(sliderToSpeed((Math.round(speedToSlider(LECTURE_SPEED) * 1200) - 1) / 1200))).toBe(false);
  });

  it('prints speeds plainly at both ends', () => {
    expect(formatSpeed(0.001)).toBe('0.001×');
    expect(formatSpeed(LECTURE_SPEED)).toBe('0.014×');
    expect(formatSpeed(0.5)).toBe('0.50×');
    expect(formatSpeed(1)).toBe('1.0×');
    expect(formatSpeed(1000)).toBe('1000×');
  });
});

describe('the store at the slow and fast ends', () => {
  it('setSpeed clamps to the range and ignores a non-speed; lecturePace sets the lecture speed', () => {
    const s = lab();
    s.getState().setSpeed(1e-6);
    expect(s.getState().speed).toBe(SPEED_MIN);
    s.getState().setSpeed(1e6);
    expect(s.getState().speed).toBe(SPEED_MAX);
    s.getState().setSpeed(Number.NaN);
    s.getState().setSpeed(-2);
    expect(s.getState().speed).toBe(SPEED_MAX);
    s.getState().lecturePace();
    expect(s.getState().speed).toBe(LECTURE_SPEED);
  });

  it('at 0.001× a frame moves virtual time by a fraction of a ms, and the clock follows every frame', () => {
    const s = lab();
    // Play on until messages are in flight.
    for (let i = 0; i < 5000 && s.clock.getState().messages.length === 0; i++) s.getState().advance(1);
    expect(s.clock.getState().messages.length).toBeGreaterThan(0);
    const frame = 16.7 * SPEED_MIN; // one 60 Hz frame at the slowest speed
    const seen: number[] = [];
    const unsub = s.clock.subscribe((c) => seen.push(c.now));
    const t0 = s.clock.getState().now;
    for (let i = 0; i < 10; i++) s.getState().advance(frame);
    unsub();
    expect(seen.length).toBe(10);
    for (let i = 1; i < seen.length; i++) expect(seen[i]! - seen[i - 1]!).toBeCloseTo(frame, 9);
    expect(s.clock.getState().now - t0).toBeCloseTo(10 * frame, 9);
  });

  it('at 1000× one frame simulates for at most its budget of real time, then goes on the next frame', () => {
    const s = lab();
    // A fake clock: every reading of performance.now() is 3 ms later than the one before.
    let fake = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (fake += 3));
    const tl = s.getState().timeline;
    s.getState().advance(100 * SPEED_MAX); // a 100 ms frame at 1000×: 100 s of virtual time
    const first = tl.sim.eventCount;
    expect(first).toBeGreaterThan(0);
    expect(s.clock.getState().now).toBeLessThan(100 * SPEED_MAX); // fell behind instead of freezing
    // The budget allows only a few chunks of events (the fake clock passes it after ⌈budget/3⌉ chunks).
    expect(first).toBeLessThanOrEqual(500 * Math.ceil(FRAME_BUDGET_MS / 3 + 1));
    s.getState().advance(100 * SPEED_MAX);
    expect(tl.sim.eventCount).toBeGreaterThan(first); // the next frame continues
    // With time to spare, a frame reaches its target.
    vi.restoreAllMocks();
    const s2 = lab();
    s2.getState().advance(50);
    expect(s2.clock.getState().now).toBe(50);
  });
});

describe('violations ahead in the known future', () => {
  it('are listed when the cursor is before them, cleared when it reaches them or a fork discards them', () => {
    const s = lab();
    const built = buildGalleryScenario(galleryEntry('2p1-elect-any')!);
    s.getState().loadScenario(built.scenario);
    const reached = s.getState().violations;
    expect(reached.length).toBeGreaterThan(0);
    expect(s.getState().violationsAhead).toEqual([]); // at the violation: nothing ahead
    const v = reached[0]!;
    s.getState().seekEvent(v.event - 5);
    const ahead = s.getState().violationsAhead;
    expect(ahead.map((a) => [a.property, a.event, a.t])).toContainEqual([v.property, v.event, v.t]);
    expect(ahead.every((a) => a.event >= s.getState().events)).toBe(true);
    expect(s.getState().violations.some((x) => x.event === v.event && x.property === v.property)).toBe(false);
    // The same list while nothing changes (panels that select it do not re-render).
    s.getState().seekEvent(v.event - 6);
    expect(s.getState().violationsAhead).toEqual(ahead);
    // Going to it: it is reached, no longer ahead.
    s.getState().seekEvent(v.event);
    expect(s.getState().violations.some((x) => x.event === v.event)).toBe(true);
    expect(s.getState().violationsAhead.some((x) => x.event === v.event)).toBe(false);
    // Back before it, then act: the fork discards the future, and what was known of it.
    s.getState().seekEvent(v.event - 5);
    expect(s.getState().violationsAhead.length).toBeGreaterThan(0);
    expect(s.getState().act({ type: 'crash', node: 'D1' })).toBe(true);
    expect(s.getState().violationsAhead).toEqual([]);
  });

  it('a run that never reached a violation has none ahead; a new run forgets the old ones', () => {
    const s = lab();
    s.getState().advance(500);
    s.getState().seekEvent(2);
    expect(s.getState().violationsAhead).toEqual([]);
    const built = buildGalleryScenario(galleryEntry('2p1-elect-any')!);
    s.getState().loadScenario(built.scenario);
    s.getState().seekEvent(0);
    expect(s.getState().violationsAhead.length).toBeGreaterThan(0);
    s.getState().applySettings({ protocol: 'janus-3+1', seed: 1 });
    expect(s.getState().violationsAhead).toEqual([]);
  });
});

describe('speed presets (PageUp/PageDown on the slider)', () => {
  it('go 1-2-5 through every decade, with the lecture pace among them, from end to end', () => {
    expect(SPEED_PRESETS[0]).toBe(SPEED_MIN);
    expect(SPEED_PRESETS[SPEED_PRESETS.length - 1]).toBe(SPEED_MAX);
    expect(SPEED_PRESETS).toContain(LECTURE_SPEED);
    expect(SPEED_PRESETS.filter((p) => p >= 1 && p <= 10)).toEqual([1, 2, 5, 10]);
    expect(nextPreset(1, 1)).toBe(2);
    expect(nextPreset(1, -1)).toBe(0.5);
    expect(nextPreset(0.01, 1)).toBe(LECTURE_SPEED);
    expect(nextPreset(LECTURE_SPEED, 1)).toBe(0.02);
    expect(nextPreset(3, 1)).toBe(5); // between presets: the next one that way
    expect(nextPreset(3, -1)).toBe(2);
    expect(nextPreset(SPEED_MAX, 1)).toBe(SPEED_MAX);
    expect(nextPreset(SPEED_MIN, -1)).toBe(SPEED_MIN);
    // Every step up is a step: from the slowest, PageUp reaches the fastest in order.
    let s = SPEED_MIN;
    const seen = [s];
    while (s < SPEED_MAX) seen.push((s = nextPreset(s, 1)));
    expect(seen).toEqual([...SPEED_PRESETS]);
  });
});
