// A seeded generator of valid scenarios: a run where a simulated user acts at random moments
// (every action recorded through Timeline.act, so it is valid when taken), sometimes going back
// in time and forking. Used by the round-trip tests and to make bad links from good ones.

import { Prng, type Action, type Timeline } from '../kernel';
import type { RunSpec } from '../contracts';
import { REGISTRY } from '../protocols/registry';
import { scenarioFromTimeline } from './open';
import type { Scenario } from './types';

function randomAction(tl: Timeline, r: Prng): Action | null {
  const sim = tl.sim;
  const ids = sim.nodeIds;
  const node = r.pick(ids);
  const other = r.pick(ids.filter((x) => x !== node));
  const msgs = sim.messages();
  switch (r.int(0, 13)) {
    case 0:
    case 1:
    case 2:
      return r.chance(0.5) ? { type: 'write', node } : { type: 'write', node, command: `set k${r.int(0, 9)}=${r.int(0, 99)}` };
    case 3:
      return r.chance(0.2) ? { type: 'crash', node, wipe: true } : { type: 'crash', node };
    case 4: {
      const down = ids.filter((x) => !sim.isUp(x));
      return down.length ? { type: 'restart', node: r.pick(down) } : null;
    }
    case 5:
      return r.chance(0.4) ? { type: 'cut', from: node, to: other, both: true, duration: r.int(50, 2000) } : { type: 'cut', from: node, to: other, both: r.chance(0.5) || undefined };
    case 6:
      return { type: 'heal', from: node, to: other, both: r.chance(0.5) || undefined };
    case 7:
      return { type: 'healAll' };
    case 8:
      return { type: 'link', from: node, to: other, both: r.chance(0.5) || undefined, params: r.chance(0.5) ? { loss: r.int(0, 50) / 100 } : { extraDelay: r.int(0, 300), dup: r.int(0, 20) / 100 } };
    case 9:
    case 10: {
      if (!msgs.length) return null;
      const m = r.pick(msgs);
      const kind = r.int(0, 2);
      return kind === 0 ? { type: 'deliver', msg: m.id } : kind === 1 ? { type: 'drop', msg: m.id } : { type: 'duplicate', msg: m.id };
    }
    case 11: {
      const armed = sim.timers(node);
      return armed.length ? { type: 'fire', node, timer: r.pick(armed).name } : null;
    }
    case 12: {
      // The protocol's first operator action, through a data node or not.
      const name = tl.protocol.operators?.[0];
      if (!name) return null;
      const view = REGISTRY.pluginOf(tl.protocol.id)?.view;
      const data = ids.filter((x) => view?.node(sim.state(x)).kind === 'data');
      return r.chance(0.5) || !data.length ? { type: 'operator', name } : { type: 'operator', name, node: r.pick(data) };
    }
    default:
      return null;
  }
}

export interface RandomScenario {
  scenario: Scenario;
  /** The author's trace hash at the cursor. */
  traceHash: string;
  /** The author's timeline, left at the cursor. */
  timeline: Timeline;
}

/** A random valid scenario with about `actions` user actions. Deterministic in `seed`. */
export function randomScenario(seed: number, actions = 12): RandomScenario {
  const r = new Prng(seed);
  // The default plug-in's shapes (the page's first protocol), the first one most often.
  const shapes = REGISTRY.plugins[0]!.shapes.map((x) => x.id);
  const protocol = r.chance(0.7) || shapes.length < 2 ? shapes[0]! : shapes[1]!;
  const spec: RunSpec = { protocol, seed: r.nextU32() };
  if (r.chance(0.3)) spec.timing = { heartbeatInterval: r.int(20, 100), replicaTimeout: r.int(200, 600) };
  if (r.chance(0.2)) spec.link = { latencyMin: r.int(1, 30), loss: r.int(0, 10) / 100 };
  if (r.chance(0.15)) spec.mutant = r.pick(Object.keys(REGISTRY.shape(protocol).mutants));
  const tl = REGISTRY.createTimeline(spec);
  let tries = 0;
  while (tl.actions.length < actions && tries++ < actions * 40) {
    // Advance a random amount; sometimes to a moment between events (not a whole µs).
    const dt = r.chance(0.2) ? r.int(0, 5) : r.int(1, 800);
    tl.advanceTo(tl.now + dt + (r.chance(0.15) ? r.next() : 0), 20_000);
    // Sometimes go back and fork.
    if (r.chance(0.03) && tl.cursor.index > 10) tl.seek(r.int(Math.max(0, tl.cursor.index - 100), tl.cursor.index - 1));
    const a = randomAction(tl, r);
    if (!a) continue;
    if (tl.sim.validate(a)) continue;
    tl.act(a);
  }
  tl.advanceTo(tl.now + r.int(0, 1500), 20_000);
  // Land somewhere: at the end, or back in the past.
  if (r.chance(0.4) && tl.cursor.index > 0) tl.seek(r.int(0, tl.cursor.index));
  return { scenario: scenarioFromTimeline(spec, tl, r.chance(0.3) ? { title: `Random scenario ${seed}` } : {}), traceHash: tl.sim.traceHash, timeline: tl };
}
