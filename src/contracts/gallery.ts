// A gallery story: a short script in the script language (docs/script-format.md: run, act, run
// until something happens, land), with the claims a viewer should see at the landing moment. Each
// protocol plug-in carries its own stories; src/scenario/gallery.ts builds them into scenarios by
// running the script on a Timeline.

import type { Action } from '../kernel/types';
import type { RunSpec } from './spec';

export type Summary = Record<string, string | number | boolean | null>;

/** @deprecated The old TypeScript step form; write `GalleryEntry.script` instead. Still built. */
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
  /** The run the story starts from: the script's setup lines (`scriptSpec(script)`, src/testing/script-lang.ts). */
  spec: RunSpec;
  /**
   * The story in the script language (docs/script-format.md): its setup lines (protocol, seed,
   * timing, links, mutant), then commands; `run-until <condition> max <ms>` waits for something to
   * happen and `land` marks the moment the viewer lands on. No expected output.
   */
  script?: string;
  /** @deprecated The old TypeScript step form, used only when `script` is absent. */
  steps?: GalleryStep[];
  /** What holds at the landing moment, each checked by the gallery test. */
  claims: { text: string; holds: (v: GalleryView) => boolean }[];
  /** This entry is the twin of another (e.g. the same faults under another design): listed under it. */
  twinOf?: string;
  /** The twin link's text. */
  twinLabel?: string;
}
