// The comparisons the lab's registry offers (src/compare, docs/compare.md), for entry points in
// the lab's panels: the presets that run a given shape on one of their two sides.

import type { ComparePreset } from '../contracts/compare';
import { useLabApi } from './context';

export type { ComparePreset };

export function comparisonsOf(presets: readonly ComparePreset[], shape: string): ComparePreset[] {
  return presets.filter((c) => c.left === shape || c.right === shape);
}

/** The presets of the lab's registry that run `shape` (its own, or the other side). */
export function useComparisonsOf(shape: string): ComparePreset[] {
  return comparisonsOf(useLabApi().registry.comparisons, shape);
}

/** Every preset of the lab's registry (the header's Compare link, the gallery's list). */
export function useComparisons(): readonly ComparePreset[] {
  return useLabApi().registry.comparisons;
}
