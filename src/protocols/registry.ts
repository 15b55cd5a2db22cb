// Every runnable protocol shape, by name. The UI, scenario links, the explorer and the bench
// all build runs through `createTimeline`/`createSimulation`, so none of them reaches around
// the engine.

import { Simulation, Timeline, type AnyProtocol, type LinkParams, type SimOptions, type TimedAction } from '../kernel';
import { DEFAULT_TIMING, TIMING_HELP, janus, janusConfig, MUTANTS, type JanusTiming, type MutantName } from './janus';
import { publishedEntry } from './janus-published/entry';

export interface RunSpec {
  /** A key of PROTOCOLS. */
  protocol: string;
  seed: number;
  /** Timer settings (ms); unset fields take the protocol's defaults. */
  timing?: Record<string, number>;
  /** Link parameters every link starts with; unset fields take the kernel's defaults. */
  link?: Partial<LinkParams>;
  /** A deliberately broken rule (explorer and teaching scenarios only). */
  mutant?: string | null;
}

export interface ProtocolEntry {
  id: string;
  title: string;
  protocol: AnyProtocol;
  /** Timer settings the user can change, with defaults and a one-line explanation each. */
  timing: { key: string; default: number; help: string }[];
  mutants: Record<string, string>;
  config(spec: RunSpec): unknown;
}

const janusTiming = (Object.keys(DEFAULT_TIMING) as (keyof JanusTiming)[]).map((key) => ({
  key,
  default: DEFAULT_TIMING[key],
  help: TIMING_HELP[key],
}));

function janusEntry(n: 2 | 3): ProtocolEntry {
  return {
    id: `janus-${n}+1`,
    title: `Janus ${n}+1 — our design (PROTOCOL.md)`,
    protocol: janus,
    timing: janusTiming,
    mutants: MUTANTS,
    config: (spec) =>
      janusConfig(n, {
        timing: { ...DEFAULT_TIMING, ...(spec.timing ?? {}) } as JanusTiming,
        mutant: (spec.mutant ?? null) as MutantName | null,
      }),
  };
}

export const PROTOCOLS: Record<string, ProtocolEntry> = {
  'janus-3+1': janusEntry(3),
  'janus-2+1': janusEntry(2),
  'janus-published': publishedEntry,
};

/** Register another protocol shape (for example the published spec). */
export function registerProtocol(entry: ProtocolEntry): void {
  PROTOCOLS[entry.id] = entry;
}

export function protocolEntry(name: string): ProtocolEntry {
  const e = PROTOCOLS[name];
  if (!e) throw new Error(`unknown protocol '${String(name).slice(0, 40)}' (known: ${Object.keys(PROTOCOLS).join(', ')})`);
  return e;
}

export function simOptions(spec: RunSpec, extra: Partial<SimOptions> = {}): SimOptions {
  const entry = protocolEntry(spec.protocol);
  if (spec.mutant && !(spec.mutant in entry.mutants)) throw new Error(`unknown mutant '${String(spec.mutant).slice(0, 40)}' for ${spec.protocol}`);
  return { seed: spec.seed, config: entry.config(spec), link: spec.link, ...extra };
}

export function createSimulation(spec: RunSpec, extra: Partial<SimOptions> = {}): Simulation {
  return new Simulation(protocolEntry(spec.protocol).protocol, simOptions(spec, extra));
}

export function createTimeline(spec: RunSpec, actions: TimedAction[] = [], extra: Partial<SimOptions> & { snapshotEvery?: number } = {}): Timeline {
  return new Timeline(protocolEntry(spec.protocol).protocol, { trace: 'full', ...simOptions(spec, extra), actions, snapshotEvery: extra.snapshotEvery });
}
