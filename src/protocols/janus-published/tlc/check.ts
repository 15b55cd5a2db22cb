// A step checker for exported runs, written from the spec's text (Janus.tla, version B) over the
// spec's own variables in JSON form, independently of the handlers: `explainStep(s, t)` names a
// spec action (or an allowed environment step) that takes state s to state t, or returns null.
// It lets anyone check an export without TLA+ tools, and lets the tests check the handlers
// against a second transcription of the spec.

import { canonical, type TlcRecord, type TlcValue } from './value';

type Md = { term: number; index: number };
type Rec = Record<string, TlcValue>;
type State = Record<string, TlcValue>;

const DATA = ['d1', 'd2'] as const;
const E = 'e1';
const other = (n: string) => (n === 'd1' ? 'd2' : 'd1');

const md = (v: TlcValue | undefined): Md => v as unknown as Md;
const ge = (a: Md, b: Md) => a.term > b.term || (a.term === b.term && a.index >= b.index); // LeMdGreater / LeMdGreaterOrEq
const gt = (a: Md, b: Md) => a.term > b.term || (a.term === b.term && a.index > b.index);
const mdMax = (a: Md, b: Md) => (ge(a, b) ? a : b);
const mdMin = (a: Md, b: Md) => (ge(a, b) ? b : a);
const MD0: Md = { term: 0, index: 0 };

function clone(s: State): State {
  return JSON.parse(JSON.stringify(s)) as State;
}
const fn = (s: State, v: string) => s[v] as Rec;
const num = (s: State, v: string, n: string) => fn(s, v)[n] as number;
const set = (s: State, v: string, n: string, x: TlcValue) => {
  fn(s, v)[n] = x as TlcValue;
};
const msgs = (s: State) => s.Messages as Rec[];
const log = (s: State, n: string) => fn(s, 'DmlLog')[n] as Rec[];

function without(s: State, i: number): State {
  const t = clone(s);
  (t.Messages as Rec[]).splice(i, 1);
  return t;
}
function send(t: State, m: Rec): void {
  (t.Messages as Rec[]).push(m);
}

