// A tour: a scenario told step by step (issue 12, docs/tours.md). A plug-in's tours are scripts in
// the script language (docs/script-format.md) with `caption` commands: each caption is one step,
// pinned to the script's current point (events applied and virtual time). The script's other
// commands make the run, so every tour is also a regression test (tests/tours/tours.test.ts).

import type { Cursor } from '../kernel/timeline';

/** What a step points at in the picture. Every field is optional; unknown names are refused. */
export interface TourHighlights {
  /** Node ids. */
  nodes?: string[];
  /** A message in flight at the step's moment, by id. */
  message?: number;
  /** Log entries: a range of indexes on a node (inclusive). */
  entries?: { node: string; from: number; to: number }[];
  /** The replication set (the leader's, as its view gives it). */
  replicationSet?: boolean;
}

/** One step of a tour. */
export interface TourStep {
  /** The moment: events applied and the virtual time (ms). */
  at: Cursor;
  /** Plain text with **bold**, *italics* and `code`, nothing else (rendered as text, never as markup). */
  text: string;
  highlights: TourHighlights;
  /** A "Try it" prompt: one action command of the script language (e.g. `crash D1`), or null. */
  tryIt: string | null;
}

/** A tour a plug-in carries: a whole script, setup lines first. */
export interface TourDef {
  id: string;
  title: string;
  /** One sentence for the list of tours. */
  summary: string;
  /** The script: setup lines (`protocol`, `seed`, …), then commands and `caption`s. */
  script: string;
  /** The gallery story this tour tells, if any (the gallery lists it as that story's tour). */
  gallery?: string;
}

/** Limits every tour (a plug-in's, a link's or a file's) is held to. */
export const TOUR_LIMITS = {
  /** Characters of one caption. */
  maxCaption: 1000,
  /** Steps of one tour. */
  maxSteps: 100,
  /** Characters of a tour's title. */
  maxTitle: 120,
  /** Characters of a tour script file. */
  maxScript: 256 * 1024,
} as const;
