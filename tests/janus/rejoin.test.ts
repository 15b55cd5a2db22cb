// The rejoin of a data node that lost its disk (shared/janus/REJOIN.md, docs/protocol.md §14),
// one handler rule at a time, and each of its mutants breaking the rule it is named for.
import { describe, expect, it } from 'vitest';
import { janusConfig, type MutantName } from '../../src/protocols/janus/config';
import { handleRejoin, handleTermRequest } from '../../src/protocols/janus/elector';
import { encodedSize, type TermRequest, type TermResponse } from '../../src/protocols/janus/messages';
import { crashDataNode, handleAppendEntries, handleElectorAck, handleElectorChange, handleTermResponse, startElectorChange, onElectionTimeout, onTermRequestRetry, startDataNode, TIMER } from '../../src/protocols/janus/node';
import { encodeElectorState, isBlank, type DataNodeState } from '../../src/protocols/janus/state';
import { runScript } from '../../src/testing/script';
import { ae, cfg2, cfg3, dataNode, elector, fakeCtx, logOf, set, termReq, termResp } from './helpers';

const ALL = set('D1', 'D2', 'D3');

/** D2 wiped and booted blank (as the kernel does it: crash with the disk lost, then start). */
function blankNode(over: Partial<DataNodeState> = {}, config = cfg3) {
  const s = crashDataNode(dataNode('D2', { currentTerm: 4, log: logOf(1, 2), replicationSet: ALL }, config), config, true);
  const ctx = fakeCtx('D2');
  startDataNode(ctx, s, config);
  Object.assign(s, over);
  return { s, ctx };
}

const rejoin = (over: Partial<TermRequest> = {}): TermRequest => termReq({ kind: 'rejoin', from: 'D2', term: 3, replicationSet: 0, incarnation: 77, ...over });
const reply = (ctx: ReturnType<typeof fakeCtx>) => ctx.sentOf('TermResponse')[0]!.msg as TermResponse;

describe('a data node boots blank (REJOIN.md §2.1, §4.1)', () => {
  it('a bootstrapped node is not blank; a wipe loses the marker, and the node boots blank', () => {
    expect(isBlank(dataNode('D2'))).toBe(false);
    const { s, ctx } = blankNode();
    expect(isBlank(s)).toBe(true);
    expect(s).toMatchObject({ currentTerm: 0, log: [], replicationSet: ALL, marker: null });
    expect(s.incarnation).toBeGreaterThan(0);
    // Rule 3: it asks to be evicted at once, at its term, with its incarnation, and retries.
    expect(ctx.sentOf('TermRequest').map((x) => x.msg)).toEqual([{ type: 'TermRequest', kind: 'rejoin', from: 'D2', term: 0, electorEpoch: 0, replicationSet: 0, incarnation: s.incarnation }]);
    expect(ctx.timers.has(TIMER.retry)).toBe(true);
    // Rule 1: its election timer stays off.
    expect(ctx.timers.has(TIMER.election)).toBe(false);
  });

  it('a marker of another node id is no marker', () => {
    expect(isBlank(dataNode('D2', { marker: { clusterId: dataNode('D1').marker!.clusterId, nodeId: 'D1' } }))).toBe(true);
  });

  it('each blank boot draws a fresh incarnation; a crash without wipe keeps the marker of a non-blank node', () => {
    const { s } = blankNode();
    const again = crashDataNode(s, cfg3, false);
    const ctx = fakeCtx('D2', 2000, 9);
    startDataNode(ctx, again, cfg3);
    expect(isBlank(again)).toBe(true);
    expect(again.incarnation).not.toBe(s.incarnation);
    const kept = crashDataNode(dataNode('D2'), cfg3, false);
    expect(isBlank(kept)).toBe(false);
  });

  it('a rejoin request and its reply carry the incarnation: 20 bytes each; other requests stay 16', () => {
    expect(encodedSize(rejoin())).toBe(20);
    expect(encodedSize(termResp({ incarnation: 77 }))).toBe(20);
    expect(encodedSize(termReq())).toBe(16);
    expect(encodedSize(termResp())).toBe(16);
  });
});

