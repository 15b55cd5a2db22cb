import { afterEach, describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { REGISTRY } from '../protocols/registry';
import type { TraceEvent } from '../kernel';
import { createLabStore, playbackMachine, selectScenario, type LabStore } from './index';

const stores: LabStore[] = [];
function lab(spec = { protocol: 'janus-3+1', seed: 1 }): LabStore {
  const s = createLabStore(REGISTRY, spec);
  stores.push(s);
  return s;
}
afterEach(() => {
  for (const s of stores.splice(0)) s.dispose();
});

/** Count the events the store reads from its timeline (through `eventAt`, as the kernel offers it). */
function countReads(store: LabStore): { n: number } {
  const tl = store.getState().timeline as unknown as { eventAt?: (i: number) => TraceEvent | undefined; trace: TraceEvent[] };
  const reads = { n: 0 };
  const own = tl.eventAt?.bind(tl);
  tl.eventAt = (i: number) => {
    reads.n++;
    return own ? own(i) : tl.trace[i];
  };
  return reads;
}

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
  it('starts on the registry default shape, seed 1, unless told otherwise', () => {
    const s = createLabStore(REGISTRY);
    stores.push(s);
    expect(s.getState().spec).toEqual({ protocol: REGISTRY.defaultShape, seed: 1 });
    expect(s.getState().shapes.map((x) => x.id)).toEqual(Object.keys(REGISTRY.shapes));
  });

  it('steps, steps back, and forks when acting in the past', () => {
    const store = lab();
    const st = store.getState();
    st.stepMs(1000);
    const n = store.getState().events;
    expect(n).toBeGreaterThan(10);
    st.stepBack();
    expect(store.getState().events).toBe(n - 1);
    expect(store.clock.getState().events).toBe(n - 1);
    st.step();
    expect(store.getState().events).toBe(n);
    st.seekEvent(9);
    expect(store.getState().events).toBe(10);
    expect(st.act({ type: 'crash', node: 'D3' })).toBe(true);
    const s = store.getState();
    expect(s.forkMarks).toEqual([{ at: 10, t: s.now }]);
    expect(s.notice?.kind).toBe('fork');
    expect(s.events).toBe(11);
    expect(s.future).toBe(0);
    expect(s.nodes.find((x) => x.id === 'D3')!.up).toBe(false);
  });

  it('reports an impossible action clearly and changes nothing', () => {
    const store = lab();
    const st = store.getState();
    const before = st.events;
    expect(st.act({ type: 'restart', node: 'D1' })).toBe(false);
    expect(store.getState().notice).toEqual({ kind: 'error', text: 'cannot restart D1: it is up' });
    expect(store.getState().events).toBe(before);
  });

  it('loadScenario lands on the cursor and selectScenario gives the same scenario back', () => {
    const store = lab();
    const st = store.getState();
    st.stepMs(800);
    st.act({ type: 'write', node: 'D1' });
    st.act({ type: 'cut', from: 'D1', to: 'D2', both: true });
    st.stepMs(500);
    const sc = selectScenario(store.getState());
    const hash = store.getState().timeline.sim.traceHash;
    st.applySettings({ protocol: 'janus-2+1', seed: 9 });
    store.getState().loadScenario(sc);
    const s = store.getState();
    expect(s.timeline.sim.traceHash).toBe(hash);
    expect(selectScenario(s)).toEqual(sc);
    expect(s.links.find((l) => l.from === 'D1' && l.to === 'D2')!.cut).toBe(true);
  });

  it('a bad scenario throws and changes nothing', () => {
    const store = lab();
    store.getState().stepMs(300);
    const before = store.getState();
    expect(() => before.loadScenario({ spec: { protocol: 'nope', seed: 1 }, actions: [], cursor: { index: 0, t: 0 } })).toThrow(/unknown protocol/);
    expect(store.getState().timeline).toBe(before.timeline);
    expect(store.getState().rev).toBe(before.rev);
  });

  it('stops on a new violation when stepping (stoppedOnViolation)', () => {
    const store = lab({ protocol: 'janus-2+1', seed: 1 });
    const st = store.getState();
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
    for (let i = 0; i < 40 && store.getState().mode !== 'stoppedOnViolation'; i++) st.stepMs(100);
    const s = store.getState();
    expect(s.mode).toBe('stoppedOnViolation');
    expect(s.notice?.kind).toBe('violation');
    expect(s.narration).toMatch(/^Safety property \w+ violated at event #\d+$/);
    const v = s.properties.find((p) => p.name === s.violations[0]!.property)!;
    expect(v.text).not.toBe('');
    expect(v.violation).toBe(s.violations[0]);
  });
});

