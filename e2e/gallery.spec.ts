// Every gallery scenario opens as a link (#gallery/<id>), lands on its moment, shows its text,
// and its full scenario link (written into the address bar) reopens the same run.

import { expect, test, type Page } from '@playwright/test';
import { GALLERY, buildGalleryScenario } from '../src/scenario/gallery';
import type { Timeline } from '../src/kernel';
import { pageErrors } from './helpers';

test.afterEach(async ({ page }) => {
  expect(pageErrors(page), 'uncaught page errors').toEqual([]);
});

async function expectSameState(page: Page, tl: Timeline): Promise<void> {
  await expect(page.getByTestId('clock')).toHaveAttribute('data-events', String(tl.cursor.index));
  for (const id of tl.sim.nodeIds) {
    const s = tl.protocol.summary(tl.sim.state(id));
    const n = page.getByTestId(`node-${id}`);
    await expect(n, id).toHaveAttribute('data-up', String(tl.sim.isUp(id)));
    await expect(n, id).toHaveAttribute('data-term', String(s.term));
    if (s.kind === 'data') {
      await expect(n, id).toHaveAttribute('data-role', String(s.role));
      await expect(n, id).toHaveAttribute('data-rf', String(s.rf));
    }
  }
}

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
