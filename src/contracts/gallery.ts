// A gallery story: a short script run against the engine (advance, act, advance until something
// happens, land), with the claims a viewer should see at the landing moment. Each protocol
// plug-in carries its own stories; src/scenario/gallery.ts builds them into scenarios.

import type { Action } from '../kernel/types';
import type { RunSpec } from './spec';

export type Summary = Record<string, string | number | boolean | null>;

export type GalleryStep =
  | { advance: number }
  | { act: Action }
  /** Step event by event until `cond` holds (at most `max` ms of virtual time). */
  | { until: (v: GalleryView) => boolean; max: number; what: string }
  /** The moment the viewer lands on. */
  | { land: true };

/** What the claims and `until` conditions look at. */
export interface GalleryView {
  /** The node's `Protocol.summary`. */
  s(id: string): Summary;
  up(id: string): boolean;
  /** Data nodes that are up and lead. */
  leaders(): string[];
  violations(): string[];
  dataNodes: string[];
}

export interface GalleryEntry {
  id: string;
  title: string;
  /** Two to four sentences: what to watch for and why the protocol behaves that way. */
  text: string;
  spec: RunSpec;
  steps: GalleryStep[];
  /** What holds at the landing moment, each checked by the gallery test. */
  claims: { text: string; holds: (v: GalleryView) => boolean }[];
  /** This entry is the twin of another (e.g. the same faults under another design): listed under it. */
  twinOf?: string;
  /** The twin link's text. */
  twinLabel?: string;
}
