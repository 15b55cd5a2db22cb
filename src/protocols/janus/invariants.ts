// Safety monitors for Janus: the six properties of the README plus CommittedOnReplicationSet
// (PROTOCOL.md §10, Inv-A). They observe node states from outside after every event and keep
// the ghost facts of §2.3 (who led each term, each term's set, what was committed and when).
// Every check is incremental: an event re-checks only the nodes it touched.

import type { NodeId, SimView } from '../../kernel/types';
import { PropertyMonitors } from '../../contracts/monitors';
import type { JanusConfig } from './config';
import type { Entry, NodeSet } from './messages';
import { formatSet, has, idOf, isBlank, type DataNodeState, type ElectorState, type JanusState } from './state';

export const PROPERTIES = [
  'LeaderSafety',
  'ReplicationFactorSafety',
  'LeaderAppendOnly',
  'LogMatching',
  'LeaderCompleteness',
  'StateMachineSafety',
  'CommittedOnReplicationSet',
  'BlankNeverLeads',
  'LeaderInReplicationSet',
] as const;
export type Property = (typeof PROPERTIES)[number];

export const PROPERTY_TEXT: Record<Property, string> = {
  LeaderSafety: 'At most one leader per term.',
  ReplicationFactorSafety: 'One replication set (so one RF) per term.',
  LeaderAppendOnly: 'A leader only appends to its log; it never overwrites or deletes.',
  LogMatching: 'Two logs with an entry of the same index and term agree on every entry up to it.',
  LeaderCompleteness: 'An entry committed in term T is in the log of every leader of a term later than T.',
  StateMachineSafety: 'No index is ever committed or applied with two different entries.',
  CommittedOnReplicationSet:
    "Every committed entry is on every member of the elector's R that is not blank (and of the R of every term a node holds, for entries committed up to that term).",
  BlankNeverLeads: 'A data node that lost its disk (blank, no marker yet) never leads.',
  LeaderInReplicationSet: 'A leader is a member of the replication set R of its term (§0: the leader is in R).',
};

interface Committed {
  entry: Entry;
  /** The term of the node that first marked it committed. */
  term: number;
  node: NodeId;
  event: number;
}

interface Seen {
  role: string;
  term: number;
  set: NodeSet;
  len: number;
  last: Entry | undefined;
  commit: number;
  blank: boolean;
}

const OWN_LEADERS = 1;
const OWN_SETS = 2;
const OWN_ELECTOR_SETS = 4;
const OWN_COMMITTED = 8;
const OWN_SEEN = 16;
const OWN_VERIFIED = 32;
const OWN_FENCE = 64;
const OWN_ALL = 127;

const same = (a: Entry | undefined, b: Entry | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && a.term === b.term && a.command === b.command);

export class JanusMonitors extends PropertyMonitors<Property, JanusState> {
  readonly properties = PROPERTIES;
  private leaders: Map<number, NodeId>;
  /** (term → R) as held by data nodes. */
  private sets: Map<number, NodeSet>;
  /**
   * (term → R) as recorded by the installed elector of `electorEpoch`. A replacement starts a
   * new record: the old elector's grants that no data node ever took are void (§9).
   */
  private electorSets: Map<number, NodeSet>;
  private electorEpoch: number;
  private committed: Committed[];
  private seen: Seen[];
  /** Verified identical prefix length per pair of data nodes (LogMatching). */
  private verified: number[];
  /** The elector's (installed, term, R) when last checked; null before the first check. */
  private electorSeenInstalled: boolean | null;
  private electorSeenTerm: number;
  private electorSeenSet: number;
  /** Per data node: the term at which its latest rejoin completed (its fence, REJOIN.md §6), 0 if never wiped. */
  private fence: number[];
  private readonly n: number;
  /**
   * Copy-on-write: the structures above (bits OWN_*) and the `seen` records (bit per slot) this
   * object may change in place. A clone owns none and shares all with its original, which then owns
   * none either; the first change to a structure copies it (`mine*`). The exhaustive checker keeps
   * one monitors object per queued state, so a clone that copied everything cost about 1.3 kB a
   * state (docs/checking.md "Speed and the goal bounds").
   */
  private owned: number;
  private seenOwned: number;

