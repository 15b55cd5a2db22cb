import { describe, expect, it } from 'vitest';
import type { Cursor, TimedAction, Timeline } from '../../src/kernel';
import { createTimeline, type RunSpec } from '../../src/protocols/registry';
import { installScenarioLinks, type LabLike, type StoreLike, type WindowLike } from '../../src/scenario/url';
import { encodeLink, decodeLink } from '../../src/scenario';
import { buildGalleryScenario, galleryEntry } from '../../src/scenario/gallery';
import { buildTour, encodeTourLink, openTourLink, tourDef, type Tour } from '../../src/scenario/tour';

interface Lab extends LabLike {
  notice: { kind: string; text: string } | null;
  speed: number;
}

/** A store with the lab's shape (src/store/lab.ts): one timeline, a rev that bumps on change. */
function fakeStore(): StoreLike<Lab> & { bump(): void } {
  let state: Lab;
  const listeners = new Set<(s: Lab) => void>();
  const set = (p: Partial<Lab>) => {
    state = { ...state, ...p };
    for (const l of listeners) l(state);
  };
  state = {
    spec: { protocol: 'janus-3+1', seed: 1 },
    timeline: createTimeline({ protocol: 'janus-3+1', seed: 1 }),
    rev: 0,
    notice: null,
    mode: 'paused',
    speed: 1,
    lecturePace() {
      set({ speed: 0.014 });
    },
    loadScenario({ spec, actions, cursor }: { spec: RunSpec; actions: TimedAction[]; cursor: Cursor }) {
      const tl: Timeline = createTimeline(spec, actions);
      tl.seek(cursor.index, cursor.t);
      set({ spec, timeline: tl, rev: state.rev + 1, notice: null });
    },
  };
  return { getState: () => state, setState: (p) => set(p as Partial<Lab>), subscribe: (l) => (listeners.add(l), () => listeners.delete(l)), bump: () => set({ rev: state.rev + 1 }) };
}

function fakeWindow(hash: string): WindowLike & { pushes: string[]; replaces: string[]; fire(): void } {
  const listeners = new Set<() => void>();
  const w = {
    location: { hash, href: `http://127.0.0.1:4173/${hash}` },
    pushes: [] as string[],
    replaces: [] as string[],
    history: {
      pushState: (_d: unknown, _u: string, url?: string) => {
        w.pushes.push(url!);
        w.location.href = url!;
        w.location.hash = url!.slice(url!.indexOf('#'));
      },
      replaceState: (_d: unknown, _u: string, url?: string) => {
        w.replaces.push(url!);
        w.location.href = url!;
        w.location.hash = url!.slice(url!.indexOf('#'));
      },
    },
    addEventListener: (_t: 'hashchange', fn: () => void) => listeners.add(fn),
    removeEventListener: (_t: 'hashchange', fn: () => void) => listeners.delete(fn),
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clearTimeout: (id: unknown) => clearTimeout(id as ReturnType<typeof setTimeout>),
    fire: () => listeners.forEach((f) => f()),
  };
  return w;
}

