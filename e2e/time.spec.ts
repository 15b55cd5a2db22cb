// Time and keys (issue 11, items 1, 8 and 9): the speed slider from 0.001× to 1000×, the lecture
// pace (and gallery scenarios opening at it), shortcuts while a button has focus, Esc back to the
// cluster, the address bar on Pause, a bad scenario file keeping the run, the violation ahead
// marked on the time bar, and the space-time diagram's window and legend.

import { expect, test, type Page } from '@playwright/test';
import { decodeLink } from '../src/scenario';
import { attr, button, open, pageErrors } from './helpers';

test.afterEach(async ({ page }) => {
  expect(pageErrors(page), 'uncaught page errors').toEqual([]);
});

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screens/time-${name}.png` });
const events = async (page: Page) => Number(await attr(page, 'clock', 'data-events'));
const clockTime = async (page: Page) => Number(await attr(page, 'clock', 'data-time'));
const mode = (page: Page) => page.getByTestId('playback-mode');

test('the speed slider reaches 0.001× and 1000×; the lecture pace plays one default hop in about a second', async ({ page }) => {
  await open(page);
  const speed = page.getByRole('slider', { name: 'Speed' });
  await expect(speed).toHaveAttribute('aria-valuetext', '1.0×');
  await speed.focus();
  await speed.press('Home');
  await expect(speed).toHaveAttribute('aria-valuetext', '0.001×');
  await expect(speed).toHaveAttribute('data-speed', '0.001');
  await speed.press('End');
  await expect(speed).toHaveAttribute('aria-valuetext', '1000×');
  await expect(speed).toHaveAttribute('data-speed', '1000');
  // 1000× plays without freezing the page: the clock moves, and the page still answers.
  await button(page, 'Play').click();
  await expect.poll(() => clockTime(page), { timeout: 10_000 }).toBeGreaterThan(5000);
  await button(page, 'Pause').click();
  await expect(mode(page)).toHaveAttribute('data-mode', /paused|stoppedOnViolation/);

  const lecture = page.getByTestId('speed-lecture');
  await expect(lecture).toHaveAccessibleName('Lecture pace');
  await expect(lecture).toHaveAttribute('aria-pressed', 'false');
  await lecture.click();
  await expect(lecture).toHaveAttribute('aria-pressed', 'true');
  await expect(speed).toHaveAttribute('aria-valuetext', '0.014×');
  // At the lecture pace, a second and a half of wall time is a few tens of virtual ms at most.
  const t0 = await clockTime(page);
  await button(page, 'Play').click();
  await page.waitForTimeout(1500);
  await button(page, 'Pause').click();
  const dt = (await clockTime(page)) - t0;
  expect(dt).toBeGreaterThan(0);
  expect(dt).toBeLessThan(100);
  await shot(page, 'lecture');
  // Moving the slider off the lecture pace releases the button.
  await speed.focus();
  await speed.press('ArrowRight');
  await expect(lecture).toHaveAttribute('aria-pressed', 'false');
});

test('a gallery scenario opens at the lecture pace', async ({ page }) => {
  await open(page);
  await page.evaluate(() => (location.hash = '#gallery/normal-rf3'));
  await expect(page.getByTestId('notice')).toContainText('Normal replication');
  await expect(page.getByRole('slider', { name: 'Speed' })).toHaveAttribute('aria-valuetext', '0.014×');
  await expect(page.getByTestId('speed-lecture')).toHaveAttribute('aria-pressed', 'true');
});

test('shortcuts work while a button has focus; Esc brings focus back to the cluster', async ({ page }) => {
  await open(page);
  await page.getByLabel('Milliseconds to advance').fill('900');
  await button(page, 'Advance 900 ms').click();
  await expect.poll(() => clockTime(page)).toBe(900);
  // Clicked with the mouse, Play keeps the focus; Space now pauses (it used to press Play again).
  await button(page, 'Play').click();
  await expect(mode(page)).toHaveAttribute('data-mode', 'playing');
  await expect(button(page, 'Play')).toBeFocused();
  await page.keyboard.press('Space');
  await expect(mode(page)).toHaveAttribute('data-mode', 'paused');
  const before = await events(page);
  await button(page, 'Step back').focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => events(page)).toBe(before + 1);
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => events(page)).toBe(before);
  // Enter still presses the focused button (Step back).
  await page.keyboard.press('Enter');
  await expect.poll(() => events(page)).toBe(before - 1);
  // Reached with the keyboard (not clicked), a button keeps Space: it presses the button.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  await expect(button(page, 'Step back')).toBeFocused();
  const b2 = await events(page);
  await page.keyboard.press('Tab');
  await expect(button(page, 'Step')).toBeFocused();
  await page.keyboard.press('Space');
  await expect.poll(() => events(page)).toBe(b2 + 1);
  await expect(mode(page)).toHaveAttribute('data-mode', 'paused');
  await page.keyboard.press('1');
  await expect(page.getByTestId('node-D1')).toHaveAttribute('data-selected', 'true');
  // Esc: selection cleared, focus on the cluster.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('node-D1')).toHaveAttribute('data-selected', 'false');
  const inCluster = () => page.evaluate(() => !!document.activeElement?.closest('[data-cluster-focus], section[aria-label="Cluster"]'));
  await expect.poll(inCluster).toBe(true);
  await shot(page, 'esc-cluster');
  // A text field keeps its keys.
  const ms = page.getByLabel('Milliseconds to advance');
  await ms.fill('');
  await ms.press('2');
  await ms.press('5');
  await expect(ms).toHaveValue('25');
  await expect(page.getByTestId('node-D2')).toHaveAttribute('data-selected', 'false');
  await ms.press('Escape');
  await expect.poll(inCluster).toBe(true);
});

test('Pause puts the scenario link in the address bar at once', async ({ page }) => {
  await open(page);
  await button(page, 'Play').click();
  await expect.poll(() => clockTime(page)).toBeGreaterThan(700);
  await button(page, 'Pause').click();
  const at = await events(page);
  // Well within the address bar's throttle while playing (400 ms of real time).
  await expect
    .poll(
      async () => {
        const d = await decodeLink(new URL(page.url()).hash);
        return d.ok ? d.scenario.cursor.index : -1;
      },
      { timeout: 300, intervals: [20] },
    )
    .toBe(at);
});

test('a bad scenario file keeps the current run', async ({ page }) => {
  await open(page);
  await page.getByLabel('Milliseconds to advance').fill('900');
  await button(page, 'Advance 900 ms').click();
  await expect.poll(() => clockTime(page)).toBe(900);
  const before = { events: await events(page), hash: new URL(page.url()).hash };
  await expect.poll(() => new URL(page.url()).hash).not.toBe('');
  const hash = new URL(page.url()).hash;
  for (const [name, body] of [
    ['broken.json', '{"janusLab": "scenario", '],
    ['other.json', '{"hello": 1}'],
    ['empty.json', ''],
  ] as const) {
    await page.getByTestId('scenario-import').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(body, 'utf8') });
    await expect(page.getByTestId('notice'), name).toHaveAttribute('data-kind', 'error');
    await expect(page.getByTestId('notice'), name).toContainText('Your current run was kept.');
    expect(await events(page), name).toBe(before.events);
    expect(await clockTime(page), name).toBe(900);
  }
  await page.waitForTimeout(500);
  expect(new URL(page.url()).hash).toBe(hash);
  await shot(page, 'bad-file');
});

test('a violation ahead in the known future is marked on the time bar, and its mark takes you there', async ({ page }) => {
  await open(page);
  await page.evaluate(() => (location.hash = '#gallery/2p1-elect-any'));
  await expect(page.getByTestId('notice')).toContainText('broken elector');
  await expect(page.locator('[data-testid^="property-"][data-status="violated"]').first()).toBeAttached();
  await expect(page.getByTestId('violation-ahead')).toHaveCount(0);
  // Step back before them: the violations now lie ahead.
  for (let i = 0; i < 3; i++) await button(page, 'Step back').click();
  await expect(page.locator('[data-testid^="property-"][data-status="violated"]')).toHaveCount(0);
  const mark = page.getByTestId('violation-ahead').first();
  await expect(mark).toBeVisible();
  const property = (await mark.getAttribute('data-property'))!;
  await expect(mark).toHaveAccessibleName(new RegExp(`^(Violation ahead at|\\d+ violations ahead, from) [\\d,]+ ms: ${property}: `));
  await shot(page, 'violation-ahead');
  // Focusable, and Enter on it goes there.
  await mark.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId(`property-${property}`)).toHaveAttribute('data-status', 'violated');
  await expect(page.locator(`[data-testid="violation-ahead"][data-property="${property}"]`)).toHaveCount(0);
});

test('the space-time diagram opens on a few hundred ms around the cursor, with a colour legend', async ({ page }) => {
  await open(page);
  await page.getByLabel('Milliseconds to advance').fill('1500');
  await button(page, 'Advance 1500 ms').click();
  await expect.poll(() => clockTime(page)).toBe(1500);
  const tab = page.getByRole('tab', { name: 'Space-time' });
  await tab.scrollIntoViewIfNeeded(); // the diagram loads when its section comes near the screen
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
  const svg = page.getByTestId('spacetime-svg');
  await svg.scrollIntoViewIfNeeded();
  await expect(svg).toBeVisible();
  const t0 = Number(await svg.getAttribute('data-t0'));
  const t1 = Number(await svg.getAttribute('data-t1'));
  expect(t1 - t0).toBeGreaterThanOrEqual(200);
  expect(t1 - t0).toBeLessThanOrEqual(600);
  expect(t0).toBeLessThan(1500);
  expect(t1).toBeGreaterThan(1500);
  const legend = page.getByTestId('spacetime-legend');
  await expect(legend).toBeVisible();
  const keys = legend.locator('button[data-type]');
  expect(await keys.count()).toBeGreaterThan(1);
  // Each type's swatch has its colour, and filters the diagram by that type.
  const type = (await page.getByTestId('arrow').first().getAttribute('data-type'))!;
  const key = legend.locator(`button[data-type="${type}"]`);
  await key.click();
  await expect(key).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('spacetime-filter')).toHaveValue(type);
  const types = await page.getByTestId('arrow').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-type')))]);
  expect(types).toEqual([type]);
  await page.getByTestId('spacetime').scrollIntoViewIfNeeded();
  await shot(page, 'spacetime');
  await key.click();
  await expect(page.getByTestId('spacetime-filter')).toHaveValue('all');
});
