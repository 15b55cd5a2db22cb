// The real TLC counterexamples of the published spec, as the repository carries them
// (src/protocols/janus-published/tlc/samples/, copied unchanged from ../shared/janus/tlc-traces/; a unit test checks the
// copies when that folder is present). Node only: tests and browser tests read them from here.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SAMPLES_DIR = fileURLToPath(new URL('../../src/protocols/janus-published/tlc/samples/', import.meta.url));
/** The shared originals; absent on a machine without the workplace's shared folder. */
export const SHARED_DIR = '/work/shared/janus/tlc-traces/';
export const hasShared = existsSync(SHARED_DIR);

export const SAMPLE_FILES: string[] = readdirSync(SAMPLES_DIR).filter((f) => f.endsWith('.txt')).sort();
export const readSample = (f: string): string => readFileSync(SAMPLES_DIR + f, 'utf8');

/** The `State N:` blocks of a trace, each as its lines (an independent, line-based reading). */
export function stateBlocks(text: string): string[][] {
  const out: string[][] = [];
  for (const line of text.split('\n')) {
    if (/^State \d+:/.test(line)) out.push([]);
    else if (out.length) out[out.length - 1]!.push(line);
  }
  return out;
}
