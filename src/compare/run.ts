// One side of a comparison: a shape of the registry run under a role script. Roles are resolved
// at each fault's moment from the side's own plug-in view (`leaderView`, `NodeView.kind`), never
// from node names, and every resolved fault and write is applied as a user action on a Timeline,
// so the side reopens exactly as a scenario (spec, actions, cursor).

import { leaderView, type ProtocolPlugin, type Registry, type RunSpec, type RunView, type NodeView } from '../contracts';
import type { Action, NodeId, Timeline } from '../kernel';
import { faultText, type Role, type RoleFault, type RoleScript } from './script';

/** The nodes a role names in a run at this moment. */
export interface Roles {
  leader: NodeId | null;
  /** Up data nodes that do not lead, in node order. */
  followers: NodeId[];
  /** Up nodes of kind 'elector', in node order. */
  electors: NodeId[];
  /** Every node of kind 'elector', up or down (none: the shape has no elector). */
  allElectors: NodeId[];
  dataNodes: NodeId[];
}

export function runViewOf(tl: Timeline): RunView {
  return { nodeIds: tl.sim.nodeIds, state: (id) => tl.sim.state(id), isUp: (id) => tl.sim.isUp(id) };
}

export function resolveRoles(tl: Timeline, plugin: ProtocolPlugin): Roles {
  const run = runViewOf(tl);
  const leader = leaderView(plugin.view, run)?.id ?? null;
  const views = run.nodeIds.map((id) => plugin.view.node(run.state(id)));
  const data = views.filter((v) => v.kind === 'data').map((v) => v.id);
  const electors = views.filter((v) => v.kind === 'elector').map((v) => v.id);
  return {
    leader,
    followers: data.filter((id) => id !== leader && run.isUp(id)),
    electors: electors.filter((id) => run.isUp(id)),
    allElectors: electors,
    dataNodes: data,
  };
}

/** What a role-named fault became on one side. */
export interface ResolvedFault {
  fault: RoleFault;
  text: string;
  /** The nodes it acted on (empty when it did not apply). */
  nodes: NodeId[];
  applied: boolean;
  /** Why it did not apply, or what it became ("does not apply: …"). */
  note: string;
  /** Committed entries (highest commit point of an up data node) when the fault happened and when its window closed. */
  commitAt: number;
  commitAfter: number;
  /** Safety violations in the fault's window (to the next fault or the end). */
  violations: string[];
  /** The window: the fault's time to the next fault's (or the end). */
  until: number;
}

export interface Recovery {
  node: NodeId;
  restartAt: number;
  /** When the node was back to full strength (see `fullStrength`), or null if not by the end. */
  fullAt: number | null;
}

export interface SideRun {
  spec: RunSpec;
  plugin: ProtocolPlugin;
  timeline: Timeline;
  faults: ResolvedFault[];
  writes: { t: number; node: NodeId | null; status: string }[];
  recoveries: Recovery[];
  /** Highest commit point at the script's `probeAt` time, if it has one. */
  commitAtProbe: number | null;
}

/** The view of a node, or null for a node of no kind known to the picture. */
const viewOf = (tl: Timeline, plugin: ProtocolPlugin, id: NodeId): NodeView => plugin.view.node(tl.sim.state(id));

/**
 * Is a restarted node back to full strength? It is up and there is a leader; a data node holds the
 * leader's committed prefix (same entries), and when the leader names a replication set, it is a
 * member again (Janus counts a node online only then). A node that keeps no log (an elector) is
 * back once it is up and a leader exists.
 */
export function fullStrength(tl: Timeline, plugin: ProtocolPlugin, node: NodeId): boolean {
  if (!tl.sim.isUp(node)) return false;
  const leader = leaderView(plugin.view, runViewOf(tl));
  if (!leader) return false;
  const v = viewOf(tl, plugin, node);
  if (v.kind !== 'data') return true;
  if (node === leader.id) return true;
  const c = leader.commitIndex;
  if (v.log.length < c) return false;
  for (let i = 0; i < c; i++) {
    const a = v.log[i]!;
    const b = leader.log[i];
    if (!b || a.term !== b.term || a.command !== b.command) return false;
  }
  if (leader.replicationSet && !leader.replicationSet.includes(node)) return false;
  return true;
}

function highestCommit(tl: Timeline, plugin: ProtocolPlugin): number {
  let c = 0;
  for (const id of tl.sim.nodeIds) {
    if (!tl.sim.isUp(id)) continue;
    const v = viewOf(tl, plugin, id);
    if (v.kind === 'data' && v.commitIndex > c) c = v.commitIndex;
  }
  return c;
}

/** The actions a fault becomes on this side now, or why it does not apply. */
export interface FaultContext {
  nodeIds: readonly NodeId[];
  isUp(id: NodeId): boolean;
  /** Is the directed link cut? */
  isCut(from: NodeId, to: NodeId): boolean;
}

export const faultContext = (tl: Timeline): FaultContext => ({ nodeIds: tl.sim.nodeIds, isUp: (id) => tl.sim.isUp(id), isCut: (f, t) => tl.sim.link(f, t).cut });

