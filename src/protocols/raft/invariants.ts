// The five safety properties of the extended Raft paper (Figure 3), checked after every event by
// an observer outside the servers. The monitors keep the ghost facts they need (the leader of each
// term, each committed entry with the term it was committed in, what was last seen of each log)
// and check incrementally: an event re-checks only the servers it touched, from the first log
// position that changed.

import type { NodeId, SimView } from '../../kernel/types';
import { PropertyMonitors } from '../../contracts/monitors';
import type { RaftConfig } from './config';
import type { Entry } from './messages';
import { idOf, type RaftState, type Role } from './state';

export const PROPERTIES = ['ElectionSafety', 'LeaderAppendOnly', 'LogMatching', 'LeaderCompleteness', 'StateMachineSafety', 'LeaderVotedByMajority'] as const;
export type Property = (typeof PROPERTIES)[number];

export const PROPERTY_TEXT: Record<Property, string> = {
  ElectionSafety: 'At most one server is leader in any term (§5.2).',
  LeaderAppendOnly: 'A leader never overwrites or deletes entries in its log during its term; it only appends (§5.3).',
  LogMatching: 'If two logs hold an entry with the same index and term, the logs are identical in every entry up to that index (§5.3).',
  LeaderCompleteness: 'An entry committed in a term is in the log of the leader of every later term (§5.4).',
  StateMachineSafety: 'No two servers ever apply different entries at the same index (§5.4.3).',
  // Raft's counterpart of Janus's LeaderInReplicationSet: the configuration is fixed, so what a
  // leader must belong to is a majority of it that voted for it in its term.
  LeaderVotedByMajority: 'A leader of term T holds the votes of a majority of the servers for T (§5.2).',
};

interface Committed {
  entry: Entry;
  /** The term of the server that first counted it committed. */
  term: number;
  node: NodeId;
}

interface Seen {
  role: Role;
  term: number;
  /** The log as last checked (the same entry objects). */
  log: Entry[];
  commit: number;
}

/** Two entries are the same entry: the same object, or the same term and command. */
export const sameEntry = (a: Entry | undefined, b: Entry | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && a.term === b.term && a.command === b.command);

const fmt = (e: Entry): string => `${e.index}:t${e.term} "${e.command}"`;

export class RaftMonitors extends PropertyMonitors<Property, RaftState> {
  readonly properties = PROPERTIES;
  private readonly n: number;
  /** term → its leader. */
  private leaders = new Map<number, NodeId>();
  /** index → the committed entry there (index 0 unused). */
  private committed: (Committed | undefined)[] = [];
  private seen: Seen[] = [];
  /** Length of the prefix known identical, per ordered pair of servers (LogMatching). */
  private verified: number[];
  /** Ghost votes: term → the server each server voted for in that term, as seen (votedFor is durable). */
  private votes = new Map<number, (NodeId | null)[]>();

  constructor(config: RaftConfig) {
    super();
    this.n = config.servers;
    for (let i = 0; i < this.n; i++) this.seen.push({ role: 'follower', term: 0, log: [], commit: 0 });
    this.verified = new Array<number>(this.n * this.n).fill(0);
  }

  override clone(): this {
    const m = super.clone();
    m.leaders = new Map(this.leaders);
    m.committed = this.committed.slice();
    m.seen = this.seen.map((s) => ({ ...s, log: s.log.slice() }));
    m.verified = this.verified.slice();
    m.votes = new Map([...this.votes].map(([t, v]) => [t, v.slice()]));
    return m;
  }

  /** Ghost facts, for tests and display: the committed entry at each index. */
  committedEntries(): readonly (Committed | undefined)[] {
    return this.committed;
  }

  protected check(view: SimView<RaftState>, touched: readonly number[]): void {
    for (let k = 0; k < touched.length; k++) this.checkServer(view, view.stateAt(touched[k]!));
  }

