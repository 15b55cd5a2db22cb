// @vitest-environment jsdom
// The animation driver with a hand-cranked requestAnimationFrame: virtual time per frame is the
// real time since the last frame × speed (continuous at 0.001×), a long gap counts as 100 ms, and
// the loop runs only while playing and visible.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REGISTRY } from '../protocols/registry';
import { createLabStore, startDriver, type LabStore } from './index';
import { SPEED_MAX, SPEED_MIN } from './pace';

let frames: Map<number, FrameRequestCallback>;
let nextId: number;
let store: LabStore;
let stop: () => void;

/** Run the pending animation frame at time `ts` (ms). */
function frame(ts: number): void {
  const pending = [...frames.entries()];
  frames.clear();
  for (const [, cb] of pending) cb(ts);
}

beforeEach(() => {
  frames = new Map();
  nextId = 1;
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => {
    frames.set(nextId, cb);
    return nextId++;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => frames.delete(id));
  store = createLabStore(REGISTRY, { protocol: 'janus-3+1', seed: 1 });
  stop = startDriver(store);
});
afterEach(() => {
  stop();
  store.dispose();
  vi.unstubAllGlobals();
});

describe('driver', () => {
  it('at 0.001× every frame moves the clock by its real ms × 0.001, with no steps', () => {
    store.getState().setSpeed(SPEED_MIN);
    store.getState().play();
    expect(frames.size).toBe(1);
    frame(1000); // the first frame counts as 16 ms
    const now = () => store.clock.getState().now;
    expect(now()).toBeCloseTo(16 * SPEED_MIN, 12);
    const seen = [now()];
    for (let i = 1; i <= 60; i++) {
      frame(1000 + i * 16.7);
      seen.push(now());
    }
    for (let i = 1; i < seen.length; i++) expect(seen[i]! - seen[i - 1]!).toBeCloseTo(16.7 * SPEED_MIN, 9);
  });

  it('a long gap between frames counts as 100 ms; pausing stops the loop', () => {
    store.getState().setSpeed(1);
    store.getState().play();
    frame(0);
    const t0 = store.clock.getState().now;
    frame(60_000); // a minute later (the tab was throttled); regression: a first frame at 0 made this one count as 16 ms
    expect(store.clock.getState().now - t0).toBeCloseTo(100, 9);
    store.getState().pause();
    expect(frames.size).toBe(0);
    frame(60_100);
    expect(store.clock.getState().now - t0).toBeCloseTo(100, 9);
  });

  it('at 1000× the page keeps getting frames: each advances, none runs the whole backlog', () => {
    store.getState().setSpeed(SPEED_MAX);
    store.getState().play();
    let ts = 0;
    const counts: number[] = [];
    for (let i = 0; i < 5; i++) {
      frame((ts += 16.7));
      counts.push(store.clock.getState().events);
      expect(frames.size).toBe(1); // the next frame is asked for
    }
    for (let i = 1; i < counts.length; i++) expect(counts[i]!).toBeGreaterThanOrEqual(counts[i - 1]!);
    expect(store.clock.getState().now).toBeGreaterThan(0);
  });

  it('does not run while the tab is hidden, and starts again when it shows', () => {
    const hidden = vi.spyOn(document, 'hidden', 'get').mockReturnValue(true);
    store.getState().play();
    document.dispatchEvent(new Event('visibilitychange'));
    expect(frames.size).toBe(0);
    hidden.mockReturnValue(false);
    document.dispatchEvent(new Event('visibilitychange'));
    expect(frames.size).toBe(1);
  });
});
