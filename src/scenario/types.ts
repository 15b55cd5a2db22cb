// What a scenario is, the limits every decoder enforces, and the typed errors it returns.
// Pure data: no DOM, no engine state.

import type { TimedAction, Time } from '../kernel/types';
import type { RunSpec } from '../protocols/registry';

/** Version of the link and file format (the `s1.` prefix of a link, `format` of a file). */
export const FORMAT_VERSION = 1;

/** A shareable run: how to build it, what the user did, and where the viewer lands. */
export interface Scenario {
  spec: RunSpec;
  /** User actions, ordered by `at` (event index) — exactly `Timeline.actions`. */
  actions: TimedAction[];
  /** The moment to land on: number of events applied, and the clock. */
  cursor: { index: number; t: Time };
  title?: string;
  notes?: string;
}

/** Hard limits. A link or file beyond any of them is refused before any replay. */
export const LIMITS = {
  /** Characters of the hash (the part after '#'), checked before anything is decoded. */
  maxHashChars: 64 * 1024,
  /** Bytes of an imported JSON file. */
  maxFileBytes: 1024 * 1024,
  /** Bytes after decompression (a zip bomb stops here). */
  maxInflatedBytes: 256 * 1024,
  /** Nesting depth of the JSON text (arrays and objects). */
  maxDepth: 12,
  maxActions: 2000,
  /** Events a replay may process: bounds the work of opening any link. */
  maxEvents: 100_000,
  /** Virtual time, ms (about 11.5 days). */
  maxTime: 1e9,
  maxTitle: 120,
  maxNotes: 2000,
  maxCommand: 200,
  maxName: 40,
} as const;

export type ScenarioErrorCode =
  | 'empty'
  | 'not-a-link'
  | 'too-large'
  | 'bad-characters'
  | 'truncated'
  | 'corrupt'
  | 'checksum'
  | 'format-version'
  | 'bad-json'
  | 'too-deep'
  | 'hostile'
  | 'schema'
  | 'unknown-protocol'
  | 'unknown-mutant'
  | 'unknown-node'
  | 'limits'
  | 'replay';

export interface ScenarioError {
  code: ScenarioErrorCode;
  /** A sentence for the person who opened the link or file. */
  message: string;
  /** Technical detail (field path, engine message), for the console or a "details" toggle. */
  detail?: string;
}

export const scenarioError = (code: ScenarioErrorCode, message: string, detail?: string): ScenarioError =>
  detail === undefined ? { code, message } : { code, message, detail };

/** Metadata carried next to a scenario in a link or file. */
export interface ScenarioMeta {
  format: number;
  /** The core's protocol version the author ran (`PROTOCOLS[id].protocol.version`). */
  protocolVersion: number;
  /** The author's trace hash at the cursor, if the author recorded it. */
  traceHash?: string;
  /** A tour's steps, unchecked (the compact `tr` field; src/scenario/tour.ts reads them). */
  tour?: unknown;
}

export type DecodeResult = { ok: true; scenario: Scenario; meta: ScenarioMeta } | { ok: false; error: ScenarioError };

/** Clip a string for inclusion in a message. */
export function clip(s: unknown, n = 40): string {
  const str = typeof s === 'string' ? s : String(s);
  return str.length > n ? `${str.slice(0, n)}…` : str;
}
