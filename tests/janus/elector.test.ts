// The elector's rules (PROTOCOL.md §4.3, §4.5, §9), its durable encoding (§2.2), and the
// property that it never sees a log entry (§1: "keeps < 100 bytes, never sees log entries").
import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/kernel/types';
import { crashElector, handleElectorHeartbeat, handleInstallElector, handleTermRequest, newUninstalledElector } from '../../src/protocols/janus/elector';
import { messageInfo, type JanusMessage } from '../../src/protocols/janus/messages';
import { decodeElectorState, encodeElectorState, type ElectorState } from '../../src/protocols/janus/state';
import { Prng } from '../../src/kernel/prng';
import { createSimulation } from '../../src/protocols/registry';
import { cfg3, elector, fakeCtx, set, termReq } from './helpers';

const T = cfg3.timing.electorLeaderTimeout;

/** Elector at term 3, leader D1, R = {D1, D2, D3}, last heard from D1 at `heard`. */
function e3(over: Partial<ElectorState> = {}): ElectorState {
  return elector({ currentTerm: 3, leaderId: 'D1', replicationSet: set('D1', 'D2', 'D3'), lastHeardFromLeaderAt: 0, ...over });
}

function request(e: ElectorState, m: Parameters<typeof termReq>[0], now = 10_000) {
  const ctx = fakeCtx('E', now);
  handleTermRequest(ctx, e, termReq(m), cfg3);
  return ctx;
}

const granted = (ctx: ReturnType<typeof fakeCtx>) => {
  expect(ctx.sent).toHaveLength(1);
  const r = ctx.sent[0]!.msg;
  if (r.type !== 'TermResponse') throw new Error(`expected a TermResponse, got ${r.type}`);
  return r.granted;
};

