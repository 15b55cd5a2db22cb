// The pace of playback: virtual milliseconds per wall-clock second, as a speed factor.
// 1× plays one virtual ms per real ms; 0.001× plays one virtual ms per real second.

import { DEFAULT_LINK } from '../kernel';

/** Slowest speed: one virtual ms per wall second. */
export const SPEED_MIN = 0.001;
/** Fastest speed. */
export const SPEED_MAX = 1000;

/** The mean one-way latency of a link with the kernel's default parameters (ms, tail excluded). */
export const DEFAULT_HOP_MS = DEFAULT_LINK.latencyMin + DEFAULT_LINK.latencyJitter / 2;

/**
 * The "lecture" pace: one message hop of the default latency takes about one second on screen
 * (DEFAULT_HOP_MS virtual ms per 1000 real ms). Gallery scenarios and tours open at this pace.
 */
export const LECTURE_SPEED = DEFAULT_HOP_MS / 1000;

/** Clamp a requested speed into [SPEED_MIN, SPEED_MAX]; NaN and ±Infinity give null. */
export function clampSpeed(speed: number): number | null {
  if (!Number.isFinite(speed) || speed <= 0) return null;
  return Math.min(SPEED_MAX, Math.max(SPEED_MIN, speed));
}

/** Slider position in [0, 1] for a speed (log scale) and back. */
export function speedToSlider(speed: number): number {
  return (Math.log10(speed) - Math.log10(SPEED_MIN)) / (Math.log10(SPEED_MAX) - Math.log10(SPEED_MIN));
}
export function sliderToSpeed(x: number): number {
  return 10 ** (Math.log10(SPEED_MIN) + Math.min(1, Math.max(0, x)) * (Math.log10(SPEED_MAX) - Math.log10(SPEED_MIN)));
}

/** A speed as the time bar prints it: "1000×", "2.5×", "0.50×", "0.014×", "0.001×". */
export function formatSpeed(s: number): string {
  if (s >= 10) return `${Math.round(s)}×`;
  if (s >= 1) return `${s.toFixed(1)}×`;
  if (s >= 0.1) return `${s.toFixed(2)}×`;
  return `${Number(s.toPrecision(2))}×`;
}

/** Is `speed` the lecture pace, up to rounding to the time bar's slider (1200 steps: 0.005 of a decade each)? */
export function isLecturePace(speed: number): boolean {
  return Math.abs(Math.log10(speed) - Math.log10(LECTURE_SPEED)) < 0.003;
}

/** Round speeds (1-2-5 in each decade) and the lecture pace, slowest first: PageUp/PageDown on the speed slider. */
export const SPEED_PRESETS: readonly number[] = (() => {
  const out: number[] = [];
  for (let e = Math.log10(SPEED_MIN); e < Math.log10(SPEED_MAX); e++) for (const m of [1, 2, 5]) out.push(Number((m * 10 ** e).toPrecision(1)));
  out.push(SPEED_MAX);
  out.push(LECTURE_SPEED);
  return out.sort((a, b) => a - b);
})();

/** The next preset faster (dir 1) or slower (dir -1) than `speed` (a speed between presets goes to the nearer one that way). */
export function nextPreset(speed: number, dir: 1 | -1): number {
  const eps = 1e-9;
  if (dir > 0) return SPEED_PRESETS.find((p) => p > speed * (1 + eps)) ?? SPEED_MAX;
  for (let i = SPEED_PRESETS.length - 1; i >= 0; i--) if (SPEED_PRESETS[i]! < speed * (1 - eps)) return SPEED_PRESETS[i]!;
  return SPEED_MIN;
}