  /** `from`: a copy of it (clone), sharing its structures until either changes one. */
  constructor(config: JanusConfig, from?: JanusMonitors) {
    super();
    if (from) {
      this.n = from.n;
      this.leaders = from.leaders;
      this.sets = from.sets;
      this.electorSets = from.electorSets;
      this.electorEpoch = from.electorEpoch;
      this.committed = from.committed;
      this.seen = from.seen;
      this.verified = from.verified;
      this.electorSeenInstalled = from.electorSeenInstalled;
      this.electorSeenTerm = from.electorSeenTerm;
      this.electorSeenSet = from.electorSeenSet;
      this.fence = from.fence;
      // Shared until changed: neither the original nor the copy may change them in place now.
      this.owned = from.owned = 0;
      this.seenOwned = from.seenOwned = 0;
      this.shareViolated(from);
      return;
    }
    this.n = config.dataNodes;
    this.leaders = new Map();
    this.sets = new Map();
    this.electorSets = new Map();
    this.electorEpoch = 0;
    this.committed = [];
    this.electorSeenInstalled = null;
    this.electorSeenTerm = 0;
    this.electorSeenSet = 0;
    this.owned = OWN_ALL;
    this.seenOwned = -1;
    this.seen = [];
    for (let i = 0; i < this.n; i++) this.seen.push({ role: 'follower', term: 0, set: (1 << this.n) - 1, len: 0, last: undefined, commit: 0, blank: false });
    this.verified = new Array(this.n * this.n).fill(0);
    this.fence = new Array<number>(this.n).fill(0);
    this.sets.set(0, (1 << this.n) - 1);
    this.electorSets.set(0, (1 << this.n) - 1);
  }

  override clone(): this {
    return new JanusMonitors(null as unknown as JanusConfig, this) as this;
  }

  private mineLeaders(): Map<number, NodeId> {
    if (!(this.owned & OWN_LEADERS)) {
      this.leaders = new Map(this.leaders);
      this.owned |= OWN_LEADERS;
    }
    return this.leaders;
  }

  private mineSets(fromElector: boolean): Map<number, NodeSet> {
    const bit = fromElector ? OWN_ELECTOR_SETS : OWN_SETS;
    if (!(this.owned & bit)) {
      if (fromElector) this.electorSets = new Map(this.electorSets);
      else this.sets = new Map(this.sets);
      this.owned |= bit;
    }
    return fromElector ? this.electorSets : this.sets;
  }

  private mineCommitted(): Committed[] {
    if (!(this.owned & OWN_COMMITTED)) {
      this.committed = this.committed.slice();
      this.owned |= OWN_COMMITTED;
    }
    return this.committed;
  }

  private mineVerified(): number[] {
    if (!(this.owned & OWN_VERIFIED)) {
      this.verified = this.verified.slice();
      this.owned |= OWN_VERIFIED;
    }
    return this.verified;
  }

  private mineFence(): number[] {
    if (!(this.owned & OWN_FENCE)) {
      this.fence = this.fence.slice();
      this.owned |= OWN_FENCE;
    }
    return this.fence;
  }

  /** The `seen` record of a slot, this object's own (copied first if shared). */
  private mineSeen(slot: number): Seen {
    if (!(this.owned & OWN_SEEN)) {
      this.seen = this.seen.slice();
      this.owned |= OWN_SEEN;
    }
    if (!(this.seenOwned & (1 << slot))) {
      this.seen[slot] = { ...this.seen[slot]! };
      this.seenOwned |= 1 << slot;
    }
    return this.seen[slot]!;
  }

  /** Ghost facts, for display: committed entries and the term they were committed in. */
  committedEntries(): readonly Committed[] {
    return this.committed;
  }

  protected check(view: SimView<JanusState>, touched: readonly number[]): void {
    for (let k = 0; k < touched.length; k++) {
      const i = touched[k]!;
      const s = view.stateAt(i);
      if (s.kind === 'elector') this.checkElector(view, s);
      else this.checkDataNode(view, s);
    }
  }

  private data(view: SimView<JanusState>, slot: number): DataNodeState {
    return view.stateAt(slot) as DataNodeState;
  }