describe('a blank node never acks, never leads, and asks to be evicted (REJOIN.md §4.1)', () => {
  it('rule 2: AppendEntries is refused and the log left alone; the blanket rule applies, and the rejoin is asked again at the new term', () => {
    const { s, ctx } = blankNode();
    ctx.reset();
    handleAppendEntries(ctx, s, ae({ term: 3, leaderId: 'D1', entries: logOf(1), leaderCommit: 1 }), cfg3);
    expect(ctx.sentOf('AppendEntriesResponse')[0]!.msg).toMatchObject({ success: false, matchIndex: 0, term: 3 });
    expect(s.log).toEqual([]);
    expect(s.currentTerm).toBe(3);
    expect(ctx.sentOf('TermRequest')[0]!.msg).toMatchObject({ kind: 'rejoin', term: 3 });
  });

  it('rule 1: its election timer does nothing', () => {
    const { s, ctx } = blankNode();
    ctx.reset();
    ctx.now = 10_000;
    onElectionTimeout(ctx, s, cfg3);
    expect(ctx.sent).toEqual([]);
    expect(s.role).toBe('follower');
  });

  it('rule 1: a grant naming it leader (an earlier incarnation asked) is a refusal: it adopts the term and stays a follower', () => {
    const { s, ctx } = blankNode();
    ctx.reset();
    handleTermResponse(ctx, s, termResp({ granted: true, term: 5, leaderId: 'D2', replicationSet: set('D2', 'D3') }), cfg3);
    expect(s.role).toBe('follower');
    expect(s.leaderId).toBeNull();
    expect(s.currentTerm).toBe(5);
    expect(isBlank(s)).toBe(true);
    expect(ctx.sentOf('TermRequest')[0]!.msg).toMatchObject({ kind: 'rejoin', term: 5 });
  });

  it('rule 4: a grant echoing another incarnation leaves it blank', () => {
    const { s, ctx } = blankNode();
    handleTermResponse(ctx, s, termResp({ granted: true, term: 5, leaderId: 'D1', replicationSet: set('D1', 'D3'), incarnation: s.incarnation + 1 }), cfg3);
    expect(isBlank(s)).toBe(true);
  });

  it('rule 4: the grant echoing its incarnation ends the blank life: marker written, ordinary follower outside R, election timer on', () => {
    const { s, ctx } = blankNode();
    ctx.reset();
    handleTermResponse(ctx, s, termResp({ granted: true, term: 5, leaderId: 'D1', replicationSet: set('D1', 'D3'), incarnation: s.incarnation }), cfg3);
    expect(isBlank(s)).toBe(false);
    expect(s.marker).toEqual({ clusterId: dataNode('D1').marker!.clusterId, nodeId: 'D2' });
    expect(s).toMatchObject({ currentTerm: 5, replicationSet: set('D1', 'D3'), role: 'follower', leaderId: 'D1', pendingRequest: null });
    expect(ctx.timers.has(TIMER.election)).toBe(true);
    expect(ctx.timers.has(TIMER.retry)).toBe(false);
    // From now on it acks like any node.
    ctx.reset();
    handleAppendEntries(ctx, s, ae({ term: 5, leaderId: 'D1', replicationSet: set('D1', 'D3'), entries: logOf(1) }), cfg3);
    expect(ctx.sentOf('AppendEntriesResponse')[0]!.msg).toMatchObject({ success: true, matchIndex: 1 });
  });

  it('rule 4: a grant of a term below its own still ends the blank life, and its term stays', () => {
    const { s, ctx } = blankNode({ currentTerm: 7 });
    handleTermResponse(ctx, s, termResp({ granted: true, term: 5, leaderId: 'D1', replicationSet: set('D1', 'D3'), incarnation: s.incarnation }), cfg3);
    expect(isBlank(s)).toBe(false);
    expect(s.currentTerm).toBe(7);
  });

  it('rule 5: a refusal showing R = {self} is the last-holder alarm; it keeps asking, five times slower', () => {
    const { s, ctx } = blankNode({ currentTerm: 4 });
    ctx.reset();
    handleTermResponse(ctx, s, termResp({ granted: false, term: 4, leaderId: 'D2', replicationSet: set('D2'), incarnation: s.incarnation }), cfg3);
    expect(isBlank(s)).toBe(true);
    expect(ctx.probes).toContain('last holder');
    expect(ctx.timers.get(TIMER.retry)! - ctx.now).toBe(cfg3.timing.termRequestRetry * 5);
    ctx.reset();
    onTermRequestRetry(ctx, s, cfg3);
    expect(ctx.sentOf('TermRequest')[0]!.msg).toMatchObject({ kind: 'rejoin', term: 4, incarnation: s.incarnation });
  });

  it('replies of another elector epoch are ignored, grants included', () => {
    const { s, ctx } = blankNode();
    handleTermResponse(ctx, s, termResp({ granted: true, electorEpoch: 1, term: 5, incarnation: s.incarnation }), cfg3);
    expect(isBlank(s)).toBe(true);
    expect(s.currentTerm).toBe(0);
  });
});

