// Issue 11, "Done means": a keyboard-only journey, no mouse. Play, crash the leader, cut a link
// for 500 ms, drop a message, step back, fork. Each step is keys only; the state is read from
// the data-* hooks. Screenshot: test-results/screens/keyboard-journey.png.

import { expect, test, type Page } from '@playwright/test';
import { attr, open, pageErrors, shot, waitLeader } from './helpers';

test.afterEach(async ({ page }) => {
  expect(pageErrors(page), 'uncaught page errors').toEqual([]);
});

const active = (page: Page) =>
  page.evaluate(() => {
    const a = document.activeElement;
    return { testid: a?.getAttribute('data-testid') ?? null, rove: a?.getAttribute('data-rove') ?? null, text: a?.textContent?.trim() ?? '', inPicture: !!a?.closest('[data-cluster-focus]') };
  });

/** Tab (forwards) until the focus is on an item of the picture's roving group `group`. */
async function tabToGroup(page: Page, group: 'node' | 'lane' | 'msg') {
  for (let i = 0; i < 300; i++) {
    if ((await active(page)).rove === group) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach the picture's ${group}s with Tab`);
}

/** Arrow right within the focused group until `testid` has the focus. */
async function arrowTo(page: Page, testid: string) {
  for (let i = 0; i < 40; i++) {
    if ((await active(page)).testid === testid) return;
    await page.keyboard.press('ArrowRight');
  }
  throw new Error(`could not reach ${testid} with the arrow keys`);
}

/** In an open menu: ArrowDown until the button named `name` has the focus, then Enter. */
async function choose(page: Page, name: string | RegExp) {
  for (let i = 0; i < 20; i++) {
    const { text } = await active(page);
    if (typeof name === 'string' ? text === name : name.test(text)) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`no menu item ${String(name)}`);
}

test('keyboard only: play, crash the leader, cut a link for 500 ms, drop a message, step back, fork', async ({ page }) => {
  test.setTimeout(120_000);
  await open(page);
  const events = async () => Number(await attr(page, 'clock', 'data-events'));
  const mode = page.getByTestId('playback-mode');

  // Play (Space), until a leader leads; pause (Space).
  await page.locator('body').press('Space');
  await expect(mode).toHaveAttribute('data-mode', 'playing');
  const l = await waitLeader(page, (x) => x.rf === 3);
  await page.keyboard.press('Space');
  await expect(mode).toHaveAttribute('data-mode', 'paused');

  // Crash the leader: Tab to the picture's nodes, arrows to the leader, Enter, "Crash".
  await tabToGroup(page, 'node');
  await arrowTo(page, `node-${l.id}`);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: `Actions for ${l.id}` })).toBeVisible();
  await choose(page, 'Crash');
  await expect(page.getByTestId(`node-${l.id}`)).toHaveAttribute('data-up', 'false');
  // The focus came back to the node (where Enter or Space opens its menu again); Esc hands it to
  // the picture itself, where Space plays.
  expect((await active(page)).testid).toBe(`node-${l.id}`);
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-cluster-focus]')).toBeFocused();
  await page.keyboard.press('Space');
  await expect(mode).toHaveAttribute('data-mode', 'playing');
  const next = await waitLeader(page, (x) => x.id !== l.id && x.term > l.term);
  await page.keyboard.press('Space');
  await expect(mode).toHaveAttribute('data-mode', 'paused');

  // Cut a link for 500 ms: Tab to the lanes, arrows to the new leader's lane to a follower.
  const f = ['D1', 'D2', 'D3'].find((d) => d !== l.id && d !== next.id)!;
  await tabToGroup(page, 'lane');
  await arrowTo(page, `link-${next.id}-${f}`);
  await page.keyboard.press('Enter');
  await choose(page, 'Cut for 500 ms');
  const lane = page.getByTestId(`link-${next.id}-${f}`);
  await expect(lane).toHaveAttribute('data-cut', 'true');
  const cutAt = Number(await attr(page, 'clock', 'data-time'));
  // Play until it heals by itself, 500 virtual ms later.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Space');
  await expect(lane).toHaveAttribute('data-cut', 'false', { timeout: 20_000 });
  await page.keyboard.press('Space');
  await expect(mode).toHaveAttribute('data-mode', 'paused');
  expect(Number(await attr(page, 'clock', 'data-time'))).toBeGreaterThanOrEqual(cutAt + 500);

  // Drop a message: Tab on to the envelopes, Enter, "Drop".
  for (let i = 0; i < 30 && (await page.getByTestId('msg').count()) === 0; i++) {
    await page.keyboard.press('Space');
    await page.waitForTimeout(30);
    await page.keyboard.press('Space');
  }
  await expect(mode).toHaveAttribute('data-mode', 'paused');
  await tabToGroup(page, 'msg');
  const id = (await page.evaluate(() => document.activeElement?.getAttribute('data-id')))!;
  await page.keyboard.press('Enter');
  await choose(page, 'Drop');
  await expect(page.locator(`[data-testid="msg"][data-id="${id}"]`)).toHaveCount(0);
  await expect(page.locator('.drop-mark')).not.toHaveCount(0);
  expect((await active(page)).inPicture, 'the focus stays in the picture after a Drop').toBe(true);

  // Step back: Esc gives the focus to the picture itself, where ← steps back one event.
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-cluster-focus]')).toBeFocused();
  const n = await events();
  await page.keyboard.press('ArrowLeft');
  await expect.poll(events).toBe(n - 1);

  // Fork: act in the past (w writes to the leader); the old future is discarded.
  await page.keyboard.press('w');
  await expect(page.getByTestId('notice')).toHaveAttribute('data-kind', /fork|write/);
  await expect(page.getByTestId('notice')).toContainText('Forked');
  await shot(page, 'keyboard-journey');
});
