// TLC traces in and out of the page (the "TLC trace" tab): every real TLC counterexample in
// ../shared/janus/tlc-traces (carried in src/protocols/janus-published/tlc/samples) replays with one row per `State N:` block, the highlighted values
// agree with what the trace text says changes (read here independently, line by line), upload
// works, bad or edited traces get a clear message without touching the lab's run, "Open in the
// lab" shows the replayed run in the published-spec mode, and the spec-trace JSON downloads.

import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { replayTlcTrace } from '../src/protocols/janus-published/tlc/replay';
import { parseTlcTrace } from '../src/protocols/janus-published/tlc/trace';
import { SAMPLE_FILES, readSample, stateBlocks } from '../tests/support/tlc-samples';
import { button, open, pageErrors } from './helpers';

const FILES = SAMPLE_FILES;
const read = readSample;
const blocks = stateBlocks;

/** A one-line node function of a block, e.g. `/\ Term = [d1 |-> 0, d2 |-> 1, e1 |-> 1]` → { d1: '0', … }. */
function nodeValues(block: string[], variable: string): Record<string, string> {
  const line = block.find((l) => l.startsWith(`/\\ ${variable} = `));
  if (!line) throw new Error(`no ${variable} line`);
  return Object.fromEntries([...line.matchAll(/(d1|d2|e1) \|-> ("[^"]*"|\d+)/g)].map((m) => [m[1]!, m[2]!]));
}

/** The first step (state index ≥ 1) at which `variable` of d1 changes in the text, with its before/after values. */
function firstChange(text: string, variable: string): { k: number; before: Record<string, string>; after: Record<string, string> } | null {
  const bs = blocks(text);
  for (let k = 1; k < bs.length; k++) {
    const before = nodeValues(bs[k - 1]!, variable);
    const after = nodeValues(bs[k]!, variable);
    if (before.d1 !== after.d1) return { k, before, after };
  }
  return null;
}

async function openTlcTab(page: Page): Promise<void> {
  await open(page);
  await page.getByRole('tab', { name: 'TLC trace' }).click();
  await expect(page.getByTestId('tlc-panel')).toBeVisible();
}

async function replayText(page: Page, text: string): Promise<void> {
  await page.getByLabel('TLC error trace').fill(text);
  await button(page, 'Replay TLC trace').click();
}

async function clock(page: Page): Promise<{ events: string | null; time: string | null }> {
  const c = page.getByTestId('clock');
  return { events: await c.getAttribute('data-events'), time: await c.getAttribute('data-time') };
}

test('every real TLC trace replays, one row per state, with the changes the text shows highlighted', async ({ page }) => {
  await openTlcTab(page);
  expect(FILES.length).toBeGreaterThanOrEqual(8);
  let checked = 0;
  for (const f of FILES) {
    const text = read(f);
    const n = blocks(text).length;
    await replayText(page, text);
    const status = page.getByTestId('tlc-status');
    await expect(status, f).toHaveAttribute('data-ok', 'true');
    await expect(status, f).toHaveText(`All ${n} states reproduced.`);
    await expect(page.getByTestId('tlc-step'), f).toHaveCount(n);
    await expect(page.locator('[data-testid="tlc-step"][data-ok="true"]'), f).toHaveCount(n);

    // Term of d1 changes somewhere in every trace but the 5-state deadlock, where Role does.
    const variable = firstChange(text, 'Term') ? 'Term' : 'Role';
    const ch = firstChange(text, variable)!;
    expect(ch, f).not.toBeNull();
    await page.locator(`[data-testid="tlc-step"][data-n="${ch.k + 1}"]`).click();
    await expect(page.getByTestId('tlc-detail'), f).toHaveAttribute('data-n', String(ch.k + 1));
    for (const node of ['d1', 'd2', 'e1']) {
      const cell = page.locator(`[data-testid="tlc-vars"] td[data-var="${variable}"][data-node="${node}"]`);
      await expect(cell, `${f} ${variable} ${node}`).toHaveText(ch.after[node]!);
      const changes = ch.before[node] !== ch.after[node];
      await expect(cell, `${f} ${variable} ${node}`).toHaveAttribute('data-changed', String(changes));
      if (changes) await expect(cell).toHaveClass(/\bchanged\b/);
    }
    checked++;
  }
  expect(checked).toBe(FILES.length);

  // Arrow keys move through the states.
  const list = page.getByTestId('tlc-steps');
  await list.locator('[data-n="2"]').click();
  await list.press('ArrowDown');
  await expect(page.getByTestId('tlc-detail')).toHaveAttribute('data-n', '3');
  await list.press('ArrowUp');
  await list.press('ArrowUp');
  await expect(page.getByTestId('tlc-detail')).toHaveAttribute('data-n', '1');
  await list.press('End');
  await expect(page.getByTestId('tlc-detail')).toHaveAttribute('data-n', String(blocks(read(FILES[FILES.length - 1]!)).length));
  expect(pageErrors(page)).toEqual([]);
});

test('upload a .txt file; the sample select loads the same traces', async ({ page }) => {
  await openTlcTab(page);
  const f = 'p2-elector-amnesia.txt';
  await page.getByTestId('tlc-file').setInputFiles({ name: f, mimeType: 'text/plain', buffer: Buffer.from(read(f), 'utf8') });
  await expect(page.getByTestId('tlc-status')).toHaveText(`All ${blocks(read(f)).length} states reproduced.`);
  await expect(page.getByLabel('TLC error trace')).toHaveValue(read(f));
  await page.getByLabel('Load a sample').selectOption({ label: 'initworkload-deadlock' });
  await expect(page.getByLabel('TLC error trace')).toHaveValue(read('initworkload-deadlock.txt'));
  await expect(page.getByTestId('tlc-status')).toHaveText('All 5 states reproduced.');
  await expect(page.getByTestId('tlc-step')).toHaveCount(5);
  expect(pageErrors(page)).toEqual([]);
});

test("a garbled trace or an oversized file gives a clear message; the lab's run is untouched", async ({ page }) => {
  await openTlcTab(page);
  await button(page, 'Step').click();
  await button(page, 'Step').click();
  const before = await clock(page);
  expect(Number(before.events)).toBeGreaterThan(0);

  // Break the value of Term in State 3: an unclosed record.
  const lines = read('p1-rf1-leader-restart.txt').split('\n');
  const s3 = lines.findIndex((l) => l.startsWith('State 3:'));
  const term = lines.findIndex((l, i) => i > s3 && l.startsWith('/\\ Term = '));
  lines[term] = lines[term]!.replace(/\]\s*$/, '');
  await replayText(page, lines.join('\n'));
  const status = page.getByTestId('tlc-status');
  await expect(status).toHaveAttribute('data-ok', 'false');
  await expect(status).toContainText(`line ${term + 1}`);
  await expect(status).toContainText('Term');
  await expect(status).toHaveAttribute('data-line', String(term + 1));
  await expect(page.getByTestId('tlc-step')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Open in the lab', exact: true })).toBeDisabled();

  // Not a trace at all.
  await replayText(page, 'hello, this is not TLC output');
  await expect(status).toHaveAttribute('data-ok', 'false');
  await expect(status).toContainText('State N:');

  // Too large (2 MB limit), refused before it is read.
  await page.getByTestId('tlc-file').setInputFiles({ name: 'huge.txt', mimeType: 'text/plain', buffer: Buffer.alloc(2 * 1024 * 1024 + 10, 'a') });
  await expect(status).toHaveAttribute('data-ok', 'false');
  await expect(status).toContainText('up to 2 MB');

  // Pasted text over the limit (one input event, as a paste gives; Playwright's fill types it far slower).
  await page.getByLabel('TLC error trace').evaluate((el, text) => {
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(el, text);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, `State 1: <Initial predicate>\n${'/\\ Term = 0\n'.repeat(200_000)}`);
  await button(page, 'Replay TLC trace').click();
  await expect(status).toHaveAttribute('data-ok', 'false');
  await expect(status).toContainText('up to 2 MB');
  await expect(page.getByTestId('tlc-step')).toHaveCount(0);

  expect(await clock(page)).toEqual(before);
  await expect(page.getByTestId('protocol-select')).toHaveValue('janus-3+1');
  expect(pageErrors(page)).toEqual([]);
});

test('an edited value is reported at its step with the first difference', async ({ page }) => {
  await openTlcTab(page);
  const text = read('p2-elector-amnesia.txt');
  const ch = firstChange(text, 'Term')!; // the first step where d1's term changes
  const n = ch.k + 1;
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`State ${n}:`));
  const at = lines.findIndex((l, i) => i > start && l.startsWith('/\\ Term = '));
  const wrong = Number(ch.after.d1) + 5;
  lines[at] = lines[at]!.replace(/d1 \|-> \d+/, `d1 |-> ${wrong}`);
  await replayText(page, lines.join('\n'));
  const status = page.getByTestId('tlc-status');
  await expect(status).toHaveAttribute('data-ok', 'false');
  await expect(status).toContainText(`State ${n}`);
  await expect(status).toContainText(`Term at d1 is ${ch.after.d1} here, ${wrong} in the trace`);
  const failed = page.locator('[data-testid="tlc-step"][data-ok="false"]');
  await expect(failed).toHaveCount(1);
  await expect(failed).toHaveAttribute('data-n', String(n));
  await expect(failed).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('[data-testid="tlc-step"][data-ok="true"]')).toHaveCount(n - 1);
  await expect(page.getByTestId('tlc-step')).toHaveCount(blocks(text).length);
  await expect(page.getByTestId('tlc-diff-where')).toHaveText('Term at d1');
  await expect(page.getByTestId('tlc-diff-expected')).toHaveText(String(wrong));
  await expect(page.getByTestId('tlc-diff-actual')).toHaveText(ch.after.d1!);
  await expect(page.locator('[data-testid="tlc-vars"] td[data-var="Term"][data-node="d1"]')).toHaveAttribute('data-diff', 'true');
  expect(pageErrors(page)).toEqual([]);
});

test('Open in the lab shows the replayed run in the published mode; steps move the cursor; the spec trace downloads', async ({ page }) => {
  await openTlcTab(page);
  const download = page.getByTestId('spec-trace-download');
  await expect(download).toBeDisabled();
  await expect(download).toHaveAttribute('title', /exist only in the published-spec mode/);

  const f = 'p2-elector-amnesia.txt';
  const text = read(f);
  await replayText(page, text);
  await expect(page.getByTestId('tlc-status')).toHaveAttribute('data-ok', 'true');
  await button(page, 'Open in the lab').click();
  const protocol = page.getByTestId('protocol-select');
  await expect(protocol).toHaveValue('janus-published');
  await expect(protocol.locator('option:checked')).toHaveText(/^Janus 2\+1 — published spec/);
  await expect(page.getByTestId('tlc-panel')).toBeVisible(); // the tab stays open over the new run
  // The cursor is on the last state (the run's event count after the replay).
  const last = blocks(text).length;
  const events = replayTlcTrace(text).steps.map((x) => x.eventIndex);
  await expect(page.getByTestId('clock')).toHaveAttribute('data-events', String(events[last - 1]));
  // State 15 of the README: d1 and d2 both lead term 2.
  for (const id of ['D1', 'D2']) {
    await expect(page.getByTestId(`node-${id}`)).toHaveAttribute('data-role', 'leader');
    await expect(page.getByTestId(`node-${id}`)).toHaveAttribute('data-term', '2');
  }
  // Selecting a step moves the lab's cursor to that state: the cluster shows the text's values.
  await page.locator('[data-testid="tlc-step"][data-n="4"]').click();
  await expect(page.getByTestId('clock')).toHaveAttribute('data-events', String(events[3]));
  const b4 = blocks(text)[3]!;
  for (const [id, node] of [['D1', 'd1'], ['D2', 'd2']] as const) {
    await expect(page.getByTestId(`node-${id}`)).toHaveAttribute('data-term', nodeValues(b4, 'Term')[node]!);
    await expect(page.getByTestId(`node-${id}`)).toHaveAttribute('data-role', JSON.parse(nodeValues(b4, 'Role')[node]!) as string);
  }
  await page.getByTestId('tlc-steps').press('End');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-events', String(events[last - 1]));

  // The spec trace of the lab's run: valid JSON over the spec's variables, ending in the trace's last state.
  await expect(download).toBeEnabled();
  const [dl] = await Promise.all([page.waitForEvent('download'), download.click()]);
  expect(dl.suggestedFilename()).toBe('janus-spec-trace.json');
  const json = JSON.parse(readFileSync((await dl.path())!, 'utf8')) as Record<string, unknown>[];
  expect(Array.isArray(json)).toBe(true);
  expect(json.length).toBeGreaterThanOrEqual(last);
  const vars = ['LoggedIdx', 'CommittedIdx', 'Term', 'Role', 'ReplicationFactor', 'CurrentLeader', 'DmlLog', 'NumFailures', 'Messages'];
  for (const st of json) expect(Object.keys(st).sort()).toEqual([...vars].sort());
  const want = parseTlcTrace(text).states[last - 1]!.vars;
  const end = json[json.length - 1]!;
  for (const v of vars.filter((x) => x !== 'Messages')) expect(end[v], v).toEqual(want[v]);
  expect((end.Messages as unknown[]).length).toBe((want.Messages as unknown[]).length);
  expect(pageErrors(page)).toEqual([]);
});