describe('the elector evicts a blank node (REJOIN.md §4.2)', () => {
  it('at its current term: a new term without the node, the leader kept, the incarnation echoed; no new state', () => {
    const e = elector({ currentTerm: 3, leaderId: 'D1', replicationSet: ALL });
    const before = encodeElectorState(e).length;
    const ctx = fakeCtx('E');
    handleTermRequest(ctx, e, rejoin(), cfg3);
    expect(e).toMatchObject({ currentTerm: 4, leaderId: 'D1', replicationSet: set('D1', 'D3') });
    expect(reply(ctx)).toEqual({ type: 'TermResponse', granted: true, electorEpoch: 0, term: 4, leaderId: 'D1', replicationSet: set('D1', 'D3'), incarnation: 77 });
    expect(encodeElectorState(e).length).toBe(before);
    expect(before).toBeLessThan(100);
  });

  it('no leader silence is needed, and the leader itself is evicted (no leader recorded)', () => {
    const e = elector({ currentTerm: 3, leaderId: 'D2', replicationSet: ALL, lastHeardFromLeaderAt: 1000 });
    const ctx = fakeCtx('E', 1001);
    handleTermRequest(ctx, e, rejoin(), cfg3);
    expect(e).toMatchObject({ currentTerm: 4, leaderId: null, replicationSet: set('D1', 'D3') });
  });

  it('a node outside R gets a new term too (the fence), R unchanged', () => {
    const e = elector({ currentTerm: 3, leaderId: 'D1', replicationSet: set('D1', 'D3') });
    const ctx = fakeCtx('E');
    handleTermRequest(ctx, e, rejoin(), cfg3);
    expect(e).toMatchObject({ currentTerm: 4, replicationSet: set('D1', 'D3') });
    expect(reply(ctx).granted).toBe(true);
  });

  it('a request of another term is refused with (term, leader, R), echoing the incarnation', () => {
    const e = elector({ currentTerm: 3, leaderId: 'D1', replicationSet: ALL });
    const ctx = fakeCtx('E');
    handleTermRequest(ctx, e, rejoin({ term: 2 }), cfg3);
    expect(e.currentTerm).toBe(3);
    expect(reply(ctx)).toEqual({ type: 'TermResponse', granted: false, electorEpoch: 0, term: 3, leaderId: 'D1', replicationSet: ALL, incarnation: 77 });
  });

  it('the last member of R is refused: the cluster stays down', () => {
    const e = elector({ currentTerm: 3, leaderId: 'D2', replicationSet: set('D2') }, cfg2);
    const ctx = fakeCtx('E');
    handleRejoin(ctx, e, rejoin(), cfg2);
    expect(e).toMatchObject({ currentTerm: 3, leaderId: 'D2', replicationSet: set('D2') });
    expect(reply(ctx).granted).toBe(false);
  });

  it('a request of another epoch, or to an elector not installed, is ignored', () => {
    const e = elector({ currentTerm: 3, replicationSet: ALL });
    const ctx = fakeCtx('E');
    handleTermRequest(ctx, e, rejoin({ electorEpoch: 1 }), cfg3);
    handleTermRequest(ctx, elector({ currentTerm: 3, installed: false }), rejoin(), cfg3);
    expect(ctx.sent).toEqual([]);
    expect(e.currentTerm).toBe(3);
  });
});