describe('address bar sync', () => {
  it('opens a link on start and lands on its cursor, leaving the address alone', async () => {
    const built = buildGalleryScenario(galleryEntry('leader-crash')!);
    const hash = await encodeLink(built.scenario, { traceHash: built.traceHash });
    const store = fakeStore();
    const win = fakeWindow(hash);
    const links = installScenarioLinks(store, win, { throttleMs: 1 });
    await links.settled();
    expect(store.getState().timeline.sim.traceHash).toBe(built.traceHash);
    expect(store.getState().notice?.text).toMatch(/Opened “Leader crash and takeover”/);
    expect(win.pushes).toEqual([]);
    links.dispose();
  });

  it('a bad link: message, a fresh default run, and the address bar shows that run', async () => {
    const store = fakeStore();
    const win = fakeWindow('#s1.AAAAAAAA<script>');
    const links = installScenarioLinks(store, win, { throttleMs: 1 });
    await links.settled();
    expect(store.getState().notice).toEqual({ kind: 'error', text: expect.stringMatching(/This link is damaged.*A fresh default run was opened instead\./) });
    expect(store.getState().spec).toEqual({ protocol: 'janus-3+1', seed: 1 });
    expect(win.pushes).toEqual([]);
    const d = await decodeLink(win.location.hash);
    expect(d.ok && d.scenario.actions.length).toBe(0);
    links.dispose();
  });

  it('replaces the entry while the run moves, pushes one on a fork and on a new run', async () => {
    const store = fakeStore();
    const win = fakeWindow('');
    const links = installScenarioLinks(store, win, { throttleMs: 1 });
    const tl = store.getState().timeline;
    for (let i = 1; i <= 5; i++) {
      tl.advanceTo(i * 200);
      store.bump();
    }
    tl.act({ type: 'write', node: 'D1' });
    store.bump();
    await links.settled();
    expect(win.pushes.length).toBe(0);
    expect(win.replaces.length).toBeGreaterThanOrEqual(1);
    let d = await decodeLink(win.location.hash);
    expect(d.ok && d.scenario.actions.length).toBe(1);
    // Go back in time and act: a fork.
    tl.seek(10);
    store.bump();
    tl.act({ type: 'crash', node: 'D2' });
    store.bump();
    await links.settled();
    expect(win.pushes.length).toBe(1);
    d = await decodeLink(win.location.hash);
    expect(d.ok && d.scenario.actions.map((a) => a.action.type)).toEqual(['crash']);
    // Back: the browser restores the old hash and fires hashchange; the lab reopens it.
    const before = win.replaces[win.replaces.length - 1]!;
    win.location.hash = before.slice(before.indexOf('#'));
    win.fire();
    await links.settled();
    expect(store.getState().timeline.actions.map((a) => a.action.type)).toEqual(['write']);
    links.dispose();
  });

  // Regression: after Pause the address bar showed the run as it was up to a throttle period before.
  it('writes the link at once when playback stops (Pause), not after the throttle', async () => {
    const store = fakeStore();
    const win = fakeWindow('');
    const links = installScenarioLinks(store, win, { throttleMs: 60_000 });
    store.setState({ mode: 'playing' });
    const tl = store.getState().timeline;
    tl.advanceTo(700);
    store.bump(); // a replace is pending behind the (long) throttle
    expect(win.replaces.length).toBe(0);
    store.setState({ mode: 'paused' });
    await expect.poll(() => win.replaces.length, { timeout: 5000 }).toBe(1);
    const d = await decodeLink(win.location.hash);
    expect(d.ok && d.scenario.cursor).toEqual(tl.cursor);
    // Moving while paused is still throttled.
    tl.advanceTo(900);
    store.bump();
    await new Promise((r) => setTimeout(r, 50));
    expect(win.replaces.length).toBe(1);
    links.dispose();
  });

  // Regression: a crash just before "Open this scenario under our design" (a new run) was lost from
  // history: the old run's pending replace was dropped, so Back reopened it without the crash.
  it('a new run first writes the old run as it was left, then pushes: Back finds the last change', async () => {
    const store = fakeStore();
    const win = fakeWindow('');
    const links = installScenarioLinks(store, win, { throttleMs: 200 });
    const tl = store.getState().timeline;
    tl.advanceTo(500);
    store.bump();
    await new Promise((r) => setTimeout(r, 300));
    await links.settled();
    tl.act({ type: 'crash', node: 'D2' });
    store.bump(); // a replace is now pending (throttled)
    store.getState().loadScenario({ spec: { protocol: 'janus-2+1', seed: 1 }, actions: [], cursor: { index: 0, t: 0 } });
    await links.settled();
    expect(win.pushes.length).toBe(1);
    const old = await decodeLink(win.replaces[win.replaces.length - 1]!.slice(win.replaces[win.replaces.length - 1]!.indexOf('#')));
    expect(old.ok && old.scenario.spec.protocol).toBe('janus-3+1');
    expect(old.ok && old.scenario.actions.map((a) => a.action.type)).toEqual(['crash']);
    const now = await decodeLink(win.location.hash);
    expect(now.ok && now.scenario.spec.protocol).toBe('janus-2+1');
    links.dispose();
  });

  it('opens gallery scenarios by #gallery/<id> and refuses unknown ones plainly', async () => {
    const store = fakeStore();
    const win = fakeWindow('#gallery/2p1-elect-any');
    const links = installScenarioLinks(store, win, { throttleMs: 1 });
    await links.settled();
    // A gallery scenario opens at the lecture pace.
    expect(store.getState().speed).toBe(0.014);
    expect(store.getState().spec.mutant).toBe('elect-any');
    expect(store.getState().timeline.sim.violations.length).toBeGreaterThan(0);
    expect(store.getState().notice?.text).toMatch(/^2\+1 with a broken elector/);
    const d = await decodeLink(win.location.hash);
    expect(d.ok && d.scenario.title).toMatch(/elect-any/);
    const r = await links.open('#gallery/nope');
    expect(r.kind).toBe('refused');
    expect(store.getState().notice?.text).toMatch(/no gallery scenario “nope”/);
    links.dispose();
  });
});

