// The registry entry of the published spec (kept here so registry.ts needs only one line).
import type { ProtocolEntry } from '../registry';
import { DEFAULT_TIMING, TIMING_HELP, pubConfig, type PubTiming } from './config';
import { janusPublished } from './index';

export const publishedEntry: ProtocolEntry = {
  id: 'janus-published',
  title: 'Janus 2+1 — published spec (Sep 2025)',
  protocol: janusPublished,
  timing: (Object.keys(DEFAULT_TIMING) as (keyof PubTiming)[]).map((key) => ({ key, default: DEFAULT_TIMING[key], help: TIMING_HELP[key] })),
  mutants: {},
  config: (spec) => pubConfig((spec.timing ?? {}) as Partial<PubTiming>),
};
