// Golden scenario scripts (tests/golden/*.txt), run through src/testing/script.ts. Every command's
// output is compared with its expected block (a command without a block must print nothing).
// UPDATE_GOLDEN=1 (or GOLDEN_UPDATE=1) rewrites the expected blocks from the actual output; each
// rewritten block must then be reviewed by hand against PROTOCOL.md (tests/golden/README.md).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScript, runScript } from '../../src/testing/script';

const dir = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
const update = process.env.UPDATE_GOLDEN === '1' || process.env.GOLDEN_UPDATE === '1';

/** The commands that show the messages exchanged (etcd rafttest style). */
const MESSAGE_COMMANDS = /^(msgs|log|deliver|drop|duplicate)\b/;

describe('golden scenarios', () => {
  it('there are golden scripts, and at least five show the messages exchanged', () => {
    expect(files.length).toBeGreaterThan(5);
    const withMessages = files.filter((f) =>
      parseScript(readFileSync(join(dir, f), 'utf8')).some((i) => i.kind === 'cmd' && MESSAGE_COMMANDS.test(i.text) && (i.expected?.length ?? 0) > 0),
    );
    expect(withMessages.length, withMessages.join(', ')).toBeGreaterThanOrEqual(5);
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
      // Every expected block was compared with its command's output.
      const blocks = text.split('\n').filter((l) => l.trim() === '----').length;
      expect(blocks, `${f}: expected blocks`).toBeGreaterThan(0);
      expect(run.checked, `${f}: expected blocks checked`).toBe(blocks);
      const report = run.failures.map((x) => `${f}:${x.line} ${x.command}\n--- expected\n${x.expected}\n+++ actual\n${x.actual}`).join('\n\n');
      expect(report).toBe('');
      // A rewrite from the actual output gives the file back: nothing unchecked, nothing reformatted.
      expect(run.rewritten).toBe(text);
    });
  }
});