describe('a tour in the address bar', () => {
  /** The tour player's part (src/store/tour.ts): take the bridge's request and show the tour. */
  const playTours = (store: ReturnType<typeof fakeStore>) =>
    store.subscribe((s) => {
      const req = (s as Lab & { tourRequest?: { tour: Tour } | null }).tourRequest;
      if (req && s.tourShown !== req.tour && !(s as Lab & { left?: boolean }).left) store.setState({ tourShown: req.tour });
    });

  // Regression (issue 12's closing note): the address bar dropped the tour once the tour moved, so
  // a reload or a copied address opened the bare run.
  it('keeps #tour/<id> while the tour moves; leaving it writes the run as it is', async () => {
    const store = fakeStore();
    playTours(store);
    const win = fakeWindow('#tour/catch-up-grow');
    const links = installScenarioLinks(store, win, { throttleMs: 1 });
    await links.settled();
    expect(store.getState().tourShown?.id).toBe('catch-up-grow');
    const tl = store.getState().timeline;
    for (let i = 1; i <= 3; i++) {
      tl.advanceTo(i * 300);
      store.bump();
      await links.settled();
    }
    expect(win.location.hash).toBe('#tour/catch-up-grow');
    expect(win.pushes).toEqual([]);
    store.setState({ tourShown: null, left: true } as Partial<Lab>);
    await links.settled();
    const d = await decodeLink(win.location.hash);
    expect(d.ok && d.scenario.cursor.t).toBe(900);
    links.dispose();
  });

  it('a tour opened from a tour link keeps a tour link that reopens the same tour', async () => {
    const { tour } = buildTour(tourDef('catch-up-grow')!);
    const shared = await encodeTourLink({ ...tour, id: null });
    const store = fakeStore();
    playTours(store);
    const win = fakeWindow(shared);
    const links = installScenarioLinks(store, win, { throttleMs: 1 });
    await links.settled();
    expect(store.getState().tourShown?.steps.length).toBe(tour.steps.length);
    const tl = store.getState().timeline;
    tl.seek(Math.max(1, tl.cursor.index - 5));
    store.bump();
    await new Promise((r) => setTimeout(r, 20)); // past the throttle
    await links.settled();
    const again = await openTourLink(win.location.hash);
    expect(again.ok && again.open?.tour.steps.map((s) => s.text)).toEqual(tour.steps.map((s) => s.text));
    links.dispose();
  });
});

describe('files through the bridge', () => {
  it('exports the run as a file that imports back to the same run; a bad file keeps the current run', async () => {
    const store = fakeStore();
    const win = fakeWindow('#gallery/leader-crash');
    const links = installScenarioLinks(store, win, { throttleMs: 1 });
    await links.settled();
    const hash = store.getState().timeline.sim.traceHash;
    const file = links.exportFile();
    expect(file.name).toBe('leader-crash-and-takeover.janus.json');
    const trace = JSON.parse(links.exportTrace().text);
    expect(trace.events.length).toBe(store.getState().timeline.cursor.index);
    const before = { timeline: store.getState().timeline, cursor: store.getState().timeline.cursor, hash: win.location.hash, pushes: win.pushes.length, replaces: win.replaces.length };
    expect(before.cursor.index).toBeGreaterThan(0);
    const bad = await links.importFile('{"janusLab":"scenario","format":1,"protocolVersion":1,"spec":{"protocol":"janus-3+1","seed":1},"actions":[],"cursor":{"index":0,"t":0},"title":"<script>alert(1)</script>"}');
    expect(bad.kind).toBe('refused');
    expect(store.getState().notice?.text).toMatch(/This file was refused: the field title contains markup.*Your current run was kept\./);
    // Regression: a bad file used to replace the run with a fresh default one.
    await links.settled();
    expect(store.getState().timeline).toBe(before.timeline);
    expect(store.getState().timeline.cursor).toEqual(before.cursor);
    expect(win.location.hash).toBe(before.hash);
    expect([win.pushes.length, win.replaces.length]).toEqual([before.pushes, before.replaces]);
    for (const junk of ['', 'not json', '{"janusLab":"scenario","format":99}', 'x'.repeat(1024 * 1024 + 1)]) {
      expect((await links.importFile(junk)).kind).toBe('refused');
      expect(store.getState().notice?.kind).toBe('error');
      expect(store.getState().notice?.text).toMatch(/Your current run was kept\.$/);
      expect(store.getState().timeline).toBe(before.timeline);
    }
    const ok = await links.importFile(file.text);
    expect(ok.kind).toBe('opened');
    expect(store.getState().timeline.sim.traceHash).toBe(hash);
    await links.settled();
    const d = await decodeLink(win.location.hash);
    expect(d.ok && d.scenario.title).toBe('Leader crash and takeover');
    links.dispose();
  });
});