describe('rejoin mutants break the rule they are named for', () => {
  const cfg = (m: MutantName | null) => janusConfig(3, { mutant: m });

  it('blank-acks: a blank node acks AppendEntries', () => {
    const run = (m: MutantName | null) => {
      const { s, ctx } = blankNode({}, cfg(m));
      handleAppendEntries(ctx, s, ae({ term: 3, entries: logOf(1) }), cfg(m));
      return ctx.sentOf('AppendEntriesResponse')[0]!.msg.success;
    };
    expect(run(null)).toBe(false);
    expect(run('blank-acks')).toBe(true);
  });

  it('blank-takes-grant: a blank node named leader leads', () => {
    const run = (m: MutantName | null) => {
      const { s, ctx } = blankNode({}, cfg(m));
      handleTermResponse(ctx, s, termResp({ term: 5, leaderId: 'D2', replicationSet: set('D2', 'D3') }), cfg(m));
      return s.role;
    };
    expect(run(null)).toBe('follower');
    expect(run('blank-takes-grant')).toBe('leader');
  });

  it('rejoin-no-fence: the elector evicts in the same term', () => {
    const run = (m: MutantName | null) => {
      const e = elector({ currentTerm: 3, leaderId: 'D1', replicationSet: ALL });
      handleTermRequest(fakeCtx('E'), e, rejoin(), cfg(m));
      return e.currentTerm;
    };
    expect(run(null)).toBe(4);
    expect(run('rejoin-no-fence')).toBe(3);
  });

  it('rejoin-no-nonce: a grant echoing another incarnation ends the blank life', () => {
    const run = (m: MutantName | null) => {
      const { s, ctx } = blankNode({}, cfg(m));
      handleTermResponse(ctx, s, termResp({ term: 5, leaderId: 'D1', replicationSet: set('D1', 'D3'), incarnation: s.incarnation + 1 }), cfg(m));
      return isBlank(s);
    };
    expect(run(null)).toBe(true);
    expect(run('rejoin-no-nonce')).toBe(false);
  });
});

describe('monitors (REJOIN.md §6)', () => {
  const wipedLeader = (mutant: string | null) =>
    runScript(`shape 2+1\nseed 3\n${mutant ? `mutant ${mutant}\n` : ''}run 1000\nwrite D1 x=1\nrun 100\ncrash D1 wipe\nrestart D1\nrun 2000\nviolations\n`);

  it('BlankNeverLeads catches a blank node that leads (mutant blank-takes-grant); the real rule stays safe', () => {
    const out = (mutant: string | null) => wipedLeader(mutant).rewritten.split('violations\n----\n')[1]!;
    expect(out(null).trim()).toBe('none');
    expect(out('blank-takes-grant')).toMatch(/^BlankNeverLeads at [\d.]+ ms: D1 leads term 1 although it is blank/);
  });

  it("CommittedOnReplicationSet counts no blank member of the elector's R", () => {
    // The leader D1 is wiped: while blank it is still in the elector's R = {D1, D2}, without x=1.
    const r = runScript('shape 2+1\nseed 3\nrun 1000\nwrite D1 x=1\nrun 100\ncrash D1 wipe\nrestart D1\nrun 5\nstate\n');
    const state = r.rewritten.split('state\n----\n')[1]!;
    expect(state).toMatch(/D1 up {3}follower {2}term 0 .* blank log -/);
    expect(state).toMatch(/E {2}up {3}elector {3}epoch 0 term 1 leader D1 R \{D1,D2\}/);
    expect(state).toMatch(/violations: none/);
  });
});

