// The published 2+1 spec as the page lists it before loading it (a LazyPlugin,
// src/contracts/registry.ts): its id, title, its one shape (timers from config.ts) and the TLC
// trace reader it offers (extras.tlc); `load()` imports the plug-in (plugin.ts), which builds its
// shape from this same stub.

import type { LazyPlugin, ShapeStub } from '../../contracts/registry';
import { DEFAULT_TIMING, TIMING_HELP, type PubTiming } from './config';

/** The registry id of the published spec's only shape. */
export const PUBLISHED_SHAPE = 'janus-published';

export const PUBLISHED_TITLE = 'Janus 2+1 — published spec (Sep 2025)';

/** The published shape as the pickers list it (explored to the end: its failures are listed by kind). */
export const PUBLISHED_SHAPE_STUB: ShapeStub = {
  id: PUBLISHED_SHAPE,
  title: PUBLISHED_TITLE,
  timing: (Object.keys(DEFAULT_TIMING) as (keyof PubTiming)[]).map((key) => ({ key, default: DEFAULT_TIMING[key], help: TIMING_HELP[key] })),
  mutants: {},
  explored: true,
  keepGoing: true,
};

export const publishedEntry: LazyPlugin = {
  id: 'janus-published',
  title: PUBLISHED_TITLE,
  shapes: [PUBLISHED_SHAPE_STUB],
  extras: ['tlc'],
  load: () => import('./plugin').then((m) => m.publishedPlugin),
};
