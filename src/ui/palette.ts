// Colour scales. Terms use the Okabe–Ito palette (safe for the common colour-vision
// deficiencies); the term number is always printed too, so colour is never the only cue.
// Message colours are the protocol's own (its vocabulary), published by the store.

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

/** Dark or light text, whichever reads better on `color` (CIELAB lightness). */
export function inkOn(color: string): string {
  return labLightness(color) > 62 ? '#111' : '#fff';
}

const lrgb = (x: number): number => ((x /= 255) <= 0.04045 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4));

/**
 * CIELAB lightness (D50) of a `#rgb` or `#rrggbb` colour, with d3-color's constants (written out so
 * d3 stays out of the start chunk); NaN for any other text.
 */
export function labLightness(color: string): number {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!m) return NaN;
  const h = m[1]!.length === 3 ? m[1]!.replace(/./g, (c) => c + c) : m[1]!;
  const [r, g, b] = [0, 2, 4].map((i) => lrgb(parseInt(h.slice(i, i + 2), 16))) as [number, number, number];
  const y = 0.2225045 * r + 0.7168786 * g + 0.0606169 * b;
  const t1 = 6 / 29;
  return 116 * (y > t1 * t1 * t1 ? Math.pow(y, 1 / 3) : y / (3 * t1 * t1) + 4 / 29) - 16;
}
