// The plug-in interface: everything the lab needs to run, show, explore, check and teach one
// protocol, exported as one object from the protocol's folder. `src/protocols/registry.ts` lists
// the plug-ins; nothing else names a protocol. Adding a protocol is one folder plus one line there
// (docs/architecture.md, "Adding a protocol").

import type { Action, AnyProtocol, Simulation } from '../kernel';
import type { CheckProfile } from './checking';
import type { ExplorerProfile } from './explorer';
import type { GalleryEntry, GalleryView } from './gallery';
import type { RunSpec } from './spec';
import type { TourDef } from './tour';
import type { ProtocolView } from './view';

export interface TimingKnob {
  key: string;
  default: number;
  /** One line: what the timer does. */
  help: string;
  /** Smallest allowed value (default TIMING_MIN: 1 ms). A 0/1 switch says 0. */
  min?: number;
  /** Largest allowed value (default TIMING_MAX). */
  max?: number;
}

/** The range of a timing setting when its knob does not say: 1 ms to 10,000,000 ms. */
export const TIMING_MIN = 1;
export const TIMING_MAX = 10_000_000;
export const knobRange = (k: TimingKnob): { min: number; max: number } => ({ min: k.min ?? TIMING_MIN, max: k.max ?? TIMING_MAX });

/** One runnable shape of a protocol (e.g. 3 data nodes + elector), selectable in the page. */
export interface ShapeDef {
  /** Registry id, unique across plug-ins, e.g. 'raft-3'. */
  id: string;
  title: string;
  /** Timer settings the user can change, with defaults and a one-line explanation each. */
  timing: readonly TimingKnob[];
  /** Deliberately broken rules: name → one line on the rule it breaks. */
  mutants: Readonly<Record<string, string>>;
  /** The protocol configuration of a run of this shape. */
  config(spec: RunSpec): unknown;
  /** The explorer's knowledge of this shape; absent: the shape is not explored. */
  explorer?: ExplorerProfile;
}

/** A claim a protocol's author makes, set beside a figure the lab measures. */
export interface Claim {
  id: string;
  /** The claim, in the author's words. */
  text: string;
  /** Where it is made. */
  source: string;
}

/** What the metrics page needs of a protocol. */
export interface MetricsHooks {
  /** Bytes a node keeps on disk in the protocol's documented encoding, or null if unknown. */
  durableBytes(state: unknown): number | null;
  /** Claims to set against the measured figures (none: no claims section). */
  claims?: readonly Claim[];
}

/** What a protocol's own script command may do besides reading the simulation. */
export interface ScriptContext {
  /**
   * Apply a user action at the cursor, through the Timeline when the script runs on one (so the
   * action is recorded in the run). Returns `error: …` when the action is refused or its event
   * reports an error, else null. Use it rather than `sim.apply`.
   */
  act(action: Action): string | null;
}

/**
 * A golden-script command of the protocol's own (etcd `testdata` style): its output, or null.
 * The interpreter always passes `ctx` (optional only for commands written before it existed).
 */
export type ScriptCommand = (args: readonly string[], sim: Simulation, ctx?: ScriptContext) => string | null;

/** Message fields as the script language prints and filters them: short names, values without spaces. */
export type ScriptFields = Readonly<Record<string, string | number | boolean | null>>;

/** What the script language needs of a protocol (src/testing/script.ts, docs/script-format.md). */
export interface ScriptHooks {
  /** `shape X` in a script: X → registry shape id (e.g. '3+1' → the 3+1 shape's id). */
  shapes: Readonly<Record<string, string>>;
  /** The canonical cluster state, one line per node (the `state` command). */
  formatState(sim: Simulation): string[];
  /** Commands of the protocol's own, by name (e.g. an operator action). */
  commands?: Readonly<Record<string, ScriptCommand>>;
  /**
   * A message's fields for `msgs`, `log` and message filters (`deliver D1->D2 term=2`), in
   * print order. Absent: the message's own top-level fields, nested values flattened.
   */
  messageFields?(msg: unknown): ScriptFields;
  /**
   * Named conditions for `run-until`, beside the built-in comparisons (`leader=D1`,
   * `D1.commitIndex=2`, `violated=…`): a bare word in the condition.
   */
  conditions?: Readonly<Record<string, (view: GalleryView) => boolean>>;
}

/**
 * A notice the page shows above the run while a shape of this plug-in is running: what this mode
 * is, its known gaps (each may open a gallery story), and a link to the same run elsewhere.
 */
export interface Banner {
  title: string;
  text: string;
  /** A link to the source the plug-in follows. */
  source?: { href: string; label: string };
  gaps: readonly { id: string; text: string; gallery?: string }[];
}

/**
 * A run of this protocol carried over to another shape: the same seed, link settings, faults and
 * writes at the same virtual times (src/scenario/translate.ts does the carrying).
 */
export interface Counterpart {
  /** The other shape's registry id. */
  shape: string;
  /** The button's text, e.g. 'Open this scenario under our design'. */
  label: string;
  /** The carried-over scenario's title. */
  title: string;
  /** One action of this protocol as the other's (empty: left to the other design's timers). */
  mapAction(a: Action): Action[];
}

export interface ProtocolPlugin {
  /** The protocol's id (its `Protocol.id`), e.g. 'janus'. */
  id: string;
  title: string;
  protocol: AnyProtocol;
  shapes: readonly ShapeDef[];
  view: ProtocolView;
  /** Which shape the explorer hunts each mutant in (mutant → shape id). */
  mutantShapes?: Readonly<Record<string, string>>;
  /** Teaching stories, lazily built. */
  gallery?(): readonly GalleryEntry[];
  /** Narrated tours: scripts with `caption` steps (docs/tours.md), lazily built. */
  tours?(): readonly TourDef[];
  script?: ScriptHooks;
  metrics?: MetricsHooks;
  banner?: Banner;
  counterpart?: Counterpart;
  /** Exhaustive checking of its shapes (src/checker, docs/checking.md); absent: not checked. */
  check?: CheckProfile;
  /**
   * Anything else the plug-in offers one page panel (e.g. the published spec's TLC trace reader),
   * by capability name. The panel that knows the capability shows itself when it is present.
   */
  extras?: Readonly<Record<string, unknown>>;
}
