// Issue 11, keyboard and screen readers: axe-core finds no violation in the page's states (default,
// first-visit card, playing, paused after steps, stopped on a violation, settings, help, each
// analysis tab, the published mode, Present, the embedded view, the phone's controls drawer); the
// skip link reaches the cluster; the analysis tabs follow the arrow keys; the first-visit card is
// dismissed, remembered and reopened from `?`.
// axe-core is injected as a script (node_modules/axe-core/axe.min.js): @axe-core/playwright needs
// Node 22.

import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';
import { pageAt, SCREENS, stopOnViolation } from './page-states';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const desktop = SCREENS[0];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Run axe-core on the page as it is; the violations, one line each (rule, impact, first targets). */
async function axe(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } };
    const r = await w.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 4).map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

// axe takes seconds per state on a loaded machine: these tests get three minutes each.
test.describe.configure({ timeout: 180_000 });

async function check(page: Page, state: string): Promise<void> {
  await page.screenshot({ path: `test-results/a11y-${state}.png` });
  expect(await axe(page), `axe violations in state "${state}"`).toEqual([]);
}

test('axe: default page, first-visit card, playing, paused after steps, settings, help', async ({ browser, baseURL }) => {
  const page = await pageAt(browser, desktop, { baseURL, intro: true });
  await expect(page.getByTestId('intro-card')).toBeVisible();
  await check(page, 'first-visit-card');
  await page.getByRole('button', { name: 'Got it', exact: true }).click();
  await expect(page.getByTestId('intro-card')).toHaveCount(0);
  await check(page, 'default');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(page.getByTestId('playback-mode')).toHaveAttribute('data-mode', 'playing');
  await page.waitForTimeout(600);
  await check(page, 'playing');
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  for (let i = 0; i < 6; i++) await page.getByRole('button', { name: 'Step', exact: true }).click();
  await check(page, 'paused');
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await check(page, 'settings');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.getByRole('button', { name: 'Keyboard shortcuts', exact: true }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await check(page, 'help');
  await page.context().close();
});

test('axe: each analysis tab', async ({ browser, baseURL }) => {
  const page = await pageAt(browser, desktop, { baseURL });
  for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Step', exact: true }).click();
  const tabs = page.getByRole('tab');
  const names = await tabs.allTextContents();
  expect(names.length).toBeGreaterThanOrEqual(3);
  for (const name of names) {
    const tab = page.getByRole('tab', { name, exact: true });
    await tab.scrollIntoViewIfNeeded();
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('tabpanel')).toBeVisible();
    await page.waitForTimeout(300); // views loaded on demand
    await check(page, `tab-${name.replace(/\W+/g, '').toLowerCase()}`);
  }
  await page.context().close();
});

test('axe: stopped on a violation, in the published mode', async ({ browser, baseURL }) => {
  const page = await pageAt(browser, desktop, { baseURL });
  await stopOnViolation(page);
  await expect(page.getByTestId('published-banner')).toBeVisible();
  await check(page, 'violation-published');
  await page.context().close();
});

test('axe: Present, the embedded view, the phone with its controls drawer open', async ({ browser, baseURL }) => {
  const page = await pageAt(browser, desktop, { baseURL });
  await page.getByRole('button', { name: 'Present', exact: true }).click();
  await expect(page.getByTestId('present-view')).toBeVisible();
  await check(page, 'present');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('present-view')).toHaveCount(0);
  await page.goto('/?embed#gallery/leader-crash');
  await expect(page.getByTestId('embed-view')).toBeVisible();
  await check(page, 'embed');
  await page.context().close();

  const phone = await pageAt(browser, SCREENS[3], { baseURL });
  await check(phone, 'phone');
  await phone.getByRole('button', { name: 'Controls', exact: true }).click();
  await expect(phone.getByRole('button', { name: 'Crash D1', exact: true })).toBeInViewport();
  await phone.waitForTimeout(250);
  await check(phone, 'phone-drawer');
  await phone.context().close();
});

test('the skip link is the first stop of Tab and takes focus to the cluster', async ({ browser, baseURL }) => {
  const page = await pageAt(browser, desktop, { baseURL });
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to the cluster' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => !!document.activeElement?.closest('#cluster'))).toBe(true);
  // The address still holds the scenario link (the skip link does not write a hash of its own).
  expect(page.url()).not.toContain('#cluster');
  await page.context().close();
});

test('the analysis tabs are a tablist that follows the arrow keys', async ({ browser, baseURL }) => {
  const page = await pageAt(browser, desktop, { baseURL });
  const first = page.getByRole('tab', { name: 'Space-time' });
  await first.scrollIntoViewIfNeeded();
  await expect(first).toHaveAttribute('aria-selected', 'true');
  // One tab in the Tab order.
  expect(await page.locator('[role="tab"][tabindex="0"]').count()).toBe(1);
  await first.focus();
  await page.keyboard.press('ArrowRight');
  const metrics = page.getByRole('tab', { name: 'Metrics' });
  await expect(metrics).toBeFocused();
  await expect(metrics).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel', { name: 'Metrics' })).toBeVisible();
  await page.keyboard.press('End');
  const last = page.getByRole('tab').last();
  await expect(last).toBeFocused();
  await expect(last).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowRight'); // wraps to the first
  await expect(first).toBeFocused();
  await page.keyboard.press('ArrowLeft'); // and back to the last
  await expect(last).toBeFocused();
  await page.keyboard.press('Home');
  await expect(first).toHaveAttribute('aria-selected', 'true');
  // The arrows moved the tabs, not the run.
  await expect(page.getByTestId('clock')).toHaveAttribute('data-events', '0');
  await page.context().close();
});

test('the first-visit card: dismissed, remembered across visits, reopened from ?', async ({ browser, baseURL }) => {
  const page = await pageAt(browser, desktop, { baseURL, intro: true });
  const card = page.getByTestId('intro-card');
  await expect(card.getByRole('heading', { name: 'What am I looking at?' })).toBeVisible();
  // The running protocol's own words: its kinds of node, R, RF and the commit rule.
  await expect(card).toContainText('elector');
  await expect(card).toContainText('RF');
  await expect(card).toContainText('commits');
  await page.getByRole('button', { name: 'Got it', exact: true }).click();
  await expect(card).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('node-E')).toBeVisible();
  await expect(card).toHaveCount(0);
  await page.keyboard.press('?');
  await page.getByRole('button', { name: 'What am I looking at?', exact: true }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(card).toBeVisible();
  await page.context().close();
});
