// Takes docs/screenshot.png for the README. Opt-in (it writes a tracked file):
//   UPDATE_SCREENSHOT=1 node_modules/.bin/playwright test e2e/screenshot.spec.ts

import { expect, test } from '@playwright/test';
import { button, onLane, open, waitLeader } from './helpers';

test.skip(!process.env.UPDATE_SCREENSHOT, 'set UPDATE_SCREENSHOT=1 to refresh docs/screenshot.png');

test('README screenshot', async ({ page }) => {
  await open(page);
  // Slower links so that messages in flight are easy to see.
  await button(page, 'Settings').click();
  await page.getByLabel('Link latency (ms)').fill('60');
  await page.getByLabel('Latency jitter (ms)').fill('40');
  await button(page, 'Apply settings').click();
  await button(page, 'Play').click();
  const l = await waitLeader(page, (x) => x.rf === 3);
  for (let i = 0; i < 3; i++) await button(page, 'Write').click();
  await page.waitForTimeout(400);
  const f = ['D1', 'D2', 'D3'].find((d) => d !== l.id) ?? 'D2';
  await onLane(page, l.id, f, 'Cut both directions');
  await expect(page.getByTestId(`node-${l.id}`)).toHaveAttribute('data-rf', '2', { timeout: 15_000 });
  await button(page, 'Write').click();
  await button(page, 'Write').click();
  await expect.poll(() => page.getByTestId('msg').count(), { intervals: [10, 20] }).toBeGreaterThan(4);
  await button(page, 'Pause').click();
  await page.screenshot({ path: 'docs/screenshot.png' });
});
