// Monitors for the published spec: its six properties written as the spec writes them (state
// formulas over the spec's variables), Leader Completeness also in Raft's form (RULES.md F1),
// and a liveness monitor, NotStuckWithoutLeader.

import type { NodeId, SimView } from '../../kernel/types';
import { PropertyMonitors } from '../../contracts/monitors';
import type { PubConfig } from './config';
import { fmtMd, type LogEntry, type Md } from './messages';
import { describeStuck } from './guards';
import type { PubDataState, PubState } from './state';

export const PROPERTIES = [
  'LeaderSafety',
  'ReplicationFactorSafety',
  'LeaderInReplicationSet',
  'LeaderAppendOnly',
  'LogMatching',
  'LeaderCompleteness',
  'LeaderCompletenessRaft',
  'StateMachineSafety',
  'NotStuckWithoutLeader',
] as const;
export type Property = (typeof PROPERTIES)[number];

export const PROPERTY_TEXT: Record<Property, string> = {
  LeaderSafety: 'No two data nodes lead the same term at the same time (the spec\'s formula).',
  ReplicationFactorSafety: 'Any two nodes at the same term, the elector included, have the same RF (the spec\'s formula).',
  LeaderInReplicationSet:
    "A leader is a member of the replication set of its term, as the term's creator set it: RF 2 = both data nodes; RF 1 = the node the elector granted the term to (SwitchToRF1 / SwitchToRF1Leader).",
  LeaderAppendOnly: "A node that stays leader keeps its log as a prefix of its new log.",
  LogMatching: 'If two logs hold an entry with the same (term, index), they agree on every entry up to it.',
  LeaderCompleteness:
    "The spec's formula: a committed entry (term t, index i) is in the log of every leader whose term is above t, the entry's term (stronger than Raft's; RULES.md F1).",
  LeaderCompletenessRaft: "Raft's form: an entry committed in term T is in the log of every leader of a term above T.",
  StateMachineSafety: 'No index is committed at two data nodes with different entries.',
  NotStuckWithoutLeader:
    'Liveness: it must never happen that nobody leads and no node step can ever be enabled again (all nodes up, both data nodes candidates, and the network has emptied).',
};

const sameEntry = (a: LogEntry | undefined, b: LogEntry | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && a.metadata.term === b.metadata.term && a.metadata.index === b.metadata.index && a.data === b.data);
const sameMd = (a: Md, b: Md): boolean => a.term === b.term && a.index === b.index;
/** The spec's Appears(n, md). Positions equal indexes (StructureOk), but search the log as the spec does. */
export const appears = (log: LogEntry[], m: Md): boolean => {
  const at = log[m.index - 1];
  if (at && sameMd(at.metadata, m)) return true;
  return log.some((e) => sameMd(e.metadata, m));
};

interface CommitRecord {
  entry: LogEntry;
  /** The term of the node that was first seen holding it as committed. */
  term: number;
  node: NodeId;
}

export class PubMonitors extends PropertyMonitors<Property, PubState> {
  readonly properties = PROPERTIES;
  private prevRole: string[] = [];
  private prevLog: (LogEntry[] | null)[] = [];
  private prevLen: number[] = [];
  /** Ghost history for the Raft form: index → first committed entry and the term it was committed in. */
  private committed = new Map<number, CommitRecord>();
  /**
   * Ghost: the replication set of each term, as first seen (receiver-first: the node that creates
   * the term holds it first). 'all' = RF 2, both data nodes; a node id = RF 1 with that leader.
   */
  private termSet = new Map<number, 'all' | NodeId>();
  private stuckSince: number | null = null;
  private readonly settle: number;

  constructor(config: PubConfig) {
    super();
    this.settle = Math.max(5000, 2 * config.timing.electionTimeoutMax);
  }

  override clone(): this {
    const m = super.clone();
    m.prevRole = this.prevRole.slice();
    m.prevLog = this.prevLog.slice();
    m.prevLen = this.prevLen.slice();
    m.committed = new Map(this.committed);
    m.termSet = new Map(this.termSet);
    return m;
  }

  /** Ghost facts for display: committed entries with the term they were committed in. */
  committedEntries(): ReadonlyMap<number, CommitRecord> {
    return this.committed;
  }

