// A core that moves to one random stream per consumer (rngSplitSince) keeps old links: a link
// carries the core version it was made with, and opens with the streams that version used.
import { describe, expect, it } from 'vitest';
import { Registry, type ProtocolPlugin } from '../../src/contracts';
import { encodeLink, openLink, scenarioFromTimeline } from '../../src/scenario';
import { TOY_LEADER, TOY_SHAPE, toyPlugin } from '../support/toy-plugin';

/** The toy plug-in at core version 2, which draws from split streams since version 2. */
const v2: ProtocolPlugin = { ...toyPlugin, protocol: { ...toyPlugin.protocol, version: 2, rngSplitSince: 2 } };
const registry = new Registry([v2]);
const spec = { protocol: TOY_SHAPE, seed: 11, link: { latencyJitter: 20, loss: 0.1 } };

function run(rngStreams?: 'single' | 'split') {
  const tl = registry.createTimeline(spec, [], rngStreams ? { rngStreams } : {});
  for (let k = 0; k < 5; k++) {
    tl.advanceTo(tl.now + 150);
    tl.act({ type: 'write', node: TOY_LEADER, command: `w${k}` });
  }
  tl.advanceTo(tl.now + 500);
  return tl;
}

describe('random streams follow the core version', () => {
  it('new runs of a core past rngSplitSince use split streams, which differ from the single stream', () => {
    expect(run().sim.rngStreams).toBe('split');
    expect(run().sim.traceHash).not.toBe(run('single').sim.traceHash);
  });

  it('a link made with the older core (single stream) reopens bit for bit', async () => {
    const old = run('single');
    const link = await encodeLink(scenarioFromTimeline(spec, old), { protocolVersion: 1, traceHash: old.sim.traceHash });
    const r = await openLink(link, registry);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.partial).toBe(false);
    expect(r.timeline.sim.rngStreams).toBe('single');
    expect(r.traceHash).toBe(old.sim.traceHash);
  });

  it('a link made with the current core reopens with split streams', async () => {
    const cur = run();
    const link = await encodeLink(scenarioFromTimeline(spec, cur), { protocolVersion: 2, traceHash: cur.sim.traceHash });
    const r = await openLink(link, registry);
    expect(r.ok && !r.partial && r.traceHash === cur.sim.traceHash).toBe(true);
  });
});