describe('scenario links (docs/scenario-format.md)', () => {
  it('a wipe, a backup and a restore without its marker travel in a link and reopen the same run', async () => {
    const { buildGalleryScenario } = await import('../../src/scenario/gallery');
    const { encodeLink, openLink } = await import('../../src/scenario');
    const built = buildGalleryScenario({
      id: 'rejoin-link',
      title: 'rejoin link',
      text: 'A wipe and a restore. They travel in a link.',
      spec: { protocol: 'janus-2+1', seed: 1 },
      script: 'run 1000\nwrite D1 x=1\nrun 100\noperator backup D2\ncrash D1 wipe\nrun 50\nrestart D1\nrun 500\ncrash D2\noperator restoreBackup D2 marker=false\nrun 1500\nland\n',
      claims: [],
    });
    const ops = built.scenario.actions.map((a) => a.action).filter((a) => a.type === 'operator' || (a.type === 'crash' && a.wipe));
    expect(ops).toEqual([
      { type: 'operator', name: 'backup', node: 'D2' },
      { type: 'crash', node: 'D1', wipe: true },
      { type: 'operator', name: 'restoreBackup', node: 'D2', args: { marker: false } },
    ]);
    const r = await openLink('http://127.0.0.1:5173/' + (await encodeLink(built.scenario, { traceHash: built.traceHash })));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.traceHash).toBe(built.traceHash);
    expect(r.timeline.sim.violations).toEqual([]);
  });
});

describe('R5: a blank node takes no part in an elector replacement (docs/protocol.md §14)', () => {
  const change = { type: 'ElectorChange' as const, newEpoch: 1, newElector: 'E', installer: 'D1' };

  it('a blank node answers ElectorChange with ok = false and keeps its epoch, so it can still rejoin', () => {
    const { s } = blankNode();
    const ctx = fakeCtx('D2');
    handleElectorChange(ctx, s, change, cfg3);
    expect(s.electorEpoch).toBe(0);
    expect(ctx.sentOf('ElectorChangeAck').map((x) => x.msg)).toEqual([{ type: 'ElectorChangeAck', from: 'D2', newEpoch: 1, ok: false, term: 0, replicationSet: ALL }]);
    // Its rejoin still goes to the elector of its own epoch.
    const retry = fakeCtx('D2');
    onTermRequestRetry(retry, s, cfg3);
    expect(retry.sentOf('TermRequest')[0]!.msg).toMatchObject({ kind: 'rejoin', electorEpoch: 0 });
  });

  it('the installer does not install while a data node is blank; once the node has rejoined, its fence term is reported', () => {
    const inst = dataNode('D1', { currentTerm: 1, replicationSet: ALL });
    const ctx = fakeCtx('D1');
    startElectorChange(ctx, inst, 1, cfg3);
    const { s } = blankNode();
    const c2 = fakeCtx('D2');
    handleElectorChange(c2, s, change, cfg3);
    handleElectorAck(ctx, inst, c2.sentOf('ElectorChangeAck')[0]!.msg as never);
    handleElectorAck(ctx, inst, { type: 'ElectorChangeAck', from: 'D3', newEpoch: 1, ok: true, term: 1, replicationSet: ALL });
    expect(ctx.sentOf('InstallElector')).toHaveLength(0);
    // D2 rejoins through the elector of epoch 0 (fence: term 3), then switches and reports it.
    const c3 = fakeCtx('D2');
    handleTermResponse(c3, s, termResp({ electorEpoch: 0, granted: true, term: 3, leaderId: null, replicationSet: set('D1', 'D3'), incarnation: s.incarnation }), cfg3);
    expect(isBlank(s)).toBe(false);
    const c4 = fakeCtx('D2');
    handleElectorChange(c4, s, change, cfg3);
    handleElectorAck(ctx, inst, c4.sentOf('ElectorChangeAck')[0]!.msg as never);
    expect(ctx.sentOf('InstallElector').map((x) => x.msg)).toEqual([{ type: 'InstallElector', electorEpoch: 1, term: 3, replicationSet: set('D1', 'D3') }]);
  });

  it('mutant blank-reports: the blank node switches and reports (0, all)', () => {
    const config = janusConfig(3, { mutant: 'blank-reports' as MutantName });
    const { s } = blankNode({}, config);
    const ctx = fakeCtx('D2');
    handleElectorChange(ctx, s, change, config);
    expect(s.electorEpoch).toBe(1);
    expect(ctx.sentOf('ElectorChangeAck')[0]!.msg).toMatchObject({ ok: true, term: 0 });
  });
});
