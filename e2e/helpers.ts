// Helpers for the browser tests: they act as a user does (buttons by accessible name, the
// keyboard) and read state only from the data-* test hooks.

import { expect, type Page } from '@playwright/test';
import type { Timeline } from '../src/kernel';

export const DATA = ['D1', 'D2', 'D3'] as const;

export async function open(page: Page): Promise<void> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.getByTestId('node-E')).toBeVisible();
  (page as Page & { jlErrors?: string[] }).jlErrors = errors;
}

export function pageErrors(page: Page): string[] {
  return (page as Page & { jlErrors?: string[] }).jlErrors ?? [];
}

export const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

/** Speed up with the speed slider, as a user would (keyboard on the slider). */
export async function speedUp(page: Page, pageUps = 3): Promise<void> {
  const slider = page.getByRole('slider', { name: 'Speed' });
  await slider.focus();
  for (let i = 0; i < pageUps; i++) await slider.press('PageUp');
  await expect(slider).not.toHaveAttribute('aria-valuetext', '1.0×');
  await slider.blur();
}

export async function attr(page: Page, testid: string, name: string): Promise<string | null> {
  return page.getByTestId(testid).getAttribute(name);
}

/** The data nodes that are up and lead, with their terms. */
export async function leaders(page: Page): Promise<{ id: string; term: number; rf: number }[]> {
  const out: { id: string; term: number; rf: number }[] = [];
  for (const id of DATA) {
    const n = page.getByTestId(`node-${id}`);
    if ((await n.count()) === 0) continue;
    const [role, up, term, rf] = await Promise.all([n.getAttribute('data-role'), n.getAttribute('data-up'), n.getAttribute('data-term'), n.getAttribute('data-rf')]);
    if (role === 'leader' && up === 'true') out.push({ id, term: Number(term), rf: Number(rf) });
  }
  return out;
}

/** Wait for a single live leader satisfying `ok`, and return it. */
export async function waitLeader(page: Page, ok: (l: { id: string; term: number; rf: number }) => boolean = () => true, timeout = 20_000) {
  let found: { id: string; term: number; rf: number } | null = null;
  await expect
    .poll(
      async () => {
        const ls = (await leaders(page)).filter(ok);
        found = ls.length >= 1 ? ls.sort((a, b) => b.term - a.term)[0]! : null;
        return found !== null;
      },
      { timeout, intervals: [100, 200, 250] },
    )
    .toBe(true);
  return found!;
}

/** The usual start of a story: open the page, press Play, speed up, and wait for a leader satisfying `ok`. */
export async function playUntilLeader(page: Page, ok?: (l: { id: string; term: number; rf: number }) => boolean) {
  await open(page);
  await button(page, 'Play').click();
  await speedUp(page);
  return waitLeader(page, ok);
}

export async function entryCount(page: Page, node: string): Promise<number> {
  return page.locator(`[data-testid^="entry-${node}-"]`).count();
}

/** Press "Write" and wait until the new entry is committed on `leader`; returns its index. */
export async function writeAndCommit(page: Page, leader: string, on: string[] = [leader]): Promise<number> {
  const before = await entryCount(page, leader);
  await button(page, 'Write').click();
  const index = before + 1;
  for (const n of on) {
    await expect(page.getByTestId(`entry-${n}-${index}`)).toHaveAttribute('data-committed', 'true', { timeout: 15_000 });
  }
  return index;
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screens/${name}.png` });
}

/** The page shows the same cluster as the timeline `tl` at its cursor (events, time, and every node's up/term/role/RF). */
export async function expectSameState(page: Page, tl: Timeline): Promise<void> {
  await expect(page.getByTestId('clock')).toHaveAttribute('data-events', String(tl.cursor.index));
  await expect(page.getByTestId('clock')).toHaveAttribute('data-time', String(tl.cursor.t));
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

/**
 * Act on a directed link through its menu in the picture: focus the lane, Enter, then the menu's
 * item ("Cut this direction", "Heal this direction", "Cut both directions", "Heal both directions",
 * "Cut for 500 ms"). The 36-button link table these tests once used is gone (docs/ui.md maps it).
 */
export async function onLane(page: Page, from: string, to: string, item: string): Promise<void> {
  await page.getByTestId(`link-${from}-${to}`).focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('dialog', { name: `Link ${from}→${to}` });
  await menu.getByRole('button', { name: item, exact: true }).click();
  await expect(menu).toHaveCount(0);
}
