// Runs of the published spec built inside its own folder (the gallery's F1 story, the TLC trace
// reader and exporter), the same way the registry builds them: seed, link settings, configuration.

import { Simulation, Timeline, type SimOptions, type TimedAction } from '../../kernel';
import type { RunSpec } from '../../contracts/spec';
import { pubConfig, type PubTiming } from './config';
import { PUBLISHED_SHAPE } from './entry';
import { janusPublished } from './index';

export { PUBLISHED_SHAPE };

function options(spec: RunSpec, extra: Partial<SimOptions>): SimOptions {
  if (spec.protocol !== PUBLISHED_SHAPE) throw new Error(`not a run of the published spec: '${String(spec.protocol).slice(0, 40)}'`);
  return { seed: spec.seed, config: pubConfig((spec.timing ?? {}) as Partial<PubTiming>), link: spec.link, ...extra };
}

export function pubSimulation(spec: RunSpec, extra: Partial<SimOptions> = {}): Simulation {
  return new Simulation(janusPublished, options(spec, extra));
}

export function pubTimeline(spec: RunSpec, actions: TimedAction[] = [], extra: Partial<SimOptions> = {}): Timeline {
  return new Timeline(janusPublished, { trace: 'full', ...options(spec, extra), actions });
}
