import type { LinkParams } from './types';
import type { Prng } from './prng';

export const DEFAULT_LINK: LinkParams = {
  latencyMin: 8,
  latencyJitter: 12,
  tailProb: 0.02,
  tailScale: 10,
  tailMax: 400,
  loss: 0,
  dup: 0,
  extraDelay: 0,
};

/**
 * One-way latency: min + jitter*u, and with probability tailProb a long tail
 * tailScale*(1/u - 1) capped at tailMax (a Pareto tail with alpha = 1). Only arithmetic is
 * used, so the result is bit-identical on every JavaScript engine. Rounded to microseconds.
 */
export function drawLatency(p: LinkParams, rng: Prng): number {
  let lat = p.latencyMin + p.latencyJitter * rng.next() + p.extraDelay;
  if (p.tailProb > 0 && rng.next() < p.tailProb) {
    const u = 1 - rng.next(); // (0, 1]
    lat += Math.min(p.tailMax, p.tailScale * (1 / u - 1));
  }
  return Math.round(lat * 1000) / 1000;
}