  protected check(view: SimView<PubState>, touched: readonly number[]): void {
    const n = view.nodeIds.length;
    const states: PubState[] = [];
    for (let i = 0; i < n; i++) states.push(view.stateAt(i));
    const data = states.filter((s): s is PubDataState => s.kind === 'data');
    const dataTouched = touched.some((i) => states[i]!.kind === 'data');

    // LeaderAppendOnly (an action property): a node leader before and after keeps a prefix.
    for (const i of touched) {
      const s = states[i]!;
      if (s.kind !== 'data') continue;
      const old = this.prevLog[i];
      if (old && this.prevRole[i] === 'leader' && s.role === 'leader') {
        const len = this.prevLen[i]!;
        let prefix = len <= s.dmlLog.length;
        if (prefix && old !== s.dmlLog) for (let k = 0; k < len && prefix; k++) prefix = sameEntry(old[k], s.dmlLog[k]);
        if (!prefix)
          this.fail('LeaderAppendOnly', `Leader ${s.id} (term ${s.term}) lost or rewrote entries of its log: ${len} → ${s.dmlLog.length} entries.`, [s.id], [{ node: s.id, index: Math.min(len, s.dmlLog.length) + 1 }]);
      }
      this.prevRole[i] = s.role;
      this.prevLog[i] = s.dmlLog;
      this.prevLen[i] = s.dmlLog.length;
    }

    const stateChecks = touched.length > 0;
    if (stateChecks) {
      this.checkLeaderSafety(data);
      this.checkRF(states);
    }
    if (dataTouched) {
      this.checkLogMatching(data);
      this.checkStateMachine(data);
      this.recordCommits(data);
      this.checkCompleteness(data);
    }
    // Last: when it fires at the same event as an older property, that one is the root (and is
    // reported first): a double grant with two leaders at once is LeaderSafety, a wiped leader
    // elected without a committed entry is LeaderCompleteness.
    if (stateChecks) this.checkLeaderInReplicationSet(states, data, touched);
    this.checkStuck(view, states);
  }

  private checkLeaderSafety(data: PubDataState[]): void {
    for (let a = 0; a < data.length; a++)
      for (let b = a + 1; b < data.length; b++) {
        const x = data[a]!;
        const y = data[b]!;
        if (x.role === 'leader' && y.role === 'leader' && x.term === y.term)
          this.fail('LeaderSafety', `${x.id} and ${y.id} both lead term ${x.term}.`, [x.id, y.id]);
      }
  }

  private checkRF(states: PubState[]): void {
    for (let a = 0; a < states.length; a++)
      for (let b = a + 1; b < states.length; b++) {
        const x = states[a]!;
        const y = states[b]!;
        if (x.term === y.term && x.replicationFactor !== y.replicationFactor)
          this.fail('ReplicationFactorSafety', `Term ${x.term} has two replication factors: RF ${x.replicationFactor} at ${x.id} and RF ${y.replicationFactor} at ${y.id}.`, [x.id, y.id]);
      }
  }

  /**
   * LeaderInReplicationSet (issue 13; Janus's monitor of the same name). The spec's replication set
   * of a term is fixed when the term is created: RF 2 (InitWorkload, SwitchToRF2 P1) = both data
   * nodes; RF 1 (SwitchToRF1, SwitchToRF1Leader) = the node the elector records as leader when it
   * grants the term. It runs after every other state check; it fires alone when the amnesiac
   * elector grants a term a second time after its first leader stepped down (P2).
   */
  private checkLeaderInReplicationSet(states: PubState[], data: PubDataState[], touched: readonly number[]): void {
    for (const i of touched) {
      const s = states[i]!;
      if (s.term <= 0 || this.termSet.has(s.term)) continue;
      if (s.replicationFactor === 2) this.termSet.set(s.term, 'all');
      else if (data.some((d) => d.id === s.currentLeader)) this.termSet.set(s.term, s.currentLeader);
    }
    if (this.violated.has('LeaderInReplicationSet')) return;
    for (const s of data) {
      if (s.role !== 'leader') continue;
      const r = this.termSet.get(s.term);
      if (r === undefined || r === 'all' || r === s.id) continue;
      this.fail('LeaderInReplicationSet', `${s.id} leads term ${s.term}, whose replication set is {${r}} (RF 1, granted to ${r}), which does not contain it.`, [s.id, r]);
      return;
    }
  }

  private checkLogMatching(data: PubDataState[]): void {
    if (this.violated.has('LogMatching')) return;
    for (let a = 0; a < data.length; a++)
      for (let b = a + 1; b < data.length; b++) {
        const A = data[a]!.dmlLog;
        const B = data[b]!.dmlLog;
        const m = Math.min(A.length, B.length);
        let first = 0;
        while (first < m && sameEntry(A[first], B[first])) first++;
        for (let j = first; j < m; j++) {
          const x = A[j]!.metadata;
          if (x.term > 0 && x.index > 0 && sameMd(x, B[j]!.metadata)) {
            this.fail(
              'LogMatching',
              `${data[a]!.id} and ${data[b]!.id} both hold entry ${fmtMd(x)} but their logs differ at index ${first + 1}.`,
              [data[a]!.id, data[b]!.id],
              [{ node: data[a]!.id, index: first + 1 }, { node: data[b]!.id, index: first + 1 }],
            );
            return;
          }
        }
      }
  }

