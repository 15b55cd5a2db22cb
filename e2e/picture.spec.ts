// The cluster picture (issue 11): sizes as rendered, the menus on nodes, lanes, messages and
// Links, timers, envelopes (glide, or jump with reduced motion), arrival and loss marks, the
// legend on the canvas, and the roving focus. Screenshots in test-results/screens/picture-*.png.

import { expect, test, type Page } from '@playwright/test';
import { attr, button, DATA, open, pageErrors, playUntilLeader, shot, waitLeader } from './helpers';

test.afterEach(async ({ page }) => {
  expect(pageErrors(page), 'uncaught page errors').toEqual([]);
});

/** Rendered size (px) of the first element matching `sel` inside the picture: font size times the picture's scale. */
async function renderedFont(page: Page, sel: string): Promise<number> {
  return page.evaluate((s) => {
    const svg = document.querySelector<SVGSVGElement>('[data-cluster-focus] svg.cluster')!;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const el = document.querySelector(s)!;
    return parseFloat(getComputedStyle(el).fontSize) * scale;
  }, sel);
}

/** WCAG contrast ratio of two CSS colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = c.match(/\d+(\.\d+)?/g)!.slice(0, 3).map((x) => Number(x) / 255) as [number, number, number];
    const f = (v: number) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(bl);
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

async function dismissCard(page: Page) {
  const got = page.getByRole('button', { name: 'Got it' });
  if (await got.count()) await got.click();
}

/** Advance virtual time by `ms` with the time bar's field. */
async function advance(page: Page, ms: number) {
  const f = page.getByRole('spinbutton', { name: 'Milliseconds to advance' });
  await f.fill(String(ms));
  await button(page, `Advance ${ms} ms`).click();
}

test('at 1440×900 the picture is the hero: ≥ 60 % wide, names ≥ 16 px, lines ≥ 14 px, envelopes ≥ 14 px, lanes ≥ 3:1', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await open(page);
  await dismissCard(page);
  await advance(page, 1645);
  const box = (await page.locator('[data-cluster-focus] svg.cluster:not(.overlay-layer)').boundingBox())!;
  expect(box.width / 1440).toBeGreaterThanOrEqual(0.6);
  expect(box.y + box.height, 'the whole cluster in the first screen').toBeLessThanOrEqual(900);
  expect(await renderedFont(page, '[data-testid="node-D1"] .node-id')).toBeGreaterThanOrEqual(16);
  expect(await renderedFont(page, '[data-testid="node-E"] .node-id')).toBeGreaterThanOrEqual(16);
  expect(await renderedFont(page, '[data-testid="node-D1"] .kv')).toBeGreaterThanOrEqual(14);
  expect(await renderedFont(page, '[data-testid="node-E"] .kv')).toBeGreaterThanOrEqual(14);
  await expect.poll(() => page.getByTestId('msg').count()).toBeGreaterThan(0);
  const env = (await page.getByTestId('msg').first().locator('rect').boundingBox())!;
  expect(env.height).toBeGreaterThanOrEqual(14);
  expect(await renderedFont(page, '[data-testid="msg"] text')).toBeGreaterThanOrEqual(12);
  // Lanes: ≥ 3:1 against the picture's background; the two directions are two lanes with their own arrowheads.
  const [stroke, bg] = await page.evaluate(() => {
    const lane = document.querySelector('[data-testid="link-D1-D2"] .lane')!;
    let el: Element | null = lane.closest('.panel') ?? document.body;
    let c = getComputedStyle(el).backgroundColor;
    while (el && (c === 'rgba(0, 0, 0, 0)' || c === 'transparent')) {
      el = el.parentElement;
      c = el ? getComputedStyle(el).backgroundColor : 'rgb(255, 255, 255)';
    }
    return [getComputedStyle(lane).stroke, c];
  });
  expect(contrast(stroke, bg)).toBeGreaterThanOrEqual(3);
  for (const [a, b] of [['D1', 'D2'], ['D2', 'D1']]) await expect(page.getByTestId(`link-${a}-${b}`).locator('.arrowhead')).toHaveCount(1);
  // R is drawn as a group, and RF is large.
  await expect(page.getByTestId('r-group')).toHaveAttribute('data-members', 'D1 D2 D3');
  const rf = await page.getByTestId('r-badge').locator('b').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(rf).toBeGreaterThanOrEqual(24);
  // The elector says what it holds, its bytes, and that it never receives log entries.
  await expect(page.getByTestId('node-E')).toContainText(/state \d+ B/);
  await expect(page.getByTestId('node-E')).toContainText('never receives log entries');
  // The legend on the canvas: message types in full words, term colours, cells.
  const legend = page.getByTestId('canvas-legend');
  await expect(legend).toContainText('AppendEntries (AE)');
  await expect(legend).toContainText('term 1');
  await expect(legend).toContainText('dashed: not committed yet');
  await expect(legend).toContainText("red: differs from the leader's log");
  await page.screenshot({ path: 'test-results/screens/picture-1440.png' });
});

