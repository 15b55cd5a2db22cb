// Side by side (docs/compare.md): two shapes of the registry under the same client workload and
// the same faults mapped by role, and the claims table measured on the two runs. Names no protocol:
// presets come from the registry (`registry.comparisons`), roles from the plug-ins' views.

import type { Registry, RunSpec } from '../contracts';
import type { ComparePreset } from '../contracts/compare';
import { linesOfCode } from './loc';
import { compareTable, steadyOf, type CompareTable, type SideInput, type SteadyFigures } from './measure';
import type { PatternTable } from './patterns';
import { runSide, type SideRun } from './run';
import type { RoleScript } from './script';

export * from './script';
export * from './run';
export * from './measure';
export * from './patterns';
export * from './loc';

export interface Comparison {
  preset: ComparePreset | null;
  script: RoleScript;
  left: SideRun;
  right: SideRun;
  /** Each side under the script's writes with no fault (the steady state). */
  steady: { left: SteadyFigures; right: SteadyFigures };
}

/** The steady state of a side: the script's writes, no fault, to the script's end. */
export function steadyRun(registry: Registry, spec: RunSpec, script: RoleScript): SteadyFigures {
  const side = runSide(registry, spec, { ...script, faults: [] });
  return steadyOf(side.timeline, side.plugin);
}

export function presetOf(registry: Registry, id: string): ComparePreset | undefined {
  return registry.comparisons.find((p) => p.id === id);
}

/** Run both sides of a comparison (each to the script's end). */
export function runComparison(registry: Registry, sides: { left: RunSpec; right: RunSpec }, script: RoleScript, preset: ComparePreset | null = null): Comparison {
  return {
    preset,
    script,
    left: runSide(registry, sides.left, script),
    right: runSide(registry, sides.right, script),
    steady: { left: steadyRun(registry, sides.left, script), right: steadyRun(registry, sides.right, script) },
  };
}

/** The side as the table reads it; `timeline` defaults to the side's own (cursor at its end). */
export function sideInput(side: SideRun, registry: Registry, sources: Readonly<Record<string, string>> | null, steady: SteadyFigures | null, timeline = side.timeline): SideInput {
  return {
    shape: side.spec.protocol,
    title: registry.shape(side.spec.protocol).title,
    plugin: side.plugin,
    timeline,
    faults: side.faults,
    recoveries: side.recoveries,
    loc: sources ? linesOfCode(sources, side.plugin.id) : null,
    steady,
  };
}

/** The claims table of a comparison at the end of both runs. */
export function tableOf(c: Comparison, registry: Registry, sources: Readonly<Record<string, string>> | null, patterns: PatternTable | null = null): CompareTable {
  return compareTable(sideInput(c.left, registry, sources, c.steady.left), sideInput(c.right, registry, sources, c.steady.right), { preset: c.preset, script: c.script.id, patterns });
}
