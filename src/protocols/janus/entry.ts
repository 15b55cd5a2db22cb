// Our design as the page lists it (a LazyPlugin, src/contracts/registry.ts): its core (core.ts)
// runs and shows the default shape at once; `load()` imports the whole plug-in (plugin.ts: the
// explorer profiles, gallery, tours, script hooks and check profile) when the gallery, a tour, a
// link, the explorer or the Check tab needs it.

import { stubOf, type LazyPlugin } from '../../contracts/registry';
import { janusCore, JANUS_TITLE } from './core';

export const janusEntry: LazyPlugin = {
  id: janusCore.id,
  title: JANUS_TITLE,
  // Both shapes are explored (plugin.ts gives each an explorer profile), not to the end.
  shapes: janusCore.shapes.map((s) => ({ ...stubOf(s), explored: true, keepGoing: false })),
  core: janusCore,
  load: () => import('./plugin').then((m) => m.janusPlugin),
};