  private electorState(view: SimView<JanusState>): ElectorState {
    return view.stateAt(this.n) as ElectorState;
  }

  private checkSet(term: number, set: NodeSet, who: NodeId, fromElector: boolean): void {
    const held = this.sets.get(term);
    const granted = this.electorSets.get(term);
    const known = held ?? granted;
    if (held !== undefined && held !== set)
      this.fail('ReplicationFactorSafety', `Term ${term} has two replication sets: ${formatSet(held)} and ${formatSet(set)} (at ${who}).`, [who]);
    else if (granted !== undefined && granted !== set)
      this.fail('ReplicationFactorSafety', `Term ${term} has two replication sets: ${formatSet(granted)} granted by E and ${formatSet(set)} (at ${who}).`, [who]);
    if ((known === undefined || known === set) && (fromElector ? granted : held) !== set) this.mineSets(fromElector).set(term, set);
  }

  private checkElector(view: SimView<JanusState>, e: ElectorState): void {
    // The zombie of a replacement is left out: after the switch no data node accepts its grants,
    // and a node that accepts one before the switch holds that (term, R) and is checked itself.
    if (e.installed && e.electorEpoch !== this.electorEpoch) {
      this.electorEpoch = e.electorEpoch;
      this.electorSets = new Map();
      this.owned |= OWN_ELECTOR_SETS;
    }
    if (e.installed) this.checkSet(e.currentTerm, e.replicationSet, e.id, true);
    if (e.installed !== this.electorSeenInstalled || e.currentTerm !== this.electorSeenTerm || e.replicationSet !== this.electorSeenSet) {
      this.electorSeenInstalled = e.installed;
      this.electorSeenTerm = e.currentTerm;
      this.electorSeenSet = e.replicationSet;
      if (e.installed) for (let m = 0; m < this.n; m++) if (has(e.replicationSet, m)) this.checkMemberHas(view, m, Infinity, `the elector's R = ${formatSet(e.replicationSet)}`);
    }
  }

  /** Inv-A' for one member: unless it is blank (REJOIN.md §6), it holds every entry committed in a term ≤ upTo. */
  private checkMemberHas(view: SimView<JanusState>, slot: number, upTo: number, why: string): void {
    if (this.violated.has('CommittedOnReplicationSet')) return;
    const member = this.data(view, slot);
    // A rejoined node is a new node from its fence on (REJOIN.md §6): the R of an older term named its earlier life.
    if (isBlank(member) || upTo < this.fence[slot]!) return;
    const log = member.log;
    for (let i = 1; i < this.committed.length; i++) {
      const c = this.committed[i];
      if (!c || c.term > upTo) continue;
      if (!same(log[i - 1], c.entry)) {
        this.fail(
          'CommittedOnReplicationSet',
          `${idOf(slot)} is in ${why} but lacks committed entry ${i} (term ${c.entry.term}, "${c.entry.command}", committed in term ${c.term}).`,
          [idOf(slot), c.node],
          [{ node: idOf(slot), index: i }, { node: c.node, index: i }],
        );
        return;
      }
    }
  }

