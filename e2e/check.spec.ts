// The exhaustive checker in the page (the "Check" analysis tab): a small check of a mutant finds
// its shortest counterexample in the Web Worker, which opens in the lab with the property violated;
// a long check pauses, resumes and cancels while the page keeps answering (the lab's clock plays
// on); the liveness sanity check runs after a clean check; the walk lists what can happen next and takes a step; bad bounds are refused without starting.

import { expect, test, type Page } from '@playwright/test';
import { open, pageErrors } from './helpers';

const form = (page: Page) => page.getByRole('form', { name: 'Check settings' });

async function openCheck(page: Page): Promise<void> {
  await open(page);
  await page.getByRole('tab', { name: 'Check', exact: true }).click();
  await expect(form(page).getByRole('button', { name: 'Check', exact: true })).toBeVisible();
}

test('a small check finds elect-any and opens its counterexample in the lab', async ({ page }) => {
  test.setTimeout(240_000);
  await openCheck(page);
  const f = form(page);
  await f.getByLabel('Shape to check').selectOption('janus-2+1');
  await f.getByLabel('Mutant').selectOption('elect-any');
  await f.getByLabel('Max term').fill('2');
  await f.getByLabel('Max log').fill('1');
  await f.getByLabel('Crashes').fill('0');
  await f.getByLabel('Messages in flight').fill('3');
  await f.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(page.getByTestId('check-status')).toHaveAttribute('data-runner', 'worker');
  const verdict = page.getByTestId('check-verdict');
  await expect(verdict).toBeVisible({ timeout: 200_000 });
  await expect(page.getByTestId('check-status')).toHaveAttribute('data-verdict', 'violation');
  const property = (await verdict.getAttribute('data-property'))!;
  expect(Number(await verdict.getAttribute('data-length'))).toBeGreaterThan(0);
  await expect(page.getByTestId(`property-${property}`)).toHaveAttribute('data-status', 'holds');
  await verdict.getByRole('button', { name: 'Open counterexample in the lab' }).click();
  await expect(page.getByTestId(`property-${property}`)).toHaveAttribute('data-status', 'violated');
  expect(pageErrors(page)).toEqual([]);
});

test('a long check runs in the worker: pause, resume and cancel, and the lab plays on meanwhile', async ({ page }) => {
  test.setTimeout(120_000);
  await openCheck(page);
  const f = form(page);
  // Millions of states: it cannot finish during the test.
  await f.getByLabel('Shape to check').selectOption('janus-3+1');
  await f.getByLabel('Max term').fill('3');
  await f.getByLabel('Max log').fill('2');
  await f.getByLabel('Crashes').fill('1');
  await f.getByLabel('Messages in flight').fill('4');
  await f.getByLabel('Max states').fill('20000000');
  await f.getByRole('button', { name: 'Check', exact: true }).click();
  const status = page.getByTestId('check-status');
  const figures = page.getByTestId('check-figures');
  const states = async () => Number(await figures.getAttribute('data-states'));
  await expect(status).toHaveAttribute('data-runner', 'worker');
  await expect(status).toHaveAttribute('data-mode', 'running');
  await expect.poll(states, { timeout: 30_000 }).toBeGreaterThan(100);
  // The page answers while the worker checks: the lab's run plays and its clock advances.
  const clock = page.getByTestId('clock');
  const t0 = Number(await clock.getAttribute('data-time'));
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(async () => Number(await clock.getAttribute('data-time')), { timeout: 20_000 }).toBeGreaterThan(t0);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(status).toHaveAttribute('data-mode', 'running');
  // Pause: the figures stop.
  await f.getByRole('button', { name: 'Pause checking' }).click();
  await expect(status).toHaveAttribute('data-mode', 'paused');
  // A report already on its way may still land; then the figures hold (a running check posts
  // about five times a second, so growing figures would fail this).
  await expect
    .poll(
      async () => {
        const a = await states();
        await page.waitForTimeout(1000);
        return (await states()) === a;
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  const held = await states();
  await expect(figures).toContainText('Paused:');
  // Resume: they grow again.
  await f.getByRole('button', { name: 'Resume checking' }).click();
  await expect(status).toHaveAttribute('data-mode', 'running');
  await expect.poll(states, { timeout: 30_000 }).toBeGreaterThan(held);
  // Cancel: the figures go, and a new check can start.
  await f.getByRole('button', { name: 'Cancel checking' }).click();
  await expect(status).toHaveCount(0);
  await expect(f.getByRole('button', { name: 'Pause checking' })).toHaveCount(0);
  expect(pageErrors(page)).toEqual([]);
});

test('the liveness sanity check runs in the worker after a clean check', async ({ page }) => {
  test.setTimeout(180_000);
  await openCheck(page);
  const f = form(page);
  await f.getByLabel('Shape to check').selectOption('janus-2+1');
  await f.getByLabel('Max term').fill('1');
  await f.getByLabel('Max log').fill('1');
  await f.getByLabel('Crashes').fill('0');
  await f.getByLabel('Messages in flight').fill('2');
  await f.getByLabel('Liveness sanity check').check();
  await f.getByRole('button', { name: 'Check', exact: true }).click();
  const live = page.getByTestId('check-liveness');
  await expect(live).toHaveAttribute('data-state', 'ok', { timeout: 150_000 });
  await expect(live).toHaveAttribute('data-sampled', '10');
  await expect(live).toHaveAttribute('data-failures', '0');
  await expect(page.getByTestId('check-status')).toHaveAttribute('data-verdict', 'ok');
  await expect(page.getByTestId('check-status')).toHaveAttribute('data-runner', 'worker');
  expect(pageErrors(page)).toEqual([]);
});

test('what can happen next: the walk lists enabled actions and takes one; bad bounds are refused', async ({ page }) => {
  await openCheck(page);
  await page.getByRole('button', { name: /Start a walk through/ }).click();
  const list = page.getByTestId('check-next-list');
  await expect(list.getByRole('button').first()).toBeVisible();
  const before = await list.getByRole('button').count();
  expect(before).toBeGreaterThan(0);
  await list.getByRole('button').first().click();
  await expect(page.getByText(/1 step taken/)).toBeVisible();
  await form(page).getByLabel('Max term').fill('x');
  await form(page).getByRole('button', { name: 'Check', exact: true }).click();
  await expect(page.locator('.check-view [role="alert"]')).toContainText('Max term must be a whole number');
  await expect(page.getByTestId('check-status')).toHaveCount(0);
  expect(pageErrors(page)).toEqual([]);
});
