// The role script of a comparison: a client workload (writes at fixed virtual times) and faults
// named by ROLE (the leader, a follower, the elector), so that the same script reads the same for
// two protocols whose nodes have different names. Each side resolves a role at the fault's moment
// from its own plug-in's view (`NodeView.leader`, `NodeView.kind`), never from a node's name.
// Pure data and validation: no engine here (run.ts runs a script).

export type Role = 'leader' | 'follower' | 'elector';

/** One fault of the script. */
export type RoleFault =
  /** Crash the node holding the role (a follower: the first up data node that does not lead, in node order). */
  | { t: number; do: 'crash'; role: Role }
  /** Restart every node this script crashed that is still down. */
  | { t: number; do: 'restart' }
  /** Cut the leader off from one follower, both ways (the first up follower, in node order). */
  | { t: number; do: 'cut-follower' }
  /** Partition the leader away from every other node, both ways. */
  | { t: number; do: 'isolate-leader' }
  /** Heal every link. */
  | { t: number; do: 'heal' };

export interface RoleScript {
  id: string;
  title: string;
  /** Client writes, ms of virtual time (each goes to the side's leader at that moment). */
  writes: number[];
  faults: RoleFault[];
  /** Where the run ends, ms. */
  end: number;
  /** A moment to read the highest commit point at (the failure-pattern runs). */
  probeAt?: number;
}

export const ROLES: readonly Role[] = ['leader', 'follower', 'elector'];
export const FAULT_KINDS = ['crash', 'restart', 'cut-follower', 'isolate-leader', 'heal'] as const;

/** Limits a script from a file or a link must respect (the page's and the CLI's). */
export const SCRIPT_LIMITS = { maxWrites: 2000, maxFaults: 100, maxEnd: 600_000, maxTitle: 120, maxId: 40 } as const;

/** Writes every `every` ms from `from` up to `to` (inclusive). */
export function writesEvery(from: number, every: number, to: number): number[] {
  const out: number[] = [];
  for (let t = from; t <= to + 1e-9; t += every) out.push(Math.round(t * 1000) / 1000);
  return out;
}

const sec = (t: number) => `${Number((t / 1000).toFixed(3))} s`;

/** A fault in words, the same for both sides ("crash the leader at 2 s"). */
export function faultText(f: RoleFault): string {
  switch (f.do) {
    case 'crash':
      return `crash ${f.role === 'follower' ? 'a follower' : `the ${f.role}`} at ${sec(f.t)}`;
    case 'restart':
      return `restart the crashed nodes at ${sec(f.t)}`;
    case 'cut-follower':
      return `cut the leader off from one follower at ${sec(f.t)}`;
    case 'isolate-leader':
      return `partition the leader away at ${sec(f.t)}`;
    case 'heal':
      return `heal every link at ${sec(f.t)}`;
  }
}

/**
 * The comparison scripts. `leader-crash` is the gallery's leader-crash story as a workload: a
 * first write at 1 s, the leader crashes just after it (1.1 s), writes go on every 250 ms, and the
 * crashed node comes back at 6 s, so failover, time without a leader and recovery are measured.
 */