/** Every successor of s by one spec action, named. `data` values are the ones allowed for new entries. */
function successors(s: State, dataValues: TlcValue[]): [string, State][] {
  const out: [string, State][] = [];
  const term = (n: string) => num(s, 'Term', n);
  const role = (n: string) => fn(s, 'Role')[n] as string;
  const rf = (n: string) => num(s, 'ReplicationFactor', n);
  const ci = (n: string) => md(fn(s, 'CommittedIdx')[n]);
  const li = (n: string) => md(fn(s, 'LoggedIdx')[n]);
  const cl = (n: string) => fn(s, 'CurrentLeader')[n]!;

  // ---- spontaneous actions
  for (const n of DATA) {
    if (role(n) === 'follower' && term(n) === 0) {
      const t = clone(s);
      set(t, 'Role', n, 'candidate');
      send(t, { source: n, destination: other(n), rpc_type: 'InitWorkload', logged_index: li(n), term: term(n), RF: rf(n) });
      out.push([`FollowerSendInitWorkload(${n})`, t]);
    }
    if (role(n) === 'follower' && term(n) > 0) {
      const t = clone(s);
      set(t, 'Role', n, 'candidate');
      send(t, { source: n, destination: E, rpc_type: 'SwitchToRF1Leader', logged_idx: li(n), committed_idx: ci(n), term: term(n), RF: rf(n) });
      out.push([`FollowerSendSwitchToRF1Leader(${n})`, t]);
    }
    if (role(n) === 'leader' && rf(n) === 2) {
      const t = clone(s);
      send(t, { source: n, destination: E, rpc_type: 'SwitchToRF1', committed_idx: ci(n), term: term(n), RF: rf(n) });
      out.push([`LeaderSendSwitchToRF1(${n})`, t]);
    }
    for (const d of dataValues) {
      const newMd = { term: term(n), index: li(n).index + 1 };
      const entry = { metadata: newMd, data: d };
      if (role(n) === 'leader' && rf(n) === 1 && term(n) > 0) {
        const t = clone(s);
        log(t, n).push(entry);
        set(t, 'LoggedIdx', n, newMd);
        send(t, { source: n, destination: E, rpc_type: 'AppendEntries RF1', committed_idx: ci(n), term: term(n), RF: rf(n), logentry_md: newMd });
        out.push([`LeaderSendAE_RF1(${n})`, t]);
      }
      if (role(n) === 'leader' && rf(n) === 2 && term(n) > 0) {
        const t = clone(s);
        log(t, n).push(entry);
        set(t, 'LoggedIdx', n, newMd);
        const m = { source: n, rpc_type: 'AppendEntries RF2', committed_idx: ci(n), term: term(n), RF: rf(n), logentry: entry };
        send(t, { ...m, destination: other(n) });
        send(t, { ...m, destination: E });
        out.push([`LeaderSendAE_RF2(${n})`, t]);
      }
      if (role(n) === 'leader' && rf(n) === 1) {
        const t = clone(s);
        log(t, n).push(entry);
        set(t, 'LoggedIdx', n, newMd);
        send(t, { source: n, destination: other(n), rpc_type: 'SwitchToRF2 P1', logged_idx: newMd, committed_idx: ci(n), term: term(n), RF: rf(n), dml_log: log(t, n).slice() });
        out.push([`LeaderSendSwitchToRF2_P1(${n})`, t]);
      }
    }
  }

  // ---- receive actions: any enabled message may be consumed (the kernel's superset of CHOOSE)
  msgs(s).forEach((m, i) => {
    const f = m.destination as string;
    const src = m.source as string;
    const mt = m.term as number;
    const type = m.rpc_type as string;
    const r = (name: string, t: State) => out.push([`${name}(${f})`, t]);
    /** A candidate refused (both _NACK actions of a candidate): at a higher term it adopts the term and RF, leader unknown; a follower again either way. */
    const candidateRefused = (name: string) => {
      if (m.ok === false && mt >= term(f)) {
        const t = without(s, i);
        if (mt > term(f)) {
          set(t, 'Term', f, mt);
          set(t, 'ReplicationFactor', f, m.RF!);
          set(t, 'CurrentLeader', f, 'unknown');
        }
        set(t, 'Role', f, 'follower');
        r(name, t);
      }
    };
    if (f === E) {
      if (type === 'AppendEntries RF1' && mt >= term(E)) {
        const t = without(s, i);
        const higher = mt > term(E);
        const newCI = ge(md(m.committed_idx), ci(E)) ? md(m.committed_idx) : ci(E);
        if (higher) {
          set(t, 'Term', E, mt);
          set(t, 'ReplicationFactor', E, m.RF!);
          set(t, 'CurrentLeader', E, src);
        }
        set(t, 'CommittedIdx', E, newCI);
        send(t, { source: E, destination: src, rpc_type: 'AppendEntries RF1 Resp', logged_idx: m.logentry_md!, committed_idx: newCI, term: higher ? mt : term(E), RF: higher ? m.RF! : rf(E), ok: ge(md(m.committed_idx), ci(E)) });
        r('ElectorAckAE_RF1', t);
      }
      if (type === 'AppendEntries RF2' && mt >= term(E)) {
        const t = without(s, i);
        if (mt > term(E)) {
          set(t, 'Term', E, mt);
          set(t, 'ReplicationFactor', E, m.RF!);
          set(t, 'CurrentLeader', E, src);
        }
        if (ge(md(m.committed_idx), ci(E))) set(t, 'CommittedIdx', E, m.committed_idx!);
        r('ElectorProcessAE_RF2', t);
      }
      if (type === 'SwitchToRF1' && term(E) > 0 && mt >= term(E)) {
        const t = without(s, i);
        set(t, 'Term', E, mt + 1);
        set(t, 'ReplicationFactor', E, 1);
        set(t, 'CurrentLeader', E, src);
        if (gt(md(m.committed_idx), ci(E))) set(t, 'CommittedIdx', E, m.committed_idx!);
        send(t, { source: E, destination: src, rpc_type: 'SwitchToRF1 Resp', committed_idx: m.committed_idx!, term: mt + 1, RF: 1, ok: ge(md(m.committed_idx), ci(E)) });
        r('ElectorAckSwitchToRF1', t);
      }
      if (type === 'SwitchToRF1Leader' && term(E) > 0 && rf(E) === 2 && mt >= term(E)) {
        for (const ok of [true, false]) {
          const t = without(s, i);
          const higher = mt > term(E);
          const ciGE = ge(md(m.committed_idx), ci(E));
          const newCIE = ciGE ? md(m.committed_idx) : ci(E);
          const yes = ciGE && ok;
          const newTerm = higher ? (yes ? mt + 1 : mt) : yes ? term(E) + 1 : term(E);
          const newRF = yes ? 1 : higher ? (m.RF as number) : rf(E);
          const newLeader = yes ? src : higher ? 'unknown' : cl(E);
          set(t, 'Term', E, newTerm);
          set(t, 'ReplicationFactor', E, newRF);
          set(t, 'CurrentLeader', E, newLeader);
          set(t, 'CommittedIdx', E, newCIE);
          send(t, { source: E, destination: src, rpc_type: 'SwitchToRF1Leader Resp', committed_idx: newCIE, term: newTerm, RF: newRF, ok: yes });
          r('ElectorAckSwitchToRF1Leader', t);
        }
      }
      if (type === 'SwitchToRF2 P2' && mt > term(E)) {
        const t = without(s, i);
        set(t, 'Term', E, mt);
        set(t, 'ReplicationFactor', E, m.RF!);
        set(t, 'CurrentLeader', E, src);
        if (gt(md(m.committed_idx), ci(E))) set(t, 'CommittedIdx', E, m.committed_idx!);
        r('ElectorAckSwitchToRF2_P2', t);
      }
      return;
    }
    if (type === 'InitWorkload' && mt >= term(f)) {
      const t = without(s, i);
      const ml = md(m.logged_index);
      const tie = ml.term === li(f).term && ml.index === li(f).index;
      const ok = tie ? src === 'd2' && f === 'd1' : ml.term > li(f).term || ml.index > li(f).index;
      const newTerm = ok ? mt + 1 : term(f);
      set(t, 'Term', f, newTerm);
      if (ok) set(t, 'CurrentLeader', f, src);
      send(t, { source: f, destination: src, rpc_type: 'InitWorkload Resp', logged_index: ml as unknown as TlcValue, term: newTerm, RF: m.RF!, ok });
      r('FollowerAckInitWorkload', t);
    }
    if (type === 'InitWorkload Resp' && role(f) === 'candidate' && src === other(f)) {
      if (m.ok === true && mt > term(f)) {
        const t = without(s, i);
        set(t, 'Term', f, mt);
        set(t, 'ReplicationFactor', f, m.RF!);
        set(t, 'Role', f, 'leader');
        set(t, 'CurrentLeader', f, f);
        r('CandidateProcessAckInitWorkload_OK', t);
      }
      candidateRefused('CandidateProcessAckInitWorkload_NACK');
    }
    if ((type === 'AppendEntries RF1 Resp' || type === 'AppendEntries RF2 Resp') && term(f) > 0 && mt >= term(f)) {
      const t = without(s, i);
      const higher = mt > term(f);
      if (higher) {
        set(t, 'Term', f, mt);
        set(t, 'ReplicationFactor', f, m.RF!);
      }
      if (type === 'AppendEntries RF1 Resp' && m.ok === true) {
        const demote = higher && ge(md(m.committed_idx), ci(f));
        if (demote) {
          set(t, 'Role', f, 'follower');
          set(t, 'CurrentLeader', f, 'none');
        } else set(t, 'CommittedIdx', f, mdMin(mdMax(md(m.logged_idx), ci(f)), li(f)) as unknown as TlcValue);
        r('LeaderProcessAckAE_RF1_OK', t);
      } else if (type === 'AppendEntries RF2 Resp' && m.ok === true) {
        if (higher) {
          set(t, 'Role', f, 'follower');
          set(t, 'CurrentLeader', f, 'unknown');
        } else {
          const l = md(m.logged_idx);
          set(t, 'CommittedIdx', f, (ge(ci(f), l) ? ci(f) : ge(l, li(f)) ? li(f) : l) as unknown as TlcValue);
        }
        r('LeaderProcessAckAE_RF2_OK', t);
      } else {
        if (higher) {
          set(t, 'Role', f, 'follower');
          set(t, 'CurrentLeader', f, 'unknown');
        }
        r(type === 'AppendEntries RF1 Resp' ? 'LeaderProcessAckAE_RF1_NACK' : 'LeaderProcessAckAE_RF2_NACK', t);
      }
    }
    if (type === 'AppendEntries RF2' && mt >= term(f)) {
      const t = without(s, i);
      const higher = mt > term(f);
      if (higher) {
        set(t, 'Term', f, mt);
        set(t, 'ReplicationFactor', f, m.RF!);
        set(t, 'Role', f, 'follower');
      }
      set(t, 'CurrentLeader', f, src);
      const e = m.logentry as Rec;
      const emd = md(e.metadata);
      const nt = higher ? mt : term(f);
      const nrf = higher ? (m.RF as number) : rf(f);
      if (emd.index === li(f).index + 1) {
        log(t, f).push(e);
        set(t, 'LoggedIdx', f, e.metadata!);
        set(t, 'CommittedIdx', f, m.committed_idx!);
        send(t, { source: f, destination: src, rpc_type: 'AppendEntries RF2 Resp', logged_idx: e.metadata!, committed_idx: m.committed_idx!, term: nt, RF: nrf, ok: true });
      } else send(t, { source: f, destination: src, rpc_type: 'AppendEntries RF2 Resp', logged_idx: li(f) as unknown as TlcValue, committed_idx: m.committed_idx!, term: nt, RF: nrf, ok: false });
      r('FollowerAckAE_RF2', t);
    }
    if (type === 'SwitchToRF1 Resp') {
      if (m.ok === true && mt > term(f)) {
        const t = without(s, i);
        const ahead = gt(md(m.committed_idx), ci(f));
        set(t, 'Term', f, mt);
        set(t, 'ReplicationFactor', f, m.RF!);
        if (ahead) {
          set(t, 'Role', f, 'follower');
          set(t, 'CurrentLeader', f, 'none');
        }
        r('LeaderProcessSwitchToRF1_OK', t);
      }
      if (m.ok === false && mt >= term(f)) {
        const t = without(s, i);
        if (mt > term(f)) {
          set(t, 'Term', f, mt);
          set(t, 'ReplicationFactor', f, m.RF!);
          set(t, 'Role', f, 'follower');
          set(t, 'CurrentLeader', f, 'unknown');
        }
        r('LeaderProcessSwitchToRF1_NACK', t);
      }
    }
    if (type === 'SwitchToRF1Leader Resp' && role(f) === 'candidate') {
      if (m.ok === true && term(f) > 0 && mt > term(f)) {
        const t = without(s, i);
        const promote = !gt(md(m.committed_idx), ci(f));
        set(t, 'Term', f, mt);
        set(t, 'ReplicationFactor', f, m.RF!);
        set(t, 'Role', f, promote ? 'leader' : 'follower');
        set(t, 'CurrentLeader', f, promote ? f : 'none');
        r('CandidateProcessSwitchToRF1Leader_OK', t);
      }
      candidateRefused('CandidateProcessSwitchToRF1Leader_NACK');
    }
    if (type === 'SwitchToRF2 P1' && mt >= term(f)) {
      const t = without(s, i);
      set(t, 'Term', f, mt + 1);
      set(t, 'ReplicationFactor', f, 2);
      fn(t, 'DmlLog')[f] = m.dml_log!;
      set(t, 'Role', f, 'follower');
      set(t, 'LoggedIdx', f, m.logged_idx!);
      set(t, 'CommittedIdx', f, mdMax(md(m.committed_idx), ci(f)) as unknown as TlcValue);
      set(t, 'CurrentLeader', f, src);
      send(t, { source: f, destination: src, rpc_type: 'SwitchToRF2 P1 Resp', logged_idx: m.logged_idx!, committed_idx: m.committed_idx!, term: mt + 1, RF: 2 });
      r('FollowerAckSwitchToRF2_P1', t);
    }
    if (type === 'SwitchToRF2 P1 Resp' && role(f) === 'leader' && rf(f) === 1 && term(f) > 0 && src === other(f) && mt > term(f)) {
      const t = without(s, i);
      const newCi = mdMin(mdMax(md(m.logged_idx), ci(f)), li(f));
      set(t, 'Term', f, mt);
      set(t, 'ReplicationFactor', f, m.RF!);
      set(t, 'Role', f, 'leader');
      set(t, 'CurrentLeader', f, f);
      set(t, 'CommittedIdx', f, newCi as unknown as TlcValue);
      t.NumFailures = 0;
      send(t, { source: f, destination: E, rpc_type: 'SwitchToRF2 P2', committed_idx: newCi as unknown as TlcValue, term: mt, RF: m.RF! });
      r('LeaderProcessAckSwitchToRF2_P1', t);
    }
  });

  // ---- environment: DropMsg, DupMsg, and the failures (HardReset, MCRestart; the kernel's crash
  // also drops every message addressed to the node).
  msgs(s).forEach((_m, i) => {
    out.push(['DropMsg', without(s, i)]);
    const t = clone(s);
    send(t, clone({ m: msgs(s)[i]! } as State).m as Rec);
    out.push(['DupMsg', t]);
  });
  for (const n of [...DATA, E]) {
    const wiped = clone(s);
    if (n === E) {
      set(wiped, 'Term', E, 0);
      set(wiped, 'ReplicationFactor', E, 2);
      set(wiped, 'CurrentLeader', E, 'unknown');
      set(wiped, 'CommittedIdx', E, MD0 as unknown as TlcValue);
    } else {
      set(wiped, 'LoggedIdx', n, MD0 as unknown as TlcValue);
      set(wiped, 'CommittedIdx', n, MD0 as unknown as TlcValue);
      fn(wiped, 'DmlLog')[n] = [];
      set(wiped, 'Term', n, 0);
      set(wiped, 'Role', n, 'follower');
      set(wiped, 'CurrentLeader', n, other(n));
      set(wiped, 'ReplicationFactor', n, 2);
    }
    wiped.NumFailures = 1;
    const restarted = clone(s);
    if (n !== E) set(restarted, 'Role', n, 'follower');
    restarted.NumFailures = 1;
    const dropTo = (x: State) => {
      const y = clone(x);
      y.Messages = msgs(y).filter((m) => m.destination !== n);
      return y;
    };
    out.push([`HardReset(${n})`, wiped], [`HardResetWipeMsgs(${n})`, dropTo(wiped)], [`MCRestart(${n})`, restarted], [`crash(${n})`, dropTo(restarted)]);
  }
  return out;
}

