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
  /** The run the story starts from (a script's setup lines: protocol, seed, links, timing, mutant). */
  spec: RunSpec;
  /**
   * The story's commands in the script language (docs/script-format.md), run on a Timeline of
   * `spec`: no setup lines, no expected output. `run-until <condition> max <ms>` waits for
   * something to happen and `land` marks the moment the viewer lands on. Write it with `story`.
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

/**
 * A story's script written inside TypeScript, as a tagged template: the literal's common
 * indentation and its first and last blank lines are removed; `${part}` inserts a shared fragment
 * (whole lines, written without indentation) as it is.
 */
export function story(strings: TemplateStringsArray, ...parts: string[]): string {
  const indent = /\n([ \t]*)\S/.exec(strings.join(''))?.[1] ?? '';
  const strip = (s: string) =>
    s
      .split('\n')
      .map((l, i) => (i === 0 ? l : l.startsWith(indent) ? l.slice(indent.length) : l.trimStart()))
      .join('\n');
  let out = strip(strings[0]!);
  parts.forEach((v, i) => (out += v.replace(/\n$/, '') + strip(strings[i + 1]!)));
  return out.replace(/^[ \t]*\n/, '').trimEnd() + '\n';
}
