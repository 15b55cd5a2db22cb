// The exhaustive checker in the page (the "Check" analysis tab): a small check of a mutant finds
// its shortest counterexample, which opens in the lab with the property violated; the walk lists
// what can happen next and takes a step; bad bounds are refused without starting.

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
