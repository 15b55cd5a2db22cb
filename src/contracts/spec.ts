// What names one run: a protocol shape, a seed, timer settings, link parameters and, for teaching
// and the explorer, a deliberately broken rule. Scenario links, the explorer and the page all
// build runs from a RunSpec through the registry.

import type { LinkParams } from '../kernel/types';

export interface RunSpec {
  /** A shape id of the registry, e.g. the id of one of a plug-in's `shapes`. */
  protocol: string;
  seed: number;
  /** Timer settings (ms); unset fields take the protocol's defaults. */
  timing?: Record<string, number>;
  /** Link parameters every link starts with; unset fields take the kernel's defaults. */
  link?: Partial<LinkParams>;
  /** A deliberately broken rule (explorer and teaching scenarios only). */
  mutant?: string | null;
}