  private checkDataNode(view: SimView<JanusState>, s: DataNodeState): void {
    const slot = s.slot;
    const prev = this.mineSeen(slot);
    const log = s.log;
    const last = log[log.length - 1];

    // BlankNeverLeads (REJOIN.md §4.1 rule 1).
    const blank = isBlank(s);
    if (blank && s.role === 'leader') this.fail('BlankNeverLeads', `${s.id} leads term ${s.currentTerm} although it is blank: its disk was lost and the elector has not evicted it.`, [s.id]);

    // 1. Leader safety.
    if (s.role === 'leader') {
      const l = this.leaders.get(s.currentTerm);
      if (l === undefined) this.mineLeaders().set(s.currentTerm, s.id);
      else if (l !== s.id) this.fail('LeaderSafety', `Term ${s.currentTerm} has two leaders: ${l} and ${s.id}.`, [l, s.id]);
      // The leader is in R (§0), the R it holds for its term (one R per term: ReplicationFactorSafety).
      if (!has(s.replicationSet, slot) && !this.violated.has('LeaderInReplicationSet'))
        this.fail('LeaderInReplicationSet', `${s.id} leads term ${s.currentTerm} with R = ${formatSet(s.replicationSet)}, which does not contain it.`, [s.id]);
    }
    // 2. Replication-factor safety.
    const termChanged = s.currentTerm !== prev.term || s.replicationSet !== prev.set;
    if (termChanged) this.checkSet(s.currentTerm, s.replicationSet, s.id, false);

    // 3. Leader append-only.
    // Entries are compared by value (term and command), not as objects: the exhaustive checker
    // hands the monitors equal records made on other paths (interned), whose entries are equal
    // values but other objects.
    const logChanged = log.length !== prev.len || !same(last, prev.last);
    const truncated = log.length < prev.len || (prev.len > 0 && !same(log[prev.len - 1], prev.last));
    if (prev.role === 'leader' && s.role === 'leader' && prev.term === s.currentTerm && truncated)
      this.fail('LeaderAppendOnly', `Leader ${s.id} of term ${s.currentTerm} removed or overwrote entries of its log (length ${prev.len} → ${log.length}).`, [s.id], [{ node: s.id, index: Math.min(prev.len, log.length + 1) }]);

    // 4. Log matching, against every other data node.
    if (logChanged) {
      if (truncated) for (let o = 0; o < this.n; o++) this.resetVerified(slot, o, log.length);
      for (let o = 0; o < this.n; o++) if (o !== slot) this.checkLogMatching(view, slot, o);
      if (truncated) this.checkTruncation(view, s);
    }

    // 5 + 6. New commits: state machine safety, leader completeness, Inv-A.
    if (s.commitIndex < prev.commit) prev.commit = s.commitIndex; // a restart forgets the commit index
    for (let i = prev.commit + 1; i <= s.commitIndex && i <= log.length; i++) {
      const entry = log[i - 1]!;
      const c = this.committed[i];
      if (!c) {
        this.mineCommitted()[i] = { entry, term: s.currentTerm, node: s.id, event: this.event };
        this.onNewCommit(view, i, s.currentTerm, entry, s.id);
      } else if (!same(c.entry, entry)) {
        this.fail(
          'StateMachineSafety',
          `Index ${i} is committed with two different entries: (term ${c.entry.term}, "${c.entry.command}") at ${c.node} and (term ${entry.term}, "${entry.command}") at ${s.id}.`,
          [c.node, s.id],
          [{ node: c.node, index: i }, { node: s.id, index: i }],
        );
      }
    }

    // 5. Leader completeness when a node becomes leader.
    if (s.role === 'leader' && (prev.role !== 'leader' || prev.term !== s.currentTerm)) this.checkLeaderComplete(s);

    // Inv-A' for a node that leaves blank (REJOIN.md §6): if it is in an R now, it must hold everything.
    if (prev.blank && !blank) {
      this.mineFence()[slot] = s.currentTerm;
      this.checkTruncation(view, s);
    }
    prev.blank = blank;

    // Inv-A for the set of a newly held term.
    if (termChanged) for (let m = 0; m < this.n; m++) if (has(s.replicationSet, m)) this.checkMemberHas(view, m, s.currentTerm, `R = ${formatSet(s.replicationSet)} of term ${s.currentTerm} (held by ${s.id})`);

    prev.role = s.role;
    prev.term = s.currentTerm;
    prev.set = s.replicationSet;
    prev.len = log.length;
    prev.last = last;
    prev.commit = Math.max(prev.commit, Math.min(s.commitIndex, log.length));
  }

  private resetVerified(a: number, b: number, upTo: number): void {
    const ab = a * this.n + b;
    const ba = b * this.n + a;
    if (this.verified[ab]! <= upTo && this.verified[ba]! <= upTo) return;
    const verified = this.mineVerified();
    verified[ab] = Math.min(verified[ab]!, upTo);
    verified[ba] = Math.min(verified[ba]!, upTo);
  }

