// The space-time diagram (issue 5): its arrows against the run, the linked cursor, filtering,
// hover and export. State is read only through the data-* test hooks.

import { expect, test, type Page } from '@playwright/test';
import { button, open, pageErrors } from './helpers';

test.afterEach(async ({ page }) => {
  expect(pageErrors(page), 'uncaught page errors').toEqual([]);
});

async function advance(page: Page, ms: number): Promise<void> {
  await page.getByLabel('Milliseconds to advance').fill(String(ms));
  await button(page, `Advance ${ms} ms`).click();
}

async function spacetime(page: Page) {
  const tab = page.getByRole('tab', { name: 'Space-time' });
  await tab.scrollIntoViewIfNeeded(); // the diagram loads when its section comes near the screen
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
  await expect(page.getByTestId('spacetime-svg')).toBeVisible();
}

interface A {
  msg: number;
  type: string;
  from: string;
  to: string;
  sent: number;
  recv: number | null;
  dropped: boolean;
}

async function arrows(page: Page): Promise<A[]> {
  return page.getByTestId('arrow').evaluateAll((els) =>
    els.map((e) => ({
      msg: Number(e.getAttribute('data-msg')),
      type: e.getAttribute('data-type')!,
      from: e.getAttribute('data-from')!,
      to: e.getAttribute('data-to')!,
      sent: Number(e.getAttribute('data-sent')),
      recv: e.getAttribute('data-recv') === '' ? null : Number(e.getAttribute('data-recv')),
      dropped: e.getAttribute('data-dropped') === 'true',
    })),
  );
}

const clockTime = async (page: Page) => Number(await page.getByTestId('clock').getAttribute('data-time'));
const cursorTime = async (page: Page) => Number(await page.getByTestId('spacetime-cursor').getAttribute('data-time'));

test('arrows follow the run: one per message in the window, received after sent, between real nodes', async ({ page }) => {
  await open(page);
  await spacetime(page);
  await advance(page, 1500);
  await expect.poll(() => clockTime(page)).toBe(1500);
  const svg = page.getByTestId('spacetime-svg');
  // It follows the cursor on a few hundred ms; the whole run shows every message so far.
  expect(Number(await svg.getAttribute('data-t1')) - Number(await svg.getAttribute('data-t0'))).toBeLessThanOrEqual(600);
  await button(page, 'Whole run').click();
  await expect(svg).toHaveAttribute('data-t0', '0');
  const t0 = Number(await svg.getAttribute('data-t0'));
  const t1 = Number(await svg.getAttribute('data-t1'));
  const as = await arrows(page);
  expect(as.length).toBeGreaterThan(20);
  // The count shown equals the arrows drawn (nothing capped at this size).
  await expect(page.getByTestId('spacetime-count')).toHaveAttribute('data-total', String(as.length));
  const nodes = new Set(['D1', 'D2', 'D3', 'E']);
  const ids = new Set<number>();
  for (const a of as) {
    expect(nodes.has(a.from) && nodes.has(a.to) && a.from !== a.to).toBe(true);
    expect(a.sent).toBeLessThanOrEqual(1500);
    if (a.recv !== null) {
      expect(a.recv).toBeGreaterThanOrEqual(a.sent);
      expect(a.recv).toBeLessThanOrEqual(1500);
    }
    // Visible in the window.
    expect(a.sent).toBeLessThanOrEqual(t1);
    expect(a.recv ?? 1500).toBeGreaterThanOrEqual(t0);
    expect(ids.has(a.msg)).toBe(false);
    ids.add(a.msg);
  }
  // The elector only talks to data nodes, never with AppendEntries.
  for (const a of as.filter((x) => x.to === 'E' || x.from === 'E')) expect(a.type).not.toBe('AppendEntries');
  // A leader emerged: a term mark and a leader mark on some lane.
  await expect(page.locator('[data-testid="mark"][data-kind="leader"]').first()).toBeAttached();
  // Filter by type: only that type remains.
  await page.getByTestId('spacetime-filter').selectOption('AppendEntries');
  const only = await arrows(page);
  expect(only.length).toBeGreaterThan(0);
  expect(only.every((a) => a.type === 'AppendEntries')).toBe(true);
});