export function mapFault(f: RoleFault, roles: Roles, crashed: readonly NodeId[], cx: FaultContext): { actions: Action[]; nodes: NodeId[]; note: string } {
  const none = (note: string) => ({ actions: [], nodes: [], note });
  switch (f.do) {
    case 'crash': {
      const node = roleNode(f.role, roles);
      if (node) return { actions: [{ type: 'crash', node }], nodes: [node], note: '' };
      if (f.role === 'elector' && !roles.allElectors.length)
        return none("does not apply: this shape has no elector (every node keeps the log and votes; its nearest counterpart is a follower's vote, see 'crash a follower')");
      return none(`not applied: no ${f.role} is up at that moment`);
    }
    case 'restart': {
      const down = crashed.filter((id) => !cx.isUp(id));
      if (!down.length) return none('not applied: no node this script crashed is down');
      return { actions: down.map((node) => ({ type: 'restart', node })), nodes: down, note: '' };
    }
    case 'cut-follower': {
      if (!roles.leader) return none('not applied: no leader at that moment');
      const to = roles.followers[0];
      if (!to) return none('not applied: no follower is up');
      return { actions: [{ type: 'cut', from: roles.leader, to, both: true }], nodes: [roles.leader, to], note: '' };
    }
    case 'isolate-leader': {
      const l = roles.leader;
      if (!l) return none('not applied: no leader at that moment');
      const others = [...roles.dataNodes, ...roles.allElectors].filter((id) => id !== l);
      return { actions: others.map((to) => ({ type: 'cut', from: l, to, both: true })), nodes: [l], note: '' };
    }
    case 'heal': {
      // Link by link: the kernel's healAll also restarts crashed nodes, which is not this fault.
      const actions: Action[] = [];
      for (const from of cx.nodeIds) for (const to of cx.nodeIds) if (from !== to && cx.isCut(from, to)) actions.push({ type: 'heal', from, to });
      return actions.length ? { actions, nodes: [], note: '' } : none('not applied: no link is cut');
    }
  }
}

function roleNode(role: Role, roles: Roles): NodeId | null {
  if (role === 'leader') return roles.leader;
  if (role === 'follower') return roles.followers[0] ?? null;
  return roles.electors[0] ?? null;
}

/** Write k's command, the same on both sides. */
export const writeCommand = (k: number) => `w${k + 1}`;

/**
 * Run one side: the script's faults and writes applied at their times (a fault before a write of
 * the same time), event by event while a restarted node is watched for full strength.
 */
export function runSide(registry: Registry, spec: RunSpec, script: RoleScript): SideRun {
  const plugin = registry.shape(spec.protocol).plugin;
  const tl = registry.createTimeline(spec);
  const faults: ResolvedFault[] = [];
  const writes: SideRun['writes'] = [];
  const recoveries: Recovery[] = [];
  const crashed: NodeId[] = [];
  const watching: Recovery[] = [];

  const check = () => {
    for (let k = watching.length - 1; k >= 0; k--) {
      const r = watching[k]!;
      if (!tl.sim.isUp(r.node)) {
        watching.splice(k, 1);
        continue;
      }
      if (fullStrength(tl, plugin, r.node)) {
        r.fullAt = tl.now;
        watching.splice(k, 1);
      }
    }
  };
  const advance = (t: number) => {
    while (tl.now < t) {
      if (!watching.length) {
        tl.advanceTo(t);
        return;
      }
      const next = tl.sim.nextEventTime();
      if (next === null || next > t) {
        tl.advanceTo(t);
        return;
      }
      tl.step();
      check();
    }
  };

  type Item = { t: number; fault?: RoleFault; write?: number; probe?: true };
  const items: Item[] = [...script.faults.map((fault) => ({ t: fault.t, fault })), ...script.writes.map((t, k) => ({ t, write: k }))];
  if (script.probeAt !== undefined) items.push({ t: script.probeAt, probe: true });
  let commitAtProbe: number | null = null;
  const rank = (it: Item) => (it.fault ? 0 : it.probe ? 1 : 2);
  items.sort((a, b) => a.t - b.t || rank(a) - rank(b));
  const closeWindow = () => {
    const last = faults[faults.length - 1];
    if (!last) return;
    last.commitAfter = highestCommit(tl, plugin);
    last.until = tl.now;
    last.violations = tl.sim.violations.filter((v) => v.t >= last.fault.t).map((v) => v.property);
  };
  for (const it of items) {
    advance(it.t);
    if (it.probe) commitAtProbe = highestCommit(tl, plugin);
    else if (it.fault) {
      closeWindow();
      const roles = resolveRoles(tl, plugin);
      const m = mapFault(it.fault, roles, crashed, faultContext(tl));
      const rf: ResolvedFault = { fault: it.fault, text: faultText(it.fault), nodes: m.nodes, applied: m.actions.length > 0, note: m.note, commitAt: highestCommit(tl, plugin), commitAfter: 0, violations: [], until: script.end };
      for (const a of m.actions) {
        const { event } = tl.act(a);
        if (event?.error) rf.note = `${rf.note ? `${rf.note}; ` : ''}${a.type} refused: ${event.error}`;
        if (a.type === 'crash' && !crashed.includes(a.node)) crashed.push(a.node);
        if (a.type === 'restart') {
          const r: Recovery = { node: a.node, restartAt: tl.now, fullAt: null };
          recoveries.push(r);
          watching.push(r);
        }
      }
      faults.push(rf);
      check();
    } else {
      const k = it.write!;
      const roles = resolveRoles(tl, plugin);
      const node = roles.leader ?? roles.followers[0] ?? null;
      if (!node) {
        writes.push({ t: tl.now, node: null, status: 'no data node up' });
        continue;
      }
      const { event } = tl.act({ type: 'write', node, command: writeCommand(k) });
      writes.push({ t: tl.now, node, status: event?.write?.status ?? event?.error ?? 'refused' });
      check();
    }
  }
  advance(script.end);
  closeWindow();
  return { spec, plugin, timeline: tl, faults, writes, recoveries, commitAtProbe };
}