describe('published views', () => {
  it('nodes carry the plug-in view, up/down and timers with their fire times; links and messages in flight', () => {
    const store = lab();
    store.getState().stepMs(600);
    const s = store.getState();
    const tl = s.timeline;
    expect(s.nodes.map((n) => n.id)).toEqual(tl.sim.nodeIds);
    for (const n of s.nodes) {
      expect(n.view).toMatchObject(REGISTRY.shape('janus-3+1').plugin.view.node(tl.sim.state(n.id)));
      expect(Object.isFrozen(n.view.log)).toBe(true);
      expect(n.timers.map(({ name, t }) => ({ name, t }))).toEqual(tl.sim.timers(n.id).sort((a, b) => a.t - b.t || (a.name < b.name ? -1 : 1)));
      for (const t of n.timers) expect(t.t).toBeGreaterThanOrEqual(s.now);
    }
    expect(s.links).toHaveLength(4 * 3);
    expect(s.messages.map((m) => m.id)).toEqual(tl.sim.messages().map((m) => m.id).sort((a, b) => a - b));
    for (const m of s.messages) {
      const env = tl.sim.inFlight.get(m.id)!;
      expect(m).toMatchObject({ from: env.from, to: env.to, sentAt: env.sentAt, deliverAt: env.deliverAt, fate: env.fate, type: tl.protocol.messageInfo(env.msg).type });
      expect(m.color).toBe(s.protocol.colors[m.type]);
    }
    expect(store.clock.getState().messages).toBe(s.messages);
    expect(s.protocol.vocabulary.messageTypes).toContain('AppendEntries');
  });

  it('keeps the objects of views that did not change (panels that select them do not re-render)', () => {
    const store = lab();
    store.getState().stepMs(1000);
    const a = store.getState();
    store.getState().act({ type: 'cut', from: 'D1', to: 'D2' });
    const b = store.getState();
    expect(b.rev).toBe(a.rev + 1);
    // The cut changed one link and nothing of the nodes' views.
    const changed = b.links.filter((l, i) => l !== a.links[i]);
    expect(changed.map((l) => `${l.from}-${l.to}`)).toEqual(['D1-D2']);
    for (const [i, n] of b.nodes.entries()) expect(n.view).toBe(a.nodes[i]!.view);
    expect(b.properties).toBe(a.properties);
    expect(b.operators).toBe(a.operators);
  });

  it('a write shows in the leader log as a new frozen array; the others keep theirs', () => {
    const store = lab();
    store.getState().stepMs(1000);
    const a = store.getState();
    const leader = a.leaderId!;
    expect(leader).toMatch(/^D\d$/);
    store.getState().act({ type: 'write', node: leader });
    const b = store.getState();
    const la = a.nodes.find((n) => n.id === leader)!.view.log;
    const lb = b.nodes.find((n) => n.id === leader)!.view.log;
    expect(lb).not.toBe(la);
    expect(lb.length).toBe(la.length + 1);
    expect(la.length).toBe(b.nodes.find((n) => n.id === leader)!.view.log.length - 1); // the old view is untouched
    for (const n of b.nodes) if (n.id !== leader) expect(n.view.log).toBe(a.nodes.find((x) => x.id === n.id)!.view.log);
  });

  it('a new run and its views are published in one update (subscribers never see one without the other)', () => {
    const store = lab();
    store.getState().stepMs(500);
    const seen: string[] = [];
    const unsub = store.subscribe((s) => {
      const ids = s.timeline.sim.nodeIds.join();
      if (s.nodes.map((n) => n.id).join() !== ids || s.nodeIds.join() !== ids || s.events !== s.timeline.sim.eventCount) seen.push(`${s.spec.protocol}: ${s.nodes.map((n) => n.id).join()} vs ${ids}`);
    });
    store.getState().applySettings({ protocol: 'janus-2+1', seed: 4 });
    store.getState().loadScenario({ spec: { protocol: 'janus-published', seed: 2 }, actions: [], cursor: { index: 0, t: 0 } });
    unsub();
    expect(seen).toEqual([]);
    expect(store.getState().nodes.map((n) => n.id)).toEqual(['D1', 'D2', 'E']);
  });

  it('two labs are independent', () => {
    const one = lab({ protocol: 'janus-3+1', seed: 1 });
    const two = lab({ protocol: 'janus-2+1', seed: 7 });
    one.getState().stepMs(800);
    expect(two.getState().events).toBe(0);
    expect(two.clock.getState().now).toBe(0);
    two.getState().selectNode('D2');
    one.hover.getState().setHover({ msg: 3 });
    expect(one.getState().selectedNode).toBeNull();
    expect(two.hover.getState().msg).toBeNull();
    two.getState().play();
    expect(two.getState().mode).toBe('playing');
    expect(one.getState().mode).toBe('paused');
    expect(one.getState().nodeIds).toHaveLength(4);
    expect(two.getState().nodeIds).toHaveLength(3);
  });

  it('coverage counts the probes up to the cursor, back and forth', () => {
    const store = lab();
    store.getState().stepMs(1000);
    store.getState().act({ type: 'crash', node: store.getState().leaderId! });
    store.getState().stepMs(2000);
    const s = store.getState();
    const want = new Map<string, number>();
    for (const ev of s.timeline.trace.slice(0, s.events)) for (const p of ev.probes) want.set(p, (want.get(p) ?? 0) + 1);
    expect(want.get('takeover')).toBeGreaterThan(0);
    expect(s.coverage).toEqual(Object.fromEntries(want));
    s.seekEvent(5);
    const back = new Map<string, number>();
    for (const ev of s.timeline.trace.slice(0, 6)) for (const p of ev.probes) back.set(p, (back.get(p) ?? 0) + 1);
    expect(store.getState().coverage).toEqual(Object.fromEntries(back));
  });

  it('a step reads only the new events, however long the run (narration, losses)', () => {
    const store = lab();
    store.getState().stepMs(30_000);
    expect(store.getState().events).toBeGreaterThan(3000);
    const reads = countReads(store);
    store.getState().step();
    store.getState().step();
    expect(reads.n).toBeLessThanOrEqual(10);
    reads.n = 0;
    store.getState().advance(5);
    expect(reads.n).toBeLessThanOrEqual(50);
  });
});