describe('§4.3 elector TermRequest', () => {
  it('a grant increments the term, stores (leaderId := c, R := R\'), and answers with them', () => {
    const e = e3();
    const ctx = request(e, { kind: 'takeover', from: 'D2', term: 3, replicationSet: set('D2', 'D3') }, 5000);
    expect(ctx.sent).toEqual([{ to: 'D2', msg: { type: 'TermResponse', granted: true, electorEpoch: 0, term: 4, leaderId: 'D2', replicationSet: set('D2', 'D3') } }]);
    expect(e).toMatchObject({ currentTerm: 4, leaderId: 'D2', replicationSet: set('D2', 'D3'), lastHeardFromLeaderAt: 5000 });
  });

  it('a refusal carries (currentTerm, leaderId, replicationSet) and changes nothing', () => {
    const e = e3({ replicationSet: set('D1', 'D2') });
    const ctx = request(e, { kind: 'takeover', from: 'D3', replicationSet: set('D3') });
    expect(ctx.sent).toEqual([{ to: 'D3', msg: { type: 'TermResponse', granted: false, electorEpoch: 0, term: 3, leaderId: 'D1', replicationSet: set('D1', 'D2') } }]);
    expect(e).toMatchObject({ currentTerm: 3, leaderId: 'D1', replicationSet: set('D1', 'D2') });
  });

  it('the requester must be in its own proposed set (c ∈ R\'), for every kind', () => {
    expect(granted(request(e3(), { kind: 'takeover', from: 'D2', replicationSet: set('D3') }))).toBe(false);
    expect(granted(request(e3(), { kind: 'shrink', from: 'D1', replicationSet: set('D2', 'D3') }))).toBe(false);
    const g = e3({ replicationSet: set('D2') , leaderId: 'D1' });
    expect(granted(request(g, { kind: 'grow', from: 'D1', term: 3, replicationSet: set('D2', 'D3') }))).toBe(false);
  });

  it('takeover eligibility: the requester must be in the elector\'s R (c ∈ R)', () => {
    const e = e3({ replicationSet: set('D1', 'D2') });
    expect(granted(request(e, { kind: 'takeover', from: 'D3', replicationSet: set('D3') }))).toBe(false);
    expect(granted(request(e, { kind: 'takeover', from: 'D3', replicationSet: set('D2', 'D3') }))).toBe(false);
    expect(e.currentTerm).toBe(3);
  });

  it("takeover eligibility: the proposed set must be a subset of R (R' ⊆ R)", () => {
    const e = e3({ replicationSet: set('D1', 'D2') });
    expect(granted(request(e, { kind: 'takeover', from: 'D2', replicationSet: set('D2', 'D3') }))).toBe(false);
    expect(granted(request(e, { kind: 'takeover', from: 'D2', replicationSet: set('D2') }))).toBe(true);
    expect(e).toMatchObject({ currentTerm: 4, replicationSet: set('D2') });
  });

  it('shrink eligibility: the same c ∈ R and R\' ⊆ R test', () => {
    const e = e3({ replicationSet: set('D1', 'D2') });
    expect(granted(request(e, { kind: 'shrink', from: 'D1', replicationSet: set('D1', 'D3') }))).toBe(false);
    expect(granted(request(e, { kind: 'shrink', from: 'D3', replicationSet: set('D3') }))).toBe(false);
    expect(granted(request(e, { kind: 'shrink', from: 'D1', replicationSet: set('D1') }))).toBe(true);
    expect(e).toMatchObject({ currentTerm: 4, leaderId: 'D1', replicationSet: set('D1') });
  });

  it('the requester\'s term is not checked for takeover or shrink: membership of R is what matters', () => {
    const e = e3();
    expect(granted(request(e, { kind: 'takeover', from: 'D3', term: 0, replicationSet: set('D2', 'D3') }))).toBe(true);
    expect(e.currentTerm).toBe(4);
  });

  it('the leaderSilentFor gate: a takeover while the leader was heard within electorLeaderTimeout is refused', () => {
    const e = e3({ lastHeardFromLeaderAt: 10_000 - T + 1 });
    expect(granted(request(e, { kind: 'takeover', from: 'D2', replicationSet: set('D2', 'D3') }, 10_000))).toBe(false);
    expect(e.currentTerm).toBe(3);
    // Exactly electorLeaderTimeout of silence is enough (≥).
    expect(granted(request(e, { kind: 'takeover', from: 'D2', replicationSet: set('D2', 'D3') }, 10_001))).toBe(true);
    expect(e.currentTerm).toBe(4);
  });

  it('the leaderSilentFor gate does not apply to the leader itself (c == leaderId) nor to shrink', () => {
    const a = e3({ lastHeardFromLeaderAt: 10_000 });
    expect(granted(request(a, { kind: 'takeover', from: 'D1', replicationSet: set('D1', 'D2') }, 10_000))).toBe(true);
    const b = e3({ lastHeardFromLeaderAt: 10_000 });
    expect(granted(request(b, { kind: 'shrink', from: 'D1', replicationSet: set('D1') }, 10_000))).toBe(true);
  });

  it('a shrink from someone who is not the current leader counts as a takeover: the requester becomes leader', () => {
    const e = e3({ lastHeardFromLeaderAt: 0 });
    const ctx = request(e, { kind: 'shrink', from: 'D3', replicationSet: set('D3') }, 10_000);
    expect(granted(ctx)).toBe(true);
    expect(e).toMatchObject({ currentTerm: 4, leaderId: 'D3', replicationSet: set('D3') });
    expect(ctx.notes.some((n) => n.rule === '4.3' && /takeover/.test(n.text))).toBe(true);
  });

  it('grow is granted only to the current leader', () => {
    const e = e3({ replicationSet: set('D1', 'D2') });
    expect(granted(request(e, { kind: 'grow', from: 'D2', term: 3, replicationSet: set('D1', 'D2', 'D3') }))).toBe(false);
    expect(e.currentTerm).toBe(3);
  });

  it('grow is granted only at the current term (msg.term == currentTerm)', () => {
    const e = e3({ replicationSet: set('D1', 'D2') });
    expect(granted(request(e, { kind: 'grow', from: 'D1', term: 2, replicationSet: set('D1', 'D2', 'D3') }))).toBe(false);
    expect(granted(request(e, { kind: 'grow', from: 'D1', term: 4, replicationSet: set('D1', 'D2', 'D3') }))).toBe(false);
    expect(e.currentTerm).toBe(3);
  });

  it('grow must add exactly one node: R ⊂ R\' and |R\' \\ R| = 1', () => {
    const one = e3({ replicationSet: set('D1') });
    expect(granted(request(one, { kind: 'grow', from: 'D1', term: 3, replicationSet: set('D1', 'D2', 'D3') }))).toBe(false); // two at once
    expect(granted(request(one, { kind: 'grow', from: 'D1', term: 3, replicationSet: set('D1') }))).toBe(false); // none
    const two = e3({ replicationSet: set('D1', 'D2') });
    expect(granted(request(two, { kind: 'grow', from: 'D1', term: 3, replicationSet: set('D1', 'D3') }))).toBe(false); // a swap, not a superset
    expect(two.currentTerm).toBe(3);
    expect(granted(request(two, { kind: 'grow', from: 'D1', term: 3, replicationSet: set('D1', 'D2', 'D3') }))).toBe(true);
    expect(two).toMatchObject({ currentTerm: 4, leaderId: 'D1', replicationSet: set('D1', 'D2', 'D3') });
  });

  it('grow is not subject to the leaderSilentFor gate (the leader asks)', () => {
    const e = e3({ replicationSet: set('D1', 'D2'), lastHeardFromLeaderAt: 10_000 });
    expect(granted(request(e, { kind: 'grow', from: 'D1', term: 3, replicationSet: set('D1', 'D2', 'D3') }, 10_000))).toBe(true);
  });

  it('a request of another elector epoch is ignored: no reply, no change', () => {
    const e = e3({ electorEpoch: 2 });
    const ctx = request(e, { kind: 'takeover', from: 'D2', electorEpoch: 1, replicationSet: set('D2', 'D3') });
    expect(ctx.sent).toHaveLength(0);
    expect(e.currentTerm).toBe(3);
  });

  it('an uninstalled elector ignores every request', () => {
    const e = newUninstalledElector('E', 1, null);
    const ctx = request(e, { kind: 'takeover', from: 'D2', electorEpoch: 1, replicationSet: set('D2') });
    expect(ctx.sent).toHaveLength(0);
    expect(e.currentTerm).toBe(0);
  });

  it('the elector never grants the same term twice', () => {
    const e = e3();
    const terms: number[] = [];
    for (const from of ['D2', 'D3', 'D2']) {
      const ctx = request(e, { kind: 'takeover', from, replicationSet: set(from) }, 100_000 + terms.length * 1000);
      const r = ctx.sent[0]!.msg as Extract<JanusMessage, { type: 'TermResponse' }>;
      if (r.granted) terms.push(r.term);
    }
    expect(new Set(terms).size).toBe(terms.length);
  });
});