const KEYS = ['LoggedIdx', 'CommittedIdx', 'Term', 'Role', 'ReplicationFactor', 'CurrentLeader', 'DmlLog', 'NumFailures', 'Messages'];
const key = (s: State) => canonical(Object.fromEntries(KEYS.filter((k) => k in s).map((k) => [k, s[k]!])) as TlcRecord);

/**
 * The name of a spec action (or environment step) that takes `s` to `t`, or null if none does.
 * Data values of new entries are taken from `t`.
 */
export function explainStep(s: State, t: State): string | null {
  const data: TlcValue[] = [];
  for (const n of DATA) {
    const l = (t.DmlLog as Rec)[n] as Rec[] | undefined;
    const last = l?.[l.length - 1];
    if (last && !data.some((d) => canonical(d) === canonical(last.data!))) data.push(last.data!);
  }
  const want = key(t);
  for (const [name, u] of successors(s, data)) if (key(u) === want) return name;
  return null;
}

/** Check a whole exported run: returns the index of the first state no step explains, or null. */
export function checkSpecTrace(states: State[]): { at: number; from: State; to: State } | null {
  for (let i = 1; i < states.length; i++) if (explainStep(states[i - 1]!, states[i]!) === null) return { at: i, from: states[i - 1]!, to: states[i]! };
  return null;
}
