// Guarded JSON parsing for untrusted text: a depth limit checked before parsing, keys that
// could pollute prototypes refused, and no exception escapes.

import { LIMITS, scenarioError, type ScenarioError } from './types';

/** Maximum nesting of arrays/objects in a JSON text, scanning outside strings. Stops early past `limit`. */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped char
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 93 || c === 125) depth--;
  }
  return max;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function parseJsonGuarded(text: string, what: string): { ok: true; value: unknown } | { ok: false; error: ScenarioError } {
  if (jsonDepth(text, LIMITS.maxDepth) > LIMITS.maxDepth)
    return { ok: false, error: scenarioError('too-deep', `${what} is nested deeper than a scenario ever is (more than ${LIMITS.maxDepth} levels); it was not opened.`) };
  let bad: string | null = null;
  let value: unknown;
  try {
    value = JSON.parse(text, function (key, v: unknown) {
      if (FORBIDDEN_KEYS.has(key)) bad = key;
      return v;
    });
  } catch (e) {
    return { ok: false, error: scenarioError('bad-json', `${what} is not valid JSON: it may be cut short or edited by hand.`, e instanceof Error ? e.message : String(e)) };
  }
  if (bad !== null) return { ok: false, error: scenarioError('hostile', `${what} was refused: it contains the key "${bad}", which scenarios never use. Nothing from it was run.`) };
  return { ok: true, value };
}