describe('§4.5 ElectorHeartbeat', () => {
  it('from the current leader at the current term: lastHeardFromLeaderAt := now, and a reply', () => {
    const e = e3();
    const ctx = fakeCtx('E', 777);
    handleElectorHeartbeat(ctx, e, { type: 'ElectorHeartbeat', term: 3, leaderId: 'D1', electorEpoch: 0 }, 'D1');
    expect(e.lastHeardFromLeaderAt).toBe(777);
    expect(ctx.sent).toEqual([{ to: 'D1', msg: { type: 'ElectorHeartbeatResponse', electorEpoch: 0, term: 3, leaderId: 'D1', replicationSet: set('D1', 'D2', 'D3') } }]);
  });

  it('from a deposed leader (old term) or a non-leader: no liveness credit, but always a reply with (term, leaderId, R)', () => {
    const e = e3({ currentTerm: 5, leaderId: 'D2', replicationSet: set('D2', 'D3') });
    const ctx = fakeCtx('E', 777);
    handleElectorHeartbeat(ctx, e, { type: 'ElectorHeartbeat', term: 3, leaderId: 'D1', electorEpoch: 0 }, 'D1');
    handleElectorHeartbeat(ctx, e, { type: 'ElectorHeartbeat', term: 5, leaderId: 'D3', electorEpoch: 0 }, 'D3');
    expect(e.lastHeardFromLeaderAt).toBe(0);
    expect(ctx.sent.map((x) => [x.to, x.msg])).toEqual([
      ['D1', { type: 'ElectorHeartbeatResponse', electorEpoch: 0, term: 5, leaderId: 'D2', replicationSet: set('D2', 'D3') }],
      ['D3', { type: 'ElectorHeartbeatResponse', electorEpoch: 0, term: 5, leaderId: 'D2', replicationSet: set('D2', 'D3') }],
    ]);
  });

  it('the elector never adopts a term from a data node', () => {
    const e = e3();
    handleElectorHeartbeat(fakeCtx('E'), e, { type: 'ElectorHeartbeat', term: 99, leaderId: 'D2', electorEpoch: 0 }, 'D2');
    request(e, { kind: 'takeover', from: 'D2', term: 50, replicationSet: set('D2') });
    expect(e.currentTerm).toBe(4);
  });
});

