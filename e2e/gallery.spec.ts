// Every gallery scenario opens as a link (#gallery/<id>), lands on its moment, shows its text,
// and its full scenario link (written into the address bar) reopens the same run.

import { expect, test } from '@playwright/test';
import { GALLERY, buildGalleryScenario } from '../src/scenario/gallery';
import { expectSameState, pageErrors } from './helpers';

test.afterEach(async ({ page }) => {
  expect(pageErrors(page), 'uncaught page errors').toEqual([]);
});

for (const entry of GALLERY) {
  test(`gallery: ${entry.title}`, async ({ page }) => {
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const built = buildGalleryScenario(entry);
    await page.goto(`/#gallery/${entry.id}`);
    await expect(page.getByTestId('notice')).toContainText(entry.title);
    await expectSameState(page, built.timeline);
    if (entry.spec.mutant) await expect(page.getByTestId('property-LeaderCompleteness')).not.toHaveAttribute('data-status', 'holds');
    // The address bar now holds the full scenario link; reopening it gives the same run.
    await expect.poll(() => new URL(page.url()).hash.startsWith('#s1.'), { timeout: 5000 }).toBe(true);
    const link = page.url();
    await page.goto('about:blank');
    await page.goto(link);
    await expect(page.getByTestId('notice')).toContainText(`Opened “${entry.title}”`);
    await expectSameState(page, built.timeline);
    expect(errors).toEqual([]);
  });
}
