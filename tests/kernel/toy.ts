// A tiny protocol that does only what a test tells it, so kernel behaviour can be tested
// without any Janus rule in the way. A client write is a command to the node:
//   'send B hello'    send the message 'hello' to B
//   'timer t1 50'     set timer t1 to fire in 50 ms
//   'clear t1'        clear timer t1
//   'rand'            record one PRNG draw
// With `config.randomTimer`, each node also runs a periodic timer whose every period is drawn by
// ctx.randomInt (like an election timeout); the drawn periods are recorded in `periods`.
import type { MonitorSet, NodeId, Protocol } from '../../src/kernel/types';

export interface ToyState {
  id: NodeId;
  got: { from: NodeId; msg: string; t: number }[];
  fired: { name: string; t: number }[];
  draws: number[];
  /** Periods drawn for the random timer, with the time each was drawn at. */
  periods: { t: number; period: number }[];
  /** Survives a crash. */
  durable: number;
  /** Lost on a crash. */
  volatile: number;
  starts: number;
}

export interface ToyConfig {
  nodes: NodeId[];
  /** Timers armed at boot: name -> delay. */
  boot?: Record<string, number>;
  /** A periodic timer with a random period in [lo, hi] ms, re-drawn at every firing. */
  randomTimer?: { name: string; lo: number; hi: number };
}

function armRandom(ctx: Parameters<Protocol<ToyState, string, ToyConfig>['start']>[0], s: ToyState, c: ToyConfig): void {
  const r = c.randomTimer;
  if (!r) return;
  const period = ctx.randomInt(r.lo, r.hi);
  s.periods.push({ t: ctx.now, period });
  ctx.setTimer(r.name, period);
}

const noMonitors: MonitorSet<ToyState> = {
  properties: [],
  afterEvent: () => [],
  clone: () => noMonitors,
};

export const toy: Protocol<ToyState, string, ToyConfig> = {
  id: 'toy',
  title: 'Toy',
  version: 1,
  nodes: (c) => c.nodes.map((id) => ({ id, kind: 'toy' })),
  init: (n) => ({ id: n.id, got: [], fired: [], draws: [], periods: [], durable: 0, volatile: 0, starts: 0 }),
  start(ctx, s, c) {
    s.starts++;
    for (const [name, d] of Object.entries(c.boot ?? {})) ctx.setTimer(name, d);
    armRandom(ctx, s, c);
  },
  crash: (s, _n, _c, wipe) => ({ ...s, got: s.got.slice(), fired: s.fired.slice(), draws: s.draws.slice(), periods: s.periods.slice(), volatile: 0, durable: wipe ? 0 : s.durable }),
  onMessage(ctx, s, from, msg) {
    s.got.push({ from, msg, t: ctx.now });
    s.durable++;
    s.volatile++;
  },
  onTimer(ctx, s, name, c) {
    s.fired.push({ name, t: ctx.now });
    if (name === c.randomTimer?.name) armRandom(ctx, s, c);
  },
  onClientWrite(ctx, s, command) {
    const [op, a, b] = command.split(' ');
    if (op === 'send') ctx.send(a!, b ?? '');
    else if (op === 'timer') ctx.setTimer(a!, Number(b));
    else if (op === 'clear') ctx.clearTimer(a!);
    else if (op === 'rand') s.draws.push(ctx.random());
    else return { status: 'rejected', reason: `bad command ${command}` };
    return { status: 'appended' };
  },
  clone: (s) => ({ ...s, got: s.got.slice(), fired: s.fired.slice(), draws: s.draws.slice(), periods: s.periods.slice() }),
  digest: (s) => s.got.length * 31 + s.fired.length * 7 + s.durable,
  messageDigest: (m) => m.length,
  messageInfo: (m) => ({ type: 'Toy', label: m, kind: 'control', entries: 0, bytes: m.length }),
  summary: (s) => ({ got: s.got.length, fired: s.fired.length, durable: s.durable, volatile: s.volatile }),
  monitors: () => noMonitors,
};

/** Fixed 10 ms latency, no jitter, no tail: arrival times are exact. */
export const FIXED_LINK = { latencyMin: 10, latencyJitter: 0, tailProb: 0, extraDelay: 0 };
