// Colour scales. Terms use the Okabe–Ito palette (safe for the common colour-vision
// deficiencies); the term number is always printed too, so colour is never the only cue.
// Message colours are the protocol's own (its vocabulary), published by the store.

import { lab, scaleLog } from 'd3';
import { NEUTRAL } from '../store';

export const OKABE_ITO = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#999999'] as const;

export function termColor(term: number): string {
  if (term <= 0) return '#d9d9d9';
  return OKABE_ITO[(term - 1) % OKABE_ITO.length]!;
}

/** Text colour readable on a term colour. */
export function termInk(term: number): string {
  return inkOn(termColor(term));
}

/** The colour of a message type in the protocol's colours (neutral for a type it does not list). */
export const msgColor = (colors: Readonly<Record<string, string>>, type: string): string => colors[type] ?? NEUTRAL;

/** Speed slider: position 0..1000 ↔ speed 0.1×..100× on a log scale. */
export const speedScale = scaleLog().domain([0.1, 100]).range([0, 1000]).clamp(true);

/** Dark or light text, whichever reads better on `color` (CIELAB lightness). */
export function inkOn(color: string): string {
  return lab(color).l > 62 ? '#111' : '#fff';
}