export const SCRIPTS: readonly RoleScript[] = [
  {
    id: 'leader-crash',
    title: 'Crash the leader, then bring it back',
    writes: [1000, ...writesEvery(1500, 250, 9500)],
    faults: [
      { t: 1100, do: 'crash', role: 'leader' },
      { t: 6000, do: 'restart' },
    ],
    end: 10_000,
  },
  {
    id: 'leader-crash-2s',
    title: 'Crash the leader at 2 s',
    writes: writesEvery(1000, 250, 9500),
    faults: [
      { t: 2000, do: 'crash', role: 'leader' },
      { t: 6000, do: 'restart' },
    ],
    end: 10_000,
  },
  {
    id: 'two-followers',
    title: 'Crash a follower, then another',
    writes: writesEvery(1000, 250, 11_500),
    faults: [
      { t: 2000, do: 'crash', role: 'follower' },
      { t: 5000, do: 'crash', role: 'follower' },
      { t: 8000, do: 'restart' },
    ],
    end: 12_000,
  },
  {
    id: 'cut-follower',
    title: 'Cut the leader off from one follower',
    writes: writesEvery(1000, 250, 9500),
    faults: [
      { t: 2000, do: 'cut-follower' },
      { t: 6000, do: 'heal' },
    ],
    end: 10_000,
  },
  {
    id: 'isolate-leader',
    title: 'Partition the leader away',
    writes: writesEvery(1000, 250, 9500),
    faults: [
      { t: 2000, do: 'isolate-leader' },
      { t: 6000, do: 'heal' },
    ],
    end: 10_000,
  },
  {
    id: 'elector-crash',
    title: 'Crash the elector',
    writes: writesEvery(1000, 250, 9500),
    faults: [
      { t: 2000, do: 'crash', role: 'elector' },
      { t: 6000, do: 'restart' },
    ],
    end: 10_000,
  },
];

export function scriptById(id: string): RoleScript | undefined {
  return SCRIPTS.find((s) => s.id === id);
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown, max: number): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= max;

/** Check a script read from a file or a link; one line on the first problem. */
export function checkScript(v: unknown): Checked<RoleScript> {
  if (!isObj(v)) return { ok: false, error: 'the script is not an object' };
  const id = v.id ?? 'custom';
  const title = v.title ?? 'A custom script';
  if (typeof id !== 'string' || !id.length || id.length > SCRIPT_LIMITS.maxId) return { ok: false, error: `the script's id must be text of 1 to ${SCRIPT_LIMITS.maxId} characters` };
  if (typeof title !== 'string' || title.length > SCRIPT_LIMITS.maxTitle) return { ok: false, error: `the script's title must be text of at most ${SCRIPT_LIMITS.maxTitle} characters` };
  if (!isTime(v.end, SCRIPT_LIMITS.maxEnd) || v.end <= 0) return { ok: false, error: `the script's end must be a time in ms between 1 and ${SCRIPT_LIMITS.maxEnd}` };
  const end = v.end;
  if (!Array.isArray(v.writes) || v.writes.length > SCRIPT_LIMITS.maxWrites) return { ok: false, error: `the script's writes must be a list of at most ${SCRIPT_LIMITS.maxWrites} times` };
  const writes: number[] = [];
  for (const [k, w] of v.writes.entries()) {
    if (!isTime(w, end)) return { ok: false, error: `write ${k + 1} is not a time in ms between 0 and the script's end (${end})` };
    writes.push(w);
  }
  if (!Array.isArray(v.faults) || v.faults.length > SCRIPT_LIMITS.maxFaults) return { ok: false, error: `the script's faults must be a list of at most ${SCRIPT_LIMITS.maxFaults}` };
  const faults: RoleFault[] = [];
  for (const [k, f] of v.faults.entries()) {
    if (!isObj(f)) return { ok: false, error: `fault ${k + 1} is not an object` };
    if (!isTime(f.t, end)) return { ok: false, error: `fault ${k + 1} has no time t in ms between 0 and the script's end (${end})` };
    if (!(FAULT_KINDS as readonly unknown[]).includes(f.do)) return { ok: false, error: `fault ${k + 1}: 'do' must be one of ${FAULT_KINDS.join(', ')}` };
    if (f.do === 'crash') {
      if (!(ROLES as readonly unknown[]).includes(f.role)) return { ok: false, error: `fault ${k + 1}: a crash names a role, one of ${ROLES.join(', ')}` };
      faults.push({ t: f.t, do: 'crash', role: f.role as Role });
    } else faults.push({ t: f.t, do: f.do as Exclude<RoleFault['do'], 'crash'> } as RoleFault);
  }
  writes.sort((a, b) => a - b);
  faults.sort((a, b) => a.t - b.t);
  return { ok: true, value: { id, title, writes, faults, end } };
}
