// Command-line input for the lab's CLIs (npm run explore, export-spec-trace): a small strict
// parser. Every mistake — a flag without its value, an unknown flag, a number that is not a whole
// number or out of range, an output path that is a directory or cannot be written — is a
// `UsageError` with a one-line message; the CLI prints it and exits with code 2, never a stack trace.

import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export class UsageError extends Error {}

export type FlagSpec =
  | { type: 'bool'; help?: string }
  | { type: 'string'; help?: string }
  | { type: 'int'; min: number; max: number; help?: string }
  /** A file the CLI will write: must not be a directory, its folder must exist and be writable. */
  | { type: 'out'; help?: string };

export type FlagValue = boolean | string | number;

/** Parsed flags by name (absent flags are absent). */
export type Parsed = Record<string, FlagValue>;

/** The explorer's `--runs` maximum (documented in README and docs/architecture.md). */
export const MAX_RUNS = 1_000_000;
/** Seeds are 32-bit unsigned numbers (the kernel's PRNG takes a u32 seed). */
export const MAX_SEED = 0xffff_ffff;

/** A whole number written in plain decimal (no exponent, hex, blank or fraction), within [min, max]. */
export function parseWhole(name: string, raw: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(raw)) throw new UsageError(`--${name} takes a whole number, got '${raw.slice(0, 40)}'`);
  const v = Number(raw);
  if (!Number.isSafeInteger(v) || v < min || v > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${raw.slice(0, 40)}`);
  return v;
}

/** Why `path` cannot be written as a file, or null if it can (checked before any work is done). */
export function outputPathProblem(path: string): string | null {
  if (path === '') return 'the output path is empty';
  const full = resolve(path);
  try {
    const st = statSync(full);
    if (st.isDirectory()) return `${path} is a directory, not a file`;
    accessSync(full, constants.W_OK);
    return null;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') return `${path} cannot be written (permission denied)`;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') return `${path} cannot be written (${code ?? (e as Error).message})`;
  }
  const dir = dirname(full);
  try {
    const st = statSync(dir);
    if (!st.isDirectory()) return `${dirname(path)} is not a folder`;
    accessSync(dir, constants.W_OK);
    return null;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return `the folder ${dirname(path)} does not exist`;
    if (code === 'EACCES' || code === 'EPERM') return `the folder ${dirname(path)} cannot be written (permission denied)`;
    return `${path} cannot be written (${code ?? (e as Error).message})`;
  }
}

/**
 * Parse `argv` (without node and the script) against `spec`. Accepts `--name value` and
 * `--name=value`; a boolean flag takes no value. With `positional`, non-flag arguments are
 * collected (at most `positional` of them); otherwise any is an error.
 */
export function parseArgs(argv: readonly string[], spec: Readonly<Record<string, FlagSpec>>, positional = 0): { flags: Parsed; rest: string[] } {
  const flags: Parsed = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--') || a === '--') {
      if (a === '--') continue;
      if (rest.length >= positional) throw new UsageError(`unexpected argument '${a.slice(0, 40)}'`);
      rest.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
    const s = spec[name];
    if (!s) throw new UsageError(`unknown option --${name.slice(0, 40)} (known: ${Object.keys(spec).map((k) => `--${k}`).join(', ')})`);
    if (name in flags) throw new UsageError(`--${name} is given twice`);
    if (s.type === 'bool') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      flags[name] = true;
      continue;
    }
    let raw: string | undefined;
    if (eq >= 0) raw = a.slice(eq + 1);
    else {
      raw = argv[i + 1];
      if (raw === undefined || raw.startsWith('--')) raw = undefined;
      else i++;
    }
    if (raw === undefined || raw === '') throw new UsageError(`--${name} needs a value`);
    if (s.type === 'int') flags[name] = parseWhole(name, raw, s.min, s.max);
    else if (s.type === 'out') {
      const problem = outputPathProblem(raw);
      if (problem) throw new UsageError(`--${name}: ${problem}`);
      flags[name] = raw;
    } else flags[name] = raw;
  }
  return { flags, rest };
}

/** The explorer CLI's flags (scripts/explore.ts). */
export const EXPLORE_FLAGS = {
  protocol: { type: 'string', help: 'the shape to explore' },
  runs: { type: 'int', min: 1, max: MAX_RUNS, help: `number of runs, 1 to ${MAX_RUNS}` },
  seed: { type: 'int', min: 0, max: MAX_SEED, help: 'master seed' },
  mutant: { type: 'string', help: 'break one rule on purpose' },
  'list-mutants': { type: 'bool' },
  'keep-going': { type: 'bool' },
  'base-url': { type: 'string' },
  quiet: { type: 'bool' },
  'replay-seed': { type: 'int', min: 0, max: MAX_SEED, help: 're-run one run by its run seed' },
  trace: { type: 'bool' },
} as const satisfies Record<string, FlagSpec>;