test('at 390×844 the whole picture is on the first screen and inside the width', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page);
  await dismissCard(page);
  const box = (await page.locator('[data-cluster-focus] svg.cluster:not(.overlay-layer)').boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  expect(box.y + box.height).toBeLessThanOrEqual(844);
  // Node names stay readable on a phone.
  expect(await renderedFont(page, '[data-testid="node-D1"] .node-id')).toBeGreaterThanOrEqual(13);
  await page.screenshot({ path: 'test-results/screens/picture-390.png' });
});

test("a node's menu: Crash, Restart, Crash and lose the disk, Write here, Why?", async ({ page }) => {
  const l = await playUntilLeader(page, (x) => x.rf === 3);
  await button(page, 'Pause').click();
  const f = DATA.find((d) => d !== l.id)!;
  const menu = page.getByRole('dialog', { name: `Actions for ${f}` });
  await page.getByTestId(`node-${f}`).click();
  await expect(page.getByTestId(`node-${f}`)).toHaveAttribute('data-selected', 'true');
  await menu.getByRole('button', { name: 'Why?' }).click();
  await expect(menu.getByTestId('menu-why')).not.toBeEmpty();
  await menu.getByRole('button', { name: 'Crash', exact: true }).click();
  await expect(page.getByTestId(`node-${f}`)).toHaveAttribute('data-up', 'false');
  await expect(menu).toHaveCount(0);
  await page.getByTestId(`node-${f}`).click();
  await expect(menu.getByRole('button', { name: 'Crash', exact: true })).toHaveCount(0);
  await menu.getByRole('button', { name: 'Restart' }).click();
  await expect(page.getByTestId(`node-${f}`)).toHaveAttribute('data-up', 'true');
  await page.getByTestId(`node-${f}`).click();
  await menu.getByRole('button', { name: 'Crash and lose the disk' }).click();
  await expect(page.getByTestId(`node-${f}`)).toHaveAttribute('data-up', 'false');
  await expect(page.getByTestId(`node-${f}`)).toHaveAttribute('data-term', '0');
  // Write here, at the leader: a new entry in its log.
  const before = await page.locator(`[data-testid^="entry-${l.id}-"]`).count();
  await page.getByTestId(`node-${l.id}`).click();
  await page.getByRole('dialog', { name: `Actions for ${l.id}` }).getByRole('button', { name: 'Write here' }).click();
  await expect(page.locator(`[data-testid^="entry-${l.id}-"]`)).toHaveCount(before + 1);
  await expect(page.getByTestId('notice')).toHaveAttribute('data-kind', 'write');
});

