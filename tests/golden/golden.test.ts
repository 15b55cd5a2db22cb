// Golden scenario scripts (tests/golden/*.txt), run through src/testing/script.ts.
// GOLDEN_UPDATE=1 rewrites the expected blocks from the actual output. Every expected block in
// these files was then reviewed by hand against PROTOCOL.md (see the comments in each file).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runScript } from '../../src/testing/script';

const dir = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
const update = process.env.GOLDEN_UPDATE === '1';

describe('golden scenarios', () => {
  it('there are golden scripts', () => {
    expect(files.length).toBeGreaterThan(5);
  });
  for (const f of files) {
    it(f.replace(/\.txt$/, ''), () => {
      const path = join(dir, f);
      const text = readFileSync(path, 'utf8');
      const run = runScript(text);
      if (update) {
        if (run.rewritten !== text) writeFileSync(path, run.rewritten);
        return;
      }
      const report = run.failures.map((x) => `${f}:${x.line} ${x.command}\n--- expected\n${x.expected}\n+++ actual\n${x.actual}`).join('\n\n');
      expect(report).toBe('');
    });
  }
});