  private checkLogMatching(view: SimView<JanusState>, a: number, b: number): void {
    if (this.violated.has('LogMatching')) return;
    const A = this.data(view, a).log;
    const B = this.data(view, b).log;
    const m = Math.min(A.length, B.length);
    const key = a * this.n + b;
    let v = Math.min(this.verified[key]!, m);
    while (v < m && same(A[v], B[v])) v++;
    if (this.verified[key] !== v || this.verified[b * this.n + a] !== v) {
      const verified = this.mineVerified();
      verified[key] = v;
      verified[b * this.n + a] = v;
    }
    for (let j = v; j < m; j++) {
      if (A[j]!.term === B[j]!.term) {
        this.fail(
          'LogMatching',
          `${idOf(a)} and ${idOf(b)} both have an entry of term ${A[j]!.term} at index ${j + 1}, but their logs differ at index ${v + 1}.`,
          [idOf(a), idOf(b)],
          [{ node: idOf(a), index: v + 1 }, { node: idOf(b), index: v + 1 }],
        );
        return;
      }
    }
  }

  /** A log lost entries: committed ones must not be among them. */
  private checkTruncation(view: SimView<JanusState>, s: DataNodeState): void {
    const e = this.electorState(view);
    if (e.installed && has(e.replicationSet, s.slot)) this.checkMemberHas(view, s.slot, Infinity, `the elector's R = ${formatSet(e.replicationSet)}`);
    for (let o = 0; o < this.n; o++) {
      const t = this.data(view, o);
      if (has(t.replicationSet, s.slot)) this.checkMemberHas(view, s.slot, t.currentTerm, `R = ${formatSet(t.replicationSet)} of term ${t.currentTerm} (held by ${t.id})`);
    }
  }

  private checkLeaderComplete(s: DataNodeState): void {
    if (this.violated.has('LeaderCompleteness')) return;
    for (let i = 1; i < this.committed.length; i++) {
      const c = this.committed[i];
      if (!c || c.term >= s.currentTerm) continue;
      if (!same(s.log[i - 1], c.entry)) {
        this.fail(
          'LeaderCompleteness',
          `${s.id} leads term ${s.currentTerm} without entry ${i} (term ${c.entry.term}, "${c.entry.command}"), committed in term ${c.term}.`,
          [s.id, c.node],
          [{ node: c.node, index: i }],
        );
        return;
      }
    }
  }

  private onNewCommit(view: SimView<JanusState>, index: number, term: number, entry: Entry, by: NodeId): void {
    // Leader completeness: every current leader of a later term has it.
    for (let o = 0; o < this.n; o++) {
      const t = this.data(view, o);
      if (t.role === 'leader' && t.currentTerm > term && !same(t.log[index - 1], entry))
        this.fail('LeaderCompleteness', `${t.id} leads term ${t.currentTerm} without entry ${index}, committed by ${by} in term ${term}.`, [t.id, by], [{ node: by, index }]);
    }
    if (this.violated.has('CommittedOnReplicationSet')) return;
    const e = this.electorState(view);
    if (e.installed) this.checkCommittedOn(view, e.replicationSet, null, index, term, entry, by);
    for (let o = 0; o < this.n; o++) {
      const t = this.data(view, o);
      if (t.currentTerm >= term) this.checkCommittedOn(view, t.replicationSet, t, index, term, entry, by);
    }
  }

  /**
   * Inv-A for a new commit: every member of `set` (the elector's R when `holder` is null, else
   * the R `holder` holds) has the entry. Runs on every commit, so the text is built only on failure.
   */
  private checkCommittedOn(view: SimView<JanusState>, set: NodeSet, holder: DataNodeState | null, index: number, term: number, entry: Entry, by: NodeId): void {
    for (let m = 0; m < this.n; m++) {
      const member = this.data(view, m);
      if (has(set, m) && !isBlank(member) && !(holder && holder.currentTerm < this.fence[m]!) && !same(member.log[index - 1], entry)) {
        const why = holder ? `R = ${formatSet(set)} of term ${holder.currentTerm} (held by ${holder.id})` : `the elector's R = ${formatSet(set)}`;
        this.fail(
          'CommittedOnReplicationSet',
          `Entry ${index} (term ${entry.term}, "${entry.command}") was committed by ${by} in term ${term}, but ${idOf(m)}, a member of ${why}, lacks it.`,
          [by, idOf(m)],
          [{ node: by, index }, { node: idOf(m), index }],
        );
        return;
      }
    }
  }
}