describe('§9 elector replacement (elector side)', () => {
  it('InstallElector stores (term, R) with leaderId = none and starts serving', () => {
    const e = newUninstalledElector('E', 1, null);
    const ctx = fakeCtx('E', 3000);
    handleInstallElector(ctx, e, { type: 'InstallElector', electorEpoch: 1, term: 7, replicationSet: set('D2', 'D3') }, 'D2');
    expect(e).toMatchObject({ installed: true, currentTerm: 7, leaderId: null, replicationSet: set('D2', 'D3'), electorEpoch: 1 });
    // It serves: the next grant is term 8, to a member of R.
    const c2 = request(e, { kind: 'takeover', from: 'D3', electorEpoch: 1, replicationSet: set('D3') }, 5000);
    expect(c2.sent[0]!.msg).toMatchObject({ granted: true, term: 8, electorEpoch: 1 });
  });

  it('InstallElector of another epoch is ignored; a second install does not overwrite the first', () => {
    const e = newUninstalledElector('E', 2, null);
    handleInstallElector(fakeCtx('E'), e, { type: 'InstallElector', electorEpoch: 1, term: 7, replicationSet: set('D2') }, 'D2');
    expect(e.installed).toBe(false);
    handleInstallElector(fakeCtx('E'), e, { type: 'InstallElector', electorEpoch: 2, term: 7, replicationSet: set('D2') }, 'D2');
    request(e, { kind: 'takeover', from: 'D2', electorEpoch: 2, replicationSet: set('D2') });
    handleInstallElector(fakeCtx('E'), e, { type: 'InstallElector', electorEpoch: 2, term: 5, replicationSet: set('D3') }, 'D3');
    expect(e).toMatchObject({ currentTerm: 8, replicationSet: set('D2') });
  });

  it('an old-epoch message goes to the zombie (the old elector still running), never to the new one', () => {
    const old = e3();
    const e = newUninstalledElector('E', 1, { ...old });
    handleInstallElector(fakeCtx('E'), e, { type: 'InstallElector', electorEpoch: 1, term: 3, replicationSet: set('D1', 'D2', 'D3') }, 'D1');
    const ctx = request(e, { kind: 'takeover', from: 'D2', electorEpoch: 0, replicationSet: set('D2') });
    expect(ctx.sent[0]!.msg).toMatchObject({ electorEpoch: 0, granted: true, term: 4 });
    expect(e.currentTerm).toBe(3);
  });

  it('an elector crash keeps its durable state; a wipe loses it and leaves an elector that refuses everything', () => {
    const e = e3({ electorEpoch: 1, lastHeardFromLeaderAt: 500 });
    expect(crashElector(e, cfg3, false)).toMatchObject({ electorEpoch: 1, currentTerm: 3, leaderId: 'D1', replicationSet: set('D1', 'D2', 'D3'), installed: true, lastHeardFromLeaderAt: 0 });
    const w = crashElector(e, cfg3, true);
    expect(w.installed).toBe(false);
    const ctx = request(w, { kind: 'takeover', from: 'D2', electorEpoch: 1, replicationSet: set('D2') });
    expect(ctx.sent).toHaveLength(0);
  });
});

describe('§9 replaceElector operator action', () => {
  it('an impossible replacement (installer down) records an error event and changes no node', () => {
    const sim = createSimulation({ protocol: 'janus-3+1', seed: 7 }, { trace: 'full' });
    sim.runUntil(1500);
    sim.apply({ type: 'crash', node: 'D2' });
    const before = JSON.stringify(sim.nodeIds.map((id) => sim.state(id)));
    const ev = sim.apply({ type: 'operator', name: 'replaceElector', node: 'D2' });
    expect(ev?.error).toMatch(/installer D2 is down/);
    expect(JSON.stringify(sim.nodeIds.map((id) => sim.state(id)))).toBe(before);
  });

  it('a replacement through a live installer switches every data node and installs E\' at the highest term', () => {
    const sim = createSimulation({ protocol: 'janus-3+1', seed: 7 }, { trace: 'full' });
    sim.runUntil(1500);
    sim.apply({ type: 'crash', node: 'E', wipe: true });
    sim.apply({ type: 'operator', name: 'replaceElector', node: 'D3' });
    sim.runUntil(2000);
    const e = sim.state<ElectorState>('E');
    // Installed with no leader (§9 step 3); the leader's next heartbeat names it (R4).
    const leader = ['D1', 'D2', 'D3'].find((id) => sim.state<{ role: string }>(id).role === 'leader');
    expect(e).toMatchObject({ electorEpoch: 1, installed: true, currentTerm: 1, leaderId: leader, replicationSet: set('D1', 'D2', 'D3') });
    for (const id of ['D1', 'D2', 'D3']) expect(sim.state<{ electorEpoch: number }>(id).electorEpoch).toBe(1);
    expect(sim.violations).toEqual([]);
  });
});

