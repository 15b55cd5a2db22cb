// The gallery's list: every loaded plug-in's stories, without the builder (gallery.ts, with the
// script language), so the page can list the stories before it loads what opens one.

import type { GalleryEntry, Registry } from '../contracts';
import { REGISTRY } from '../protocols/registry';

/** Every loaded plug-in's stories, in registry order (built once per set of loaded plug-ins: `registry.plugins` is a new array when one loads). */
const galleries = new WeakMap<readonly unknown[], GalleryEntry[]>();
export function galleryOf(registry: Registry = REGISTRY): readonly GalleryEntry[] {
  let g = galleries.get(registry.plugins);
  if (!g) {
    g = registry.plugins.flatMap((p) => (p.gallery ? [...p.gallery()] : []));
    galleries.set(registry.plugins, g);
  }
  return g;
}
