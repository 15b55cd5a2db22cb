// The generated bad-link corpus (src/scenario/badlinks.ts), fed to the page through the
// address bar. For each link: the notice says what is wrong (the same words as the decoder),
// the page recovers to a fresh default run (or a run labelled partial), and there are no
// uncaught errors, console errors or dialogs. Script in any field never runs.

import { expect, test } from '@playwright/test';
import { generateBadLinks } from '../tests/support/badlinks';
import { openLink } from '../src/scenario';
import { pageErrors, open } from './helpers';

test('≥ 200 bad links: clear message, page recovers, nothing runs', async ({ page }) => {
  test.setTimeout(300_000);
  const corpus = (await generateBadLinks()).filter((x) => x.kind === 'link' && !x.expect.includes('empty'));
  expect(corpus.length).toBeGreaterThanOrEqual(200);
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text().slice(0, 200)}`);
  });
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await open(page);
  let previous = '';
  let fresh = 0;
  for (const [k, item] of corpus.entries()) {
    // Every 25th link is opened by a fresh page load, the others by changing the hash.
    // (Only plain links, whose characters the browser keeps as they are.)
    const byLoad = k % 25 === 0 && /^#[\w.-]*$/.test(item.input);
    let got = item.input;
    if (byLoad) {
      await page.goto('about:blank');
      await page.goto(`/${item.input}`);
      fresh++;
    } else {
      // The browser may percent-encode characters of the hash: expect what the decoder says about what the page got.
      got = await page.evaluate((h) => {
        location.hash = h;
        return location.hash;
      }, item.input);
    }
    const r = await openLink(got);
    const outcome = r.ok ? (r.partial ? 'partial' : 'ok') : r.error.code;
    expect(item.expect, `${item.id}: ${outcome}`).toContain(outcome);
    const expected = !r.ok ? r.error.message : r.partial ? r.reason : '';
    // The same message twice in a row would not show a change: open a gallery scenario in between.
    if (expected === previous && !byLoad) {
      await page.evaluate(() => {
        location.hash = '#gallery/normal-rf3';
      });
      await expect(page.getByTestId('notice')).toContainText('Normal replication');
      await page.evaluate((h) => {
        location.hash = h;
      }, item.input);
    }
    previous = expected;
    await expect(page.getByTestId('notice'), item.id).toContainText(expected.slice(0, 120), { timeout: 10_000 });
    await expect(page.getByTestId('notice'), item.id).toHaveAttribute('data-kind', 'error');
    if (!r.ok) {
      await expect(page.getByTestId('notice'), item.id).toContainText('A fresh default run was opened instead.');
      // Recovered: the default run, at its start, with every node up.
      await expect(page.getByTestId('clock'), item.id).toHaveAttribute('data-events', '0');
      await expect(page.getByTestId('node-D3'), item.id).toHaveAttribute('data-up', 'true');
    } else {
      await expect(page.getByTestId('node-E'), item.id).toBeVisible();
    }
  }
  // The page still works: play makes time run.
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(async () => Number(await page.getByTestId('clock').getAttribute('data-time'))).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  expect(fresh).toBeGreaterThan(5);
  expect(await page.evaluate(() => (Object.prototype as Record<string, unknown>).polluted ?? (window as unknown as Record<string, unknown>).__pwned ?? null)).toBeNull();
  expect(problems).toEqual([]);
  expect(pageErrors(page)).toEqual([]);
});