  private checkServer(view: SimView<RaftState>, s: RaftState): void {
    const prev = this.seen[s.slot]!;
    const log = s.log;

    // Ghost votes of this term.
    if (s.votedFor !== null) {
      let v = this.votes.get(s.currentTerm);
      if (!v) this.votes.set(s.currentTerm, (v = new Array<NodeId | null>(this.n).fill(null)));
      v[s.slot] = s.votedFor;
    }
    // Election Safety.
    if (s.role === 'leader') {
      const l = this.leaders.get(s.currentTerm);
      if (l === undefined) this.leaders.set(s.currentTerm, s.id);
      else if (l !== s.id) this.fail('ElectionSafety', `Term ${s.currentTerm} has two leaders: ${l} and ${s.id}.`, [l, s.id]);
      // A new leader: a majority voted for it in its term.
      if ((prev.role !== 'leader' || prev.term !== s.currentTerm) && !this.violated.has('LeaderVotedByMajority')) {
        const v = this.votes.get(s.currentTerm) ?? [];
        const voters = v.filter((x) => x === s.id).length;
        if (2 * voters <= this.n)
          this.fail('LeaderVotedByMajority', `${s.id} leads term ${s.currentTerm} with the votes of ${voters} of ${this.n} servers, not a majority.`, [s.id]);
      }
    }

    // The first log position that changed since the last check (an in-place overwrite included).
    const old = prev.log;
    const m = Math.min(log.length, old.length);
    let j = 0;
    // By value: the exhaustive checker may hand over an equal log made on another path (other objects).
    while (j < m && sameEntry(log[j], old[j])) j++;
    if (j < log.length || j < old.length) {
      // Leader Append-Only: during one term, a leader's existing entries never change.
      if (prev.role === 'leader' && s.role === 'leader' && prev.term === s.currentTerm && j < old.length)
        this.fail(
          'LeaderAppendOnly',
          `Leader ${s.id} of term ${s.currentTerm} ${j < log.length ? `overwrote its entry ${j + 1}` : `deleted its entries from ${j + 1} on`} (log length ${old.length} → ${log.length}).`,
          [s.id],
          [{ node: s.id, index: j + 1 }],
        );
      // Log Matching, against every other server.
      for (let o = 0; o < this.n; o++) {
        if (o === s.slot) continue;
        const ab = s.slot * this.n + o;
        if (this.verified[ab]! > j) this.verified[ab] = this.verified[o * this.n + s.slot] = j;
        this.checkLogMatching(view, s.slot, o);
      }
      old.length = j;
      for (let p = j; p < log.length; p++) old.push(log[p]!);
    }

    // State Machine Safety (an entry is applied once committed) and the commits' ghost record.
    if (s.commitIndex < prev.commit) prev.commit = s.commitIndex; // a restart forgets commitIndex
    const upTo = Math.min(s.commitIndex, log.length);
    for (let i = prev.commit + 1; i <= upTo; i++) {
      const entry = log[i - 1]!;
      const c = this.committed[i];
      if (!c) {
        this.committed[i] = { entry, term: s.currentTerm, node: s.id };
        this.onNewCommit(view, i, s.currentTerm, entry, s.id);
      } else if (!sameEntry(c.entry, entry)) {
        this.fail(
          'StateMachineSafety',
          `Index ${i} is applied with two different entries: ${fmt(c.entry)} at ${c.node} and ${fmt(entry)} at ${s.id}.`,
          [c.node, s.id],
          [
            { node: c.node, index: i },
            { node: s.id, index: i },
          ],
        );
      }
    }
    if (upTo > prev.commit) prev.commit = upTo;

    // Leader Completeness, for a server that has just become leader.
    if (s.role === 'leader' && (prev.role !== 'leader' || prev.term !== s.currentTerm)) this.checkLeaderComplete(s);

    prev.role = s.role;
    prev.term = s.currentTerm;
  }

  private checkLogMatching(view: SimView<RaftState>, a: number, b: number): void {
    if (this.violated.has('LogMatching')) return;
    const A = view.stateAt(a).log;
    const B = view.stateAt(b).log;
    const m = Math.min(A.length, B.length);
    const key = a * this.n + b;
    let v = Math.min(this.verified[key]!, m);
    while (v < m && sameEntry(A[v], B[v])) v++;
    this.verified[key] = this.verified[b * this.n + a] = v;
    for (let k = v; k < m; k++) {
      if (A[k]!.term === B[k]!.term) {
        this.fail(
          'LogMatching',
          `${idOf(a)} and ${idOf(b)} both hold an entry of term ${A[k]!.term} at index ${k + 1}, but their logs differ at index ${v + 1} (${fmt(A[v]!)} and ${fmt(B[v]!)}).`,
          [idOf(a), idOf(b)],
          [
            { node: idOf(a), index: v + 1 },
            { node: idOf(b), index: v + 1 },
          ],
        );
        return;
      }
    }
  }

  private checkLeaderComplete(s: RaftState): void {
    if (this.violated.has('LeaderCompleteness')) return;
    for (let i = 1; i < this.committed.length; i++) {
      const c = this.committed[i];
      if (!c || c.term >= s.currentTerm) continue;
      if (!sameEntry(s.log[i - 1], c.entry)) {
        this.fail(
          'LeaderCompleteness',
          `${s.id} leads term ${s.currentTerm} without entry ${fmt(c.entry)}, committed in term ${c.term} (${s.log[i - 1] ? `it holds ${fmt(s.log[i - 1]!)} there` : `its log ends at ${s.log.length}`}).`,
          [s.id, c.node],
          [{ node: c.node, index: i }],
        );
        return;
      }
    }
  }

  private onNewCommit(view: SimView<RaftState>, index: number, term: number, entry: Entry, by: NodeId): void {
    if (this.violated.has('LeaderCompleteness')) return;
    for (let o = 0; o < this.n; o++) {
      const t = view.stateAt(o);
      if (t.role === 'leader' && t.currentTerm > term && !sameEntry(t.log[index - 1], entry))
        this.fail('LeaderCompleteness', `${t.id} leads term ${t.currentTerm} without entry ${fmt(entry)}, committed by ${by} in term ${term}.`, [t.id, by], [{ node: by, index }]);
    }
  }
}
