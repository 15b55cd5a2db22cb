// Writing scenario files and traces (file.ts reads them, with the checks and valibot: loaded on
// demand). The page can export without loading the checks.

import type { Timeline } from '../kernel';
import type { Registry } from '../contracts';
import { REGISTRY, type RunSpec } from '../protocols/registry';
import { withPlainText } from './plain';
import { FORMAT_VERSION, type Scenario } from './types';

/** The protocol version the engine runs now for a protocol id (undefined if unknown). */
export function currentProtocolVersion(protocol: string, registry: Registry = REGISTRY): number | undefined {
  return registry.has(protocol) ? registry.shape(protocol).plugin.protocol.version : undefined;
}

export interface ScenarioFile extends Scenario {
  janusLab: 'scenario';
  format: number;
  protocolVersion: number;
  traceHash?: string;
}

/** The JSON text of a scenario file. */
export function exportScenarioFile(scenario: Scenario, opts: { traceHash?: string } = {}): string {
  scenario = withPlainText(scenario);
  const file: ScenarioFile = {
    janusLab: 'scenario',
    format: FORMAT_VERSION,
    protocolVersion: currentProtocolVersion(scenario.spec.protocol) ?? 0,
    ...(opts.traceHash ? { traceHash: opts.traceHash } : {}),
    ...(scenario.title !== undefined ? { title: scenario.title } : {}),
    ...(scenario.notes !== undefined ? { notes: scenario.notes } : {}),
    spec: scenario.spec,
    cursor: scenario.cursor,
    actions: scenario.actions,
  };
  return JSON.stringify(file, null, 1);
}

/** A file name for a scenario download. */
export function scenarioFileName(scenario: Scenario): string {
  const base = (scenario.title ?? `${scenario.spec.protocol}-seed${scenario.spec.seed}`).toLowerCase().replace(/[^a-z0-9+]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  return `${base || 'scenario'}.janus.json`;
}

/** The trace of a run as JSON: the scenario, every event up to the cursor, and the violations found. */
export function exportTrace(spec: RunSpec, tl: Timeline, opts: { upTo?: 'cursor' | 'all' } = {}): string {
  const end = opts.upTo === 'all' ? tl.length : tl.cursor.index;
  return JSON.stringify({
    janusLab: 'trace',
    format: FORMAT_VERSION,
    protocol: spec.protocol,
    protocolVersion: currentProtocolVersion(spec.protocol) ?? 0,
    spec,
    actions: tl.actions,
    cursor: tl.cursor,
    traceHash: tl.sim.traceHash,
    // Re-derived where the kernel no longer keeps them (events before its window).
    events: tl.events(0, end),
    violations: tl.sim.violations,
  });
}