test("a lane's menu: cut one direction for 500 ms (it heals by itself), both, heal, loss and latency", async ({ page }) => {
  const l = await playUntilLeader(page, (x) => x.rf === 3);
  await button(page, 'Pause').click();
  const f = DATA.find((d) => d !== l.id)!;
  const lane = page.getByTestId(`link-${l.id}-${f}`);
  const menu = page.getByRole('dialog', { name: `Link ${l.id}→${f}` });
  await lane.focus();
  await page.keyboard.press('Enter');
  await menu.getByRole('button', { name: 'Cut for 500 ms' }).click();
  await expect(lane).toHaveAttribute('data-cut', 'true');
  await expect(page.getByTestId(`link-${f}-${l.id}`)).toHaveAttribute('data-cut', 'false');
  await expect(lane).toContainText(/until \d+ ms/);
  await advance(page, 400);
  await expect(lane).toHaveAttribute('data-cut', 'true');
  await advance(page, 150);
  await expect(lane).toHaveAttribute('data-cut', 'false');
  // Both directions, then heal both.
  await lane.focus();
  await page.keyboard.press('Enter');
  await menu.getByRole('button', { name: 'Cut both directions' }).click();
  await expect(lane).toHaveAttribute('data-cut', 'true');
  await expect(page.getByTestId(`link-${f}-${l.id}`)).toHaveAttribute('data-cut', 'true');
  await lane.focus();
  await page.keyboard.press('Enter');
  await menu.getByRole('button', { name: 'Heal both directions' }).click();
  await expect(lane).toHaveAttribute('data-cut', 'false');
  await expect(page.getByTestId(`link-${f}-${l.id}`)).toHaveAttribute('data-cut', 'false');
  // Loss and latency of this direction only.
  await lane.focus();
  await page.keyboard.press('Enter');
  await menu.getByLabel(`Loss of ${l.id}→${f}, percent`).fill('25');
  await menu.getByLabel(`Minimum latency of ${l.id}→${f}, ms`).fill('40');
  await menu.getByRole('button', { name: `Apply to ${l.id}→${f}` }).click();
  await expect(lane).toHaveAttribute('aria-label', /latency 40–\d+ ms, loss 25 %/);
  await expect(page.getByTestId(`link-${f}-${l.id}`)).not.toHaveAttribute('aria-label', /loss 25 %/);
  // A bad value is refused with a reason, and the page keeps running.
  await lane.focus();
  await page.keyboard.press('Enter');
  await menu.getByLabel(`Loss of ${l.id}→${f}, percent`).fill('250');
  await expect(menu.getByRole('button', { name: `Apply to ${l.id}→${f}` })).toBeDisabled();
  await expect(menu).toContainText('loss is 0–100 %');
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(lane).toBeFocused();
});

test("a message's menu: Drop (a red ✕ where it was lost, the focus stays in the picture), Duplicate, Deliver now, Why?", async ({ page }) => {
  await open(page);
  await button(page, 'Play').click();
  await waitLeader(page);
  await button(page, 'Pause').click();
  for (let i = 0; i < 50 && (await page.getByTestId('msg').count()) < 2; i++) await button(page, 'Step').click();
  const first = page.getByTestId('msg').first();
  const id = (await first.getAttribute('data-id'))!;
  const menu = page.getByRole('dialog', { name: `Message #${id}` });
  await first.focus();
  await page.keyboard.press('Enter');
  await menu.getByRole('button', { name: 'Why?' }).click();
  await expect(menu.getByTestId('menu-why')).toContainText(/sent this .* at/);
  await menu.getByRole('button', { name: 'Drop' }).press('Enter');
  await expect(page.locator(`[data-testid="msg"][data-id="${id}"]`)).toHaveCount(0);
  await expect(page.locator('.drop-mark')).toHaveCount(1);
  await expect(page.locator('.drop-mark').first()).toContainText('✕');
  // The focus stayed in the picture (on the next envelope, or the picture itself).
  await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('[data-cluster-focus]'))).toBe(true);
  // Duplicate, then deliver now.
  const next = page.getByTestId('msg').first();
  const id2 = (await next.getAttribute('data-id'))!;
  const [from, to, type] = await Promise.all([next.getAttribute('data-from'), next.getAttribute('data-to'), next.getAttribute('data-type')]);
  const same = page.locator(`[data-testid="msg"][data-from="${from}"][data-to="${to}"][data-type="${type}"]`);
  const k = await same.count();
  await next.click();
  await page.getByRole('dialog', { name: `Message #${id2}` }).getByRole('button', { name: 'Duplicate' }).click();
  await expect(same).toHaveCount(k + 1);
  // Its duplicate may lie right over it: open its menu from the keyboard.
  await page.locator(`[data-testid="msg"][data-id="${id2}"]`).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: `Message #${id2}` }).getByRole('button', { name: 'Deliver now' }).click();
  await expect(page.locator(`[data-testid="msg"][data-id="${id2}"]`)).toHaveCount(0);
  await shot(page, 'picture-dropped');
});