describe('§2.2 elector durable state', () => {
  const samples: ElectorState[] = [
    e3(),
    e3({ electorEpoch: 0xffff_fffe, currentTerm: 2 ** 52, leaderId: 'D3', replicationSet: set('D3') }),
    elector({ leaderId: null, replicationSet: set('D1', 'D2'), currentTerm: 0 }),
    newUninstalledElector('E', 5, null),
  ];

  it('encodeElectorState is under 100 bytes (18) and round-trips through decodeElectorState', () => {
    for (const s of samples) {
      const buf = encodeElectorState(s);
      expect(buf.length).toBeLessThan(100);
      expect(buf.length).toBe(18);
      const d = decodeElectorState(buf);
      expect({ epoch: d.electorEpoch, term: d.currentTerm, leader: d.leaderId, R: d.replicationSet, installed: d.installed }).toEqual({
        epoch: s.electorEpoch,
        term: s.currentTerm,
        leader: s.leaderId,
        R: s.replicationSet,
        installed: s.installed,
      });
    }
  });

  it('the checksum detects corruption of any byte, and a wrong length is refused', () => {
    const buf = encodeElectorState(samples[1]!);
    for (let i = 0; i < buf.length; i++) {
      for (const flip of [0x01, 0x80]) {
        const bad = buf.slice();
        bad[i] = bad[i]! ^ flip;
        expect(() => decodeElectorState(bad)).toThrow(/checksum/);
      }
    }
    expect(() => decodeElectorState(buf.subarray(0, 17))).toThrow(/18 bytes/);
  });

  it('the elector keeps no log index: its state has only epoch, term, leader, set (+ installed, RAM clock, zombie)', () => {
    expect(Object.keys(e3()).sort()).toEqual(['currentTerm', 'electorEpoch', 'id', 'installed', 'kind', 'lastHeardFromLeaderAt', 'leaderId', 'replicationSet', 'zombie']);
  });
});

describe('§1 the elector never sees a log entry', () => {
  it('over many seeded random runs with faults, no message to E carries a log entry', () => {
    let toElector = 0;
    let dataMsgs = 0;
    let grants = 0;
    const runs = 40;
    for (let run = 0; run < runs; run++) {
      const rng = new Prng(1000 + run);
      const shape = run % 3 === 0 ? 2 : 3;
      const sim = createSimulation({ protocol: `janus-${shape}+1`, seed: 77 + run }, { trace: 'light' });
      const data = sim.nodeIds.filter((id) => id !== 'E');
      const all = sim.nodeIds;
      for (let step = 0; step < 40; step++) {
        sim.runUntil(sim.now + rng.int(20, 250));
        const r = rng.next();
        const n = rng.pick(data);
        const m = rng.pick(all);
        const other = rng.pick(all.filter((x) => x !== m));
        let a: Action;
        if (r < 0.35) a = { type: 'write', node: n, command: `k${step}=${run}` };
        else if (r < 0.45) a = { type: 'crash', node: m };
        else if (r < 0.55) a = { type: 'restart', node: m };
        else if (r < 0.62) a = { type: 'cut', from: m, to: other, both: rng.chance(0.5), duration: rng.int(50, 800) };
        else if (r < 0.7) a = { type: 'link', from: m, to: other, both: true, params: { loss: rng.next() * 0.3, dup: rng.next() * 0.3 } };
        else if (r < 0.74) a = { type: 'operator', name: 'replaceElector', node: n, args: { zombie: rng.chance(0.5) } };
        else if (r < 0.8) {
          const msgs = sim.messages();
          if (!msgs.length) continue;
          a = { type: 'duplicate', msg: rng.pick(msgs).id };
        } else if (r < 0.84) a = { type: 'healAll' };
        else continue;
        if (sim.validate(a) === null) sim.apply(a);
      }
      sim.apply({ type: 'healAll' });
      sim.runUntil(sim.now + 2000);
      for (const ev of sim.trace) {
        const env = ev.msg;
        if (!env) continue; // delivered and dropped messages alike
        const info = messageInfo(env.msg as JanusMessage);
        if (info.kind === 'data' && ev.action.type === 'deliver') dataMsgs++;
        if (env.to !== 'E') continue;
        toElector++;
        expect('entries' in (env.msg as object), `${(env.msg as JanusMessage).type} to E carries entries (seed ${77 + run}, event ${ev.i})`).toBe(false);
        expect(info.entries).toBe(0);
        expect(info.kind).toBe('control');
      }
      grants += sim.probes.get('takeover') ?? 0;
      // Every message the kernel ever created toward E, including undelivered ones, is checked too.
      for (const env of sim.messages()) if (env.to === 'E') expect(messageInfo(env.msg as JanusMessage).entries).toBe(0);
    }
    // The property is not vacuous: the elector was busy and entries did flow between data nodes.
    expect(toElector).toBeGreaterThan(1000);
    expect(dataMsgs).toBeGreaterThan(100);
    expect(grants).toBeGreaterThan(runs);
  });
});
