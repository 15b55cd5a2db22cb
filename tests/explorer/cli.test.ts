// Command-line input: each mistake is a one-line message and exit code 2, never a stack trace.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXPLORE_FLAGS, MAX_RUNS, outputPathProblem, parseArgs, UsageError } from '../../scripts/cli';

const parse = (...argv: string[]) => parseArgs(argv, EXPLORE_FLAGS).flags;
const error = (...argv: string[]): string => {
  try {
    parse(...argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`accepted: ${argv.join(' ')}`);
};

const dir = mkdtempSync(join(tmpdir(), 'janus-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CLI flags', () => {
  it('reads flags with a space or an equals sign', () => {
    expect(parse('--protocol', 'janus-2+1', '--runs=10000', '--seed', '0', '--quiet')).toEqual({ protocol: 'janus-2+1', runs: 10000, seed: 0, quiet: true });
    expect(parse('--replay-seed', '4294967295')).toEqual({ 'replay-seed': 4294967295 });
  });

  it('refuses a flag without its value', () => {
    expect(error('--runs')).toBe('--runs needs a value');
    expect(error('--seed', '--quiet')).toBe('--seed needs a value');
    expect(error('--runs=')).toBe('--runs needs a value');
  });

  it('refuses unknown flags, stray arguments and repeats', () => {
    expect(error('--rnus', '5')).toMatch(/^unknown option --rnus/);
    expect(error('janus-3+1')).toBe("unexpected argument 'janus-3+1'");
    expect(error('--runs', '5', '--runs', '6')).toBe('--runs is given twice');
    expect(error('--quiet=yes')).toBe('--quiet takes no value');
  });

  it('refuses numbers that are not whole, or out of range', () => {
    expect(error('--replay-seed', 'abc')).toBe("--replay-seed takes a whole number, got 'abc'");
    expect(error('--runs', '1e12')).toBe("--runs takes a whole number, got '1e12'");
    expect(error('--runs', '2.5')).toMatch(/whole number/);
    expect(error('--runs', '0x10')).toMatch(/whole number/);
    expect(error('--runs', '0')).toBe(`--runs must be between 1 and ${MAX_RUNS}, got 0`);
    expect(error('--runs', String(MAX_RUNS + 1))).toMatch(/must be between/);
    expect(error('--seed', '-1')).toMatch(/must be between 0 and 4294967295/);
    expect(parse('--runs', String(MAX_RUNS)).runs).toBe(MAX_RUNS);
  });

  it('checks an output path before any work: a directory, a missing folder, a read-only folder', () => {
    expect(outputPathProblem(dir)).toBe(`${dir} is a directory, not a file`);
    expect(outputPathProblem(join(dir, 'missing', 'x.json'))).toBe(`the folder ${join(dir, 'missing')} does not exist`);
    expect(outputPathProblem(join(dir, 'x.json'))).toBeNull();
    writeFileSync(join(dir, 'file'), '');
    expect(outputPathProblem(join(dir, 'file', 'x.json'))).toMatch(/is not a folder|does not exist/);
    if (process.getuid?.() !== 0) {
      const ro = join(dir, 'ro');
      rmSync(ro, { force: true, recursive: true });
      mkdirSync(ro);
      chmodSync(ro, 0o500);
      expect(outputPathProblem(join(ro, 'x.json'))).toMatch(/permission denied/);
      chmodSync(ro, 0o700);
    }
  });
});

describe('the CLIs exit with code 2 and one line on bad input', () => {
  const tsx = join(process.cwd(), 'node_modules/.bin/tsx');
  const run = (script: string, ...args: string[]) => spawnSync(tsx, [script, ...args], { encoding: 'utf8', timeout: 60_000 });

  for (const args of [['--runs'], ['--runs', '1e12'], ['--replay-seed', 'abc'], ['--bogus'], ['--protocol', 'nope']]) {
    it(`explore ${args.join(' ')}`, () => {
      const r = run('scripts/explore.ts', ...args);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('export-spec-trace with --out into a directory or a missing folder, or a directory as input', () => {
    for (const args of [['x', '--out', dir], ['x', '--out', join(dir, 'no', 'such.json')], [dir]]) {
      const r = run('scripts/export-spec-trace.ts', ...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stderr.split('\n')[0]).toMatch(/directory|does not exist/);
    }
  });
});