test('the Links menu: isolate a node, the leader from its followers but not from the elector, heal all', async ({ page }) => {
  const l = await playUntilLeader(page, (x) => x.rf === 3);
  await button(page, 'Pause').click();
  const links = page.getByRole('dialog', { name: 'Links' });
  await page.getByTestId('links-menu').click();
  await links.getByRole('button', { name: /^Isolate D1: \{D1\} \| \{D2, D3, E\}$/ }).click();
  for (const o of ['D2', 'D3', 'E']) {
    await expect(page.getByTestId(`link-D1-${o}`)).toHaveAttribute('data-cut', 'true');
    await expect(page.getByTestId(`link-${o}-D1`)).toHaveAttribute('data-cut', 'true');
  }
  await expect(page.getByTestId('link-D2-D3')).toHaveAttribute('data-cut', 'false');
  await page.getByTestId('links-menu').click();
  await links.getByRole('button', { name: 'Heal all links' }).click();
  await expect(page.locator('[data-testid^="link-"][data-cut="true"]')).toHaveCount(0);
  await page.getByTestId('links-menu').click();
  await links.getByRole('button', { name: new RegExp(`^Leader ${l.id} from its followers, not from E`) }).click();
  for (const f of DATA.filter((d) => d !== l.id)) await expect(page.getByTestId(`link-${l.id}-${f}`)).toHaveAttribute('data-cut', 'true');
  await expect(page.getByTestId(`link-${l.id}-E`)).toHaveAttribute('data-cut', 'false');
  await expect(page.getByTestId(`link-E-${l.id}`)).toHaveAttribute('data-cut', 'false');
});

test('timers run down on the cards, are labelled on focus, and show when they fire', async ({ page }) => {
  await open(page);
  await dismissCard(page);
  const bar = page.locator('g.timer[data-node="D1"] .timer-fill').first();
  await expect(bar).toHaveCount(1);
  const width = async () => Number(await bar.getAttribute('width'));
  const w0 = await width();
  await advance(page, 60);
  await expect.poll(width).toBeLessThan(w0);
  // The label shows on focus, in words.
  await page.getByTestId('node-D1').focus();
  await expect(page.locator('[data-testid="node-D1"] .timer-tip')).toBeVisible();
  await expect(page.locator('[data-testid="node-D1"] .timer-tip')).toContainText(/fires in \d/);
  // Step until a timer fires: it is shown as it fires.
  await page.keyboard.press('Escape');
  for (let i = 0; i < 80 && (await page.getByTestId('timer-fired').count()) === 0; i++) await button(page, 'Step').click();
  await expect(page.getByTestId('timer-fired').first()).toContainText('fired');
  // The elector arms no timer, but once it records a leader, its leader silence (checked on
  // request) runs down like one.
  await button(page, 'Play').click();
  await waitLeader(page);
  await button(page, 'Pause').click();
  const clock = page.locator('g.timer.clock[data-node="E"]');
  await expect(clock).toHaveCount(1);
  await expect(clock).toHaveAttribute('data-timer', 'electorLeaderTimeout');
  await page.getByTestId('node-E').focus();
  await expect(page.locator('[data-testid="node-E"] .timer-tip')).toBeVisible();
  await expect(page.locator('[data-testid="node-E"] .timer-tip')).toContainText(/leader silence: (takeover allowed in \d|expired)/);
  await page.keyboard.press('Escape');
  // Every data node crashes: nobody resets the silence, and the clock shows it has run out.
  for (const d of ['D1', 'D2', 'D3']) {
    await page.getByTestId(`node-${d}`).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Crash', exact: true }).click();
    await expect(page.getByTestId(`node-${d}`)).toHaveAttribute('data-up', 'false');
  }
  await expect(clock).toHaveCount(1);
  // Hovered (the mouse stays on E while the keyboard advances the clock), its label follows the clock.
  await page.getByTestId('node-E').hover();
  await page.getByRole('spinbutton', { name: 'Milliseconds to advance' }).fill('600');
  await button(page, 'Advance 600 ms').press('Enter');
  await expect(clock).toHaveAttribute('data-expired', 'true');
  await expect(page.locator('[data-testid="node-E"] .timer-tip')).toBeVisible();
  await expect(page.locator('[data-testid="node-E"] .timer-tip')).toContainText('leader silence: expired, takeover allowed');
});