  private checkStateMachine(data: PubDataState[]): void {
    if (this.violated.has('StateMachineSafety')) return;
    for (let a = 0; a < data.length; a++)
      for (let b = a + 1; b < data.length; b++) {
        const x = data[a]!;
        const y = data[b]!;
        const upTo = Math.min(x.committedIdx.index, y.committedIdx.index, x.dmlLog.length, y.dmlLog.length);
        for (let i = 0; i < upTo; i++) {
          if (!sameEntry(x.dmlLog[i], y.dmlLog[i])) {
            const ex = x.dmlLog[i]!;
            const ey = y.dmlLog[i]!;
            this.fail(
              'StateMachineSafety',
              `Index ${i + 1} is committed with two different entries: ${fmtMd(ex.metadata)} "${ex.data}" at ${x.id} and ${fmtMd(ey.metadata)} "${ey.data}" at ${y.id}.`,
              [x.id, y.id],
              [{ node: x.id, index: i + 1 }, { node: y.id, index: i + 1 }],
            );
            return;
          }
        }
      }
  }

  /** Ghost: note the first time each index is held as committed (EntryCommitted) and in which term. */
  private recordCommits(data: PubDataState[]): void {
    for (const s of data) {
      const upTo = Math.min(s.committedIdx.index, s.dmlLog.length);
      for (let i = 1; i <= upTo; i++) {
        if (this.committed.has(i)) continue;
        const e = s.dmlLog[i - 1]!;
        if (e.metadata.term > 0) this.committed.set(i, { entry: e, term: s.term, node: s.id });
      }
    }
  }

  private checkCompleteness(data: PubDataState[]): void {
    const leaders = data.filter((s) => s.role === 'leader');
    if (!leaders.length) return;
    // The spec's formula, on the current state: EntryCommitted(md) /\ Role[m] = "leader" /\ Term[m] > md.term => Appears(m, md).
    if (!this.violated.has('LeaderCompleteness')) {
      outer: for (const holder of data) {
        const upTo = Math.min(holder.committedIdx.index, holder.dmlLog.length);
        for (let i = 0; i < upTo; i++) {
          const e = holder.dmlLog[i]!;
          if (e.metadata.term <= 0) continue;
          for (const l of leaders) {
            if (l.term > e.metadata.term && !appears(l.dmlLog, e.metadata)) {
              this.fail(
                'LeaderCompleteness',
                `${l.id} leads term ${l.term} without entry ${fmtMd(e.metadata)}, which ${holder.id} holds as committed (the spec's formula: leader's term ${l.term} > entry's term ${e.metadata.term}).`,
                [l.id, holder.id],
                [{ node: holder.id, index: i + 1 }],
              );
              break outer;
            }
          }
        }
      }
    }
    // Raft's form, on the ghost history: committed in term T => in every leader of a term > T.
    if (!this.violated.has('LeaderCompletenessRaft')) {
      for (const [i, c] of this.committed) {
        for (const l of leaders) {
          if (l.term > c.term && !sameEntry(l.dmlLog[i - 1], c.entry)) {
            this.fail(
              'LeaderCompletenessRaft',
              `${l.id} leads term ${l.term} without entry ${i} ${fmtMd(c.entry.metadata)} "${c.entry.data}", committed in term ${c.term} (seen at ${c.node}).`,
              [l.id, c.node],
              [{ node: c.node, index: i }],
            );
            return;
          }
        }
      }
    }
  }

  /**
   * NotStuckWithoutLeader. A monitor sees node states, not the network, so it waits for the
   * network to empty: the node part of the predicate (every node up, no leader, no spontaneous
   * step: both data nodes are candidates, which never send) must hold for `settle` ms. A
   * candidate sends nothing and the elector only answers, so after two message latencies nothing
   * that was in flight can change the state any more. guards.ts has the exact form with messages.
   */
  private checkStuck(view: SimView<PubState>, states: PubState[]): void {
    if (this.violated.has('NotStuckWithoutLeader')) return;
    let p = true;
    for (let i = 0; i < states.length && p; i++) {
      const s = states[i]!;
      if (!view.isUpAt(i)) p = false;
      else if (s.kind === 'data' && s.role !== 'candidate') p = false;
    }
    if (!p) {
      this.stuckSince = null;
      return;
    }
    if (this.stuckSince === null) {
      this.stuckSince = view.now;
      return;
    }
    if (view.now - this.stuckSince >= this.settle) this.fail('NotStuckWithoutLeader', describeStuck(states), states.filter((s) => s.kind === 'data').map((s) => s.id));
  }
}