test('crash marks its lane and the messages to the crashed node end in a drop mark', async ({ page }) => {
  await open(page);
  await spacetime(page);
  await advance(page, 1000);
  await button(page, 'Crash D2').click();
  await advance(page, 300);
  await button(page, 'Whole run').click();
  await expect(page.locator('[data-testid="mark"][data-kind="crash"][data-node="D2"]')).toHaveCount(1);
  const as = await arrows(page);
  const crashT = Number(await page.locator('[data-testid="mark"][data-kind="crash"][data-node="D2"]').getAttribute('data-time'));
  // Every message to D2 that arrived after the crash is dropped.
  const late = as.filter((a) => a.to === 'D2' && a.recv !== null && a.recv > crashT);
  expect(late.length).toBeGreaterThan(0);
  for (const a of late) expect(a.dropped).toBe(true);
});

test('the cursor is linked both ways, and clicking an arrow seeks to its receive event', async ({ page }) => {
  await open(page);
  await spacetime(page);
  await advance(page, 1200);
  await expect.poll(() => cursorTime(page)).toBe(1200);
  // Move the cluster view's timeline slider: the diagram's cursor follows.
  const slider = page.getByRole('slider', { name: 'Timeline' });
  await slider.focus();
  await slider.press('Home');
  await slider.press('PageUp');
  const t = await clockTime(page);
  expect(t).toBeLessThan(1200);
  await expect.poll(() => cursorTime(page)).toBe(t);
  // Back to the end, then click in the diagram: the clock (cluster view) follows.
  await slider.press('End');
  await expect.poll(() => clockTime(page)).toBeGreaterThanOrEqual(1200);
  await page.getByRole('button', { name: 'Whole run' }).click();
  const svg = page.getByTestId('spacetime-svg');
  const box = (await svg.boundingBox())!;
  await svg.click({ position: { x: 44 + (box.width - 52) / 2, y: 4 } });
  const clicked = await clockTime(page);
  expect(clicked).toBeGreaterThan(300);
  expect(clicked).toBeLessThan(1000);
  expect(await cursorTime(page)).toBe(clicked);
  // Click an arrow that was received: the clock lands on its receive time.
  await button(page, 'Follow cursor').click();
  const as = (await arrows(page)).filter((a) => a.recv !== null && !a.dropped);
  const target = as[Math.floor(as.length / 2)]!;
  await page.locator(`[data-testid="arrow"][data-msg="${target.msg}"]`).dispatchEvent('click');
  await expect.poll(() => clockTime(page)).toBe(target.recv);
  await expect.poll(() => cursorTime(page)).toBe(target.recv);
  // Hovering an arrow highlights it.
  await page.locator(`[data-testid="arrow"][data-msg="${target.msg}"]`).dispatchEvent('mouseover');
  await expect(page.locator(`[data-testid="arrow"][data-msg="${target.msg}"]`)).toHaveClass(/hovered/);
  // ... and its receive event's line in the event log (the newest line: we seeked there).
  const hoveredLine = page.locator('[data-testid="event-log"] li[data-hovered="true"]');
  await expect(hoveredLine).toHaveCount(1);
  await expect(page.locator('[data-testid="event-log"] li.line').first()).toHaveAttribute('data-hovered', 'true');
  await page.locator(`[data-testid="arrow"][data-msg="${target.msg}"]`).dispatchEvent('mouseout');
  await expect(hoveredLine).toHaveCount(0);
  // Hovering a log line of a delivery highlights that message's arrow.
  await page.locator('[data-testid="event-log"] li.line').first().hover();
  await expect(page.locator(`[data-testid="arrow"][data-msg="${target.msg}"]`)).toHaveClass(/hovered/);
});

test('Export SVG downloads the diagram as a standalone SVG with its arrows', async ({ page }) => {
  await open(page);
  await spacetime(page);
  await advance(page, 800);
  const n = await page.getByTestId('arrow').count();
  const [dl] = await Promise.all([page.waitForEvent('download'), button(page, 'Export SVG').click()]);
  expect(dl.suggestedFilename()).toMatch(/\.svg$/);
  const path = await dl.path();
  const text = (await import('node:fs')).readFileSync(path!, 'utf8');
  expect(text).toContain('<svg');
  expect(text).toContain('xmlns="http://www.w3.org/2000/svg"');
  expect(text.split('data-testid="arrow"').length - 1).toBe(n);
});
