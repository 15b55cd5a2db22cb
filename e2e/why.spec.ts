// "Why?" explanations of three named events of the leader-crash gallery story, and of a state
// (an entry waiting for acks). Each names its rule of docs/protocol.md.

import { expect, test, type Page } from '@playwright/test';
import { button, onLane, open, pageErrors, waitLeader } from './helpers';

test.afterEach(async ({ page }) => {
  expect(pageErrors(page), 'uncaught page errors').toEqual([]);
});

async function whyOfLine(page: Page, text: string) {
  const line = page.getByTestId('event-log').locator('li', { hasText: text }).first();
  await expect(line).toBeVisible();
  await line.getByTestId('why').click();
  return line.getByTestId('why-popover');
}

test('why: the grant, the blanket rule and the takeover of the leader-crash story', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as Page & { jlErrors?: string[] }).jlErrors = errors;
  await page.goto('/#gallery/leader-crash');
  await expect(page.getByTestId('node-D3')).toHaveAttribute('data-role', 'leader');
  // 1. The elector's takeover grant (§4.3).
  const grant = await whyOfLine(page, 'E granted term 2 to D3');
  await expect(grant).toContainText('E granted term 2 to D3 with R = {D2, D3}: takeover, D1 silent for');
  await expect(grant).toContainText('§4.3 The elector receives TermRequest');
  // 2. The new leader (§4.4).
  const leader = await whyOfLine(page, 'D3 became leader of term 2');
  await expect(leader).toContainText('granted by E');
  await expect(leader).toContainText('§4.4');
  // 3. The crash itself: no note from the protocol, the kernel's cause with §8.
  const crash = await whyOfLine(page, 'D1 crashed');
  await expect(crash).toContainText('D1 crashed: it keeps only its durable state');
  await expect(crash).toContainText('§8 Crash and restart');
});

/** A leader with RF 3 whose links to the followers are cut, and one write waiting for their acks. */
async function pendingWrite(page: Page) {
  await open(page);
  await button(page, 'Play').click();
  const l = await waitLeader(page, (x) => x.rf === 3);
  await button(page, 'Pause').click();
  const others = ['D1', 'D2', 'D3'].filter((d) => d !== l.id);
  for (const o of others) await onLane(page, l.id, o, 'Cut this direction');
  await button(page, 'Write').click();
  return { l, others };
}

test("why: an entry that waits for acks, and the elector's fields", async ({ page }) => {
  const { l, others } = await pendingWrite(page);
  await page.getByRole('tab', { name: 'Why?' }).click();
  const entry = page.getByTestId(`why-entry-${l.id}-1`);
  await entry.getByTestId('why').click();
  await expect(entry.getByTestId('why-popover')).toContainText(`Index 1 is not committed yet: waiting for ${others[0]} and ${others[1]}'s ack (R = {D1, D2, D3})`);
  await expect(entry.getByTestId('why-popover')).toContainText('§4.2');
  // The elector's fields.
  const e = page.getByTestId('why-node-E');
  await e.getByTestId('why').click();
  await expect(e.getByTestId('why-popover')).toContainText('18 bytes on disk, no log');
});

test('why: click a log cell to ask why it is (not) committed; each node row has its own Why?', async ({ page }) => {
  const { l } = await pendingWrite(page);
  const cell = page.getByTestId(`entry-${l.id}-1`);
  await expect(cell).toHaveAttribute('data-committed', 'false');
  await cell.click();
  await expect(cell).toHaveAttribute('data-picked', 'true');
  await expect(cell.getByTestId('why-popover')).toContainText('Index 1 is not committed yet: waiting for');
  await cell.click();
  await expect(cell.getByTestId('why-popover')).toHaveCount(0);
  // Regression: Space on a focused cell opens its Why? and does not also start playback.
  await cell.focus();
  await page.keyboard.press('Space');
  await expect(cell.getByTestId('why-popover')).toBeVisible();
  await expect(page.getByTestId('playback-mode')).toHaveAttribute('data-mode', 'paused');
  // The node rows of the controls: the leader explains its role.
  const row = page.locator('.node-table tr', { hasText: `Crash ${l.id}` });
  await row.getByTestId('why').click();
  await expect(row.getByTestId('why-popover')).toContainText(`${l.id} leads term ${l.term}`);
});
