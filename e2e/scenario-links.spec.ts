// Scenario links in the browser: a link reopens exactly the author's run at the stored moment,
// and the address bar follows the run (replace while it moves, push on a fork).

import { expect, test, type Page } from '@playwright/test';
import { decodeLink, encodeLink } from '../src/scenario';
import { randomScenario } from '../src/scenario/random';
import { attr, button, DATA, expectSameState, open, pageErrors, speedUp, waitLeader } from './helpers';

const consoleErrors = new WeakMap<Page, string[]>();
test.beforeEach(async ({ page }) => {
  const errs: string[] = [];
  consoleErrors.set(page, errs);
  page.on('console', (m) => {
    if (m.type() === 'error') errs.push(m.text());
  });
  page.on('dialog', (d) => {
    errs.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
});
test.afterEach(async ({ page }) => {
  expect(pageErrors(page), 'uncaught page errors').toEqual([]);
  expect(consoleErrors.get(page), 'console errors and dialogs').toEqual([]);
});

test('links reopen the author’s run at the stored moment (random scenarios, 3+1 and 2+1)', async ({ page }) => {
  const shapes = new Set<string>();
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    const { scenario, traceHash, timeline } = randomScenario(seed, 12);
    shapes.add(scenario.spec.protocol);
    const hash = await encodeLink(scenario, { traceHash });
    await page.goto(`/${hash}`);
    await expect(page.getByTestId('node-E')).toBeVisible();
    await expectSameState(page, timeline);
    // Opened exactly: no "differs from what the author saw", no error.
    await expect(page.getByTestId('notice')).not.toHaveAttribute('data-kind', 'error');
    // The address bar keeps the link (nothing changed, nothing to write).
    expect(new URL(page.url()).hash).toBe(hash);
  }
  expect(shapes.size).toBe(2);
});

test('a page opened on a link draws the link’s run from its first frame, never the default run first', async ({ page }) => {
  // Regression (final CI of stop 20: the embed showed time 0, then the link's moment): the link's
  // code loads on demand, and the page drew the default run meanwhile. Now a one-line notice holds
  // the place until the link is open (src/main.tsx). Every clock time the page ever shows is recorded.
  const { scenario, traceHash, timeline } = randomScenario(3, 12);
  expect(timeline.cursor.t).toBeGreaterThan(0);
  const hash = await encodeLink(scenario, { traceHash });
  await page.addInitScript(() => {
    const seen: string[] = ((window as unknown as { clockTimes: string[] }).clockTimes = []);
    const note = () => {
      const t = document.querySelector('[data-testid="clock"]')?.getAttribute('data-time');
      if (t != null && seen[seen.length - 1] !== t) seen.push(t);
    };
    new MutationObserver(note).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-time'] });
  });
  await page.goto(`/${hash}`);
  await expectSameState(page, timeline);
  const times = await page.evaluate(() => (window as unknown as { clockTimes: string[] }).clockTimes);
  expect(times[0]).toBe(String(timeline.cursor.t));
});

test('the address bar follows the run: replaced while playing, pushed on a fork, Back returns', async ({ page }) => {
  await open(page);
  const startLength = await page.evaluate(() => history.length);
  await button(page, 'Play').click();
  await speedUp(page);
  const l = await waitLeader(page, (x) => x.rf === 3);
  await button(page, 'Pause').click();
  // The hash now holds the run, and playing did not add history entries.
  await expect.poll(async () => new URL(page.url()).hash.startsWith('#s1.'), { timeout: 5000 }).toBe(true);
  const events = await attr(page, 'clock', 'data-events');
  await expect.poll(async () => {
    const d = await decodeLink(new URL(page.url()).hash);
    return d.ok ? String(d.scenario.cursor.index) : 'bad';
  }).toBe(events);
  expect(await page.evaluate(() => history.length)).toBe(startLength);

  // Rewind to the start: the address bar follows the cursor (replaced, no new entry), then a fork
  // pushes one entry. Wait for the rewind to reach the address bar first: the bar is written at
  // most every 400 ms, and the entry Back returns to is the run as it was when the user acted.
  const slider = page.getByRole('slider', { name: 'Timeline' });
  await slider.focus();
  await slider.press('Home');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-time', '0');
  await expect.poll(async () => {
    const d = await decodeLink(new URL(page.url()).hash);
    return d.ok ? d.scenario.cursor.index : -1;
  }).toBe(0);
  expect(await page.evaluate(() => history.length)).toBe(startLength);
  const beforeFork = new URL(page.url()).hash;
  const f = DATA.find((d) => d !== l.id)!;
  await button(page, `Crash ${f}`).click();
  await expect(page.getByTestId('notice')).toContainText('old future was discarded');
  await expect.poll(async () => page.evaluate(() => history.length)).toBe(startLength + 1);
  await expect.poll(async () => {
    const d = await decodeLink(new URL(page.url()).hash);
    return d.ok ? d.scenario.actions.map((a) => a.action.type).join(',') : 'bad';
  }).toBe('crash');
  const forkLink = page.url();

  // Back: the run before the fork comes back, landed where it was.
  await page.goBack();
  await expect.poll(() => new URL(page.url()).hash).toBe(beforeFork);
  await expect(page.getByTestId(`node-${f}`)).toHaveAttribute('data-up', 'true');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-time', '0');

  // Reloading the fork's link shows the fork.
  await page.goto(forkLink);
  await expect(page.getByTestId(`node-${f}`)).toHaveAttribute('data-up', 'false');
  await expect(page.getByTestId('notice')).not.toHaveAttribute('data-kind', 'error');
});