test('envelopes glide along their lane, or jump in three steps with reduced motion; arrivals are marked', async ({ page }) => {
  const positions = async () => {
    const seen = new Map<string, Set<string>>();
    for (let i = 0; i < 25; i++) {
      const now = await page.$$eval('[data-testid="msg"]', (els) => els.map((e) => [e.getAttribute('data-id') ?? '', e.getAttribute('transform') ?? ''] as const));
      for (const [id, tr] of now) {
        if (!seen.has(id)) seen.set(id, new Set());
        seen.get(id)!.add(tr);
      }
      await page.waitForTimeout(60);
    }
    return Math.max(0, ...[...seen.values()].map((s) => s.size));
  };
  await open(page);
  await dismissCard(page);
  await advance(page, 1645);
  await button(page, 'Lecture pace').click();
  await button(page, 'Play').click();
  await expect.poll(() => page.getByTestId('msg').count(), { timeout: 20_000 }).toBeGreaterThan(0);
  expect(await positions(), 'gliding: many positions per envelope').toBeGreaterThan(3);
  await expect.poll(() => page.locator('.arrivals .arrival').count(), { timeout: 15_000, intervals: [50] }).toBeGreaterThan(0);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await expect.poll(() => page.getByTestId('msg').count(), { timeout: 20_000 }).toBeGreaterThan(0);
  expect(await positions(), 'reduced motion: at most three places').toBeLessThanOrEqual(3);
  await button(page, 'Pause').click();
});

test('the picture is three roving groups: arrows move within one, Enter opens, Esc closes back to the item', async ({ page }) => {
  await open(page);
  await dismissCard(page);
  // Exactly one node, one lane, and (when any) one message take Tab.
  await expect(page.locator('[data-rove="node"][tabindex="0"]')).toHaveCount(1);
  await expect(page.locator('[data-rove="lane"][tabindex="0"]')).toHaveCount(1);
  await page.locator('[data-rove="node"][tabindex="0"]').focus();
  const focusedId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
  const a = await focusedId();
  await page.keyboard.press('ArrowRight');
  const b = await focusedId();
  expect(b).not.toBe(a);
  expect(b).toMatch(/^node-/);
  await expect(page.getByTestId(b!)).toHaveAttribute('tabindex', '0');
  await expect(page.getByTestId(a!)).toHaveAttribute('tabindex', '-1');
  // The arrows moved the focus, not time.
  await expect(page.getByTestId('clock')).toHaveAttribute('data-events', '0');
  await page.keyboard.press('Enter');
  const menu = page.getByRole('dialog', { name: `Actions for ${b!.slice(5)}` });
  await expect(menu).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(page.getByTestId(b!)).toBeFocused();
  // Every node, lane and message has an accessible name.
  const unnamed = await page.$$eval('[data-rove]', (els) => els.filter((e) => !e.getAttribute('aria-label')).length);
  expect(unnamed).toBe(0);
  // Esc on an item: the picture's root takes the focus; the page's shortcuts work there.
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-cluster-focus]')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-events', '1');
  // Abbreviations expand on focus.
  const abbr = page.getByTestId('r-badge').locator('.abbr').first();
  await abbr.focus();
  await expect(abbr.locator('.abbr-tip')).toBeVisible();
  expect(Number(await attr(page, 'clock', 'data-events'))).toBe(1);
});