describe('narration', () => {
  it('announces a new leader with its term, from the node views', () => {
    const store = lab();
    let said = '';
    for (let i = 0; i < 400 && !/became leader/.test(said); i++) {
      store.getState().step();
      said = store.getState().narration;
    }
    const leader = store.getState().leaderId;
    expect(said).toBe(`${leader} became leader in term 1`);
  });

  it('announces crashes and restarts', () => {
    const store = lab();
    store.getState().stepMs(500);
    store.getState().act({ type: 'crash', node: 'D2' });
    expect(store.getState().narration).toBe('D2 crashed');
    store.getState().act({ type: 'restart', node: 'D2' });
    expect(store.getState().narration).toBe('D2 restarted');
  });

  it('announces an RF change of the leader, naming R when the protocol has one', () => {
    const store = lab();
    store.getState().stepMs(1500);
    const leader = store.getState().leaderId!;
    const other = store.getState().nodes.find((n) => n.view.kind === 'data' && n.id !== leader)!.id;
    store.getState().act({ type: 'crash', node: other });
    const seen: string[] = [];
    for (let i = 0; i < 30; i++) {
      store.getState().stepMs(100);
      seen.push(store.getState().narration);
    }
    const v = store.getState().nodes.find((n) => n.id === leader)!.view;
    expect(v.rf).toBe(2);
    expect(seen).toContain(`${leader} now replicates to {${v.replicationSet!.join(',')}} (RF 2)`);
  });
});
