// Issue 11, "every screen", in the states that broke it: a published gallery story stopped on its
// violation (notice + banner) at 1440, 1024, 768 (touch) and 390 (touch) wide keeps the whole
// cluster on the first screen, the protocol picker readable, the header's parts apart on one line
// and nothing sideways; a timer's "fired" pill stays inside the picture (never over the banner or
// the notice); the gallery fits a phone and every link in it is a 44 px target that can be reached.
// Screenshots: test-results/phone-*.png.

import { expect, test, type Page } from '@playwright/test';
import { boxes, expectInView, pageAt, SCREENS, stopOnViolation } from './page-states';

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/phone-${name}.png` });

interface Box {
  name: string;
  x: number;
  y: number;
  r: number;
  b: number;
}

/**
 * The header's visible parts as drawn (a part of the brand clipped to the brand's box where it clips), the clock,
 * and the timeline row's parts: their boxes, to check that none runs over another.
 */
async function chromeParts(page: Page): Promise<{ parts: Box[]; top: Box; pickerWidth: number; oneLine: boolean }> {
  return page.evaluate(() => {
    const box = (name: string, r: DOMRect): Box => ({ name, x: r.left, y: r.top, r: r.right, b: r.bottom });
    const clip = (a: Box, c: Box): Box => ({ name: a.name, x: Math.max(a.x, c.x), y: Math.max(a.y, c.y), r: Math.min(a.r, c.r), b: Math.min(a.b, c.b) });
    const shown = (e: Element) => {
      const st = getComputedStyle(e);
      const r = e.getBoundingClientRect();
      return st.display !== 'none' && st.visibility !== 'hidden' && r.width > 1 && r.height > 1 && st.clip !== 'rect(0px, 0px, 0px, 0px)';
    };
    const top = box('top', document.querySelector('div.top')!.getBoundingClientRect());
    const brandEl = document.querySelector('div.top .brand')!;
    const brand = box('brand', brandEl.getBoundingClientRect());
    const parts: Box[] = [];
    // A part of the brand is clipped to it only where the brand clips what overflows it.
    const clips = getComputedStyle(brandEl).overflowX !== 'visible';
    for (const e of brandEl.children) {
      if (!shown(e)) continue;
      const b = box(`brand ${e.tagName.toLowerCase()}.${e.className}`, e.getBoundingClientRect());
      parts.push(clips ? clip(b, brand) : b);
    }
    const clock = document.querySelector('[data-testid="clock"]')!;
    parts.push(box('clock', clock.getBoundingClientRect()));
    for (const e of document.querySelectorAll('div.top .top-right > *')) if (shown(e)) parts.push(box(`button ${e.getAttribute('aria-label')}`, e.getBoundingClientRect()));
    for (const e of document.querySelectorAll('.timeline .timeline-track, .timeline .timeline-max')) if (shown(e)) parts.push(box(e.className, e.getBoundingClientRect()));
    // A violation ahead is a mark on the timeline that reaches past the track's end: it overlaps the track, never the clock.
    for (const e of document.querySelectorAll('.timeline .violation-ahead')) if (shown(e)) parts.push(box('violation-ahead', e.getBoundingClientRect()));
    const inFlow = [...document.querySelectorAll('div.top > *')].filter((e) => shown(e) && getComputedStyle(e).position !== 'absolute');
    const oneLine = inFlow.every((e) => {
      const r = e.getBoundingClientRect();
      return r.top >= top.y - 0.5 && r.bottom <= top.b + 0.5;
    });
    return { parts: parts.filter((p) => p.r - p.x > 1), top, pickerWidth: document.querySelector('[data-testid="protocol-select"]')!.getBoundingClientRect().width, oneLine };
  });
}

function overlaps(parts: Box[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++)
    for (let j = i + 1; j < parts.length; j++) {
      const a = parts[i]!;
      const b = parts[j]!;
      // A mark of the timeline lies on its track.
      if ([a.name, b.name].sort().join(' ') === 'timeline-track violation-ahead') continue;
      const w = Math.min(a.r, b.r) - Math.max(a.x, b.x);
      const h = Math.min(a.b, b.b) - Math.max(a.y, b.y);
      if (w > 0.5 && h > 0.5) out.push(`${a.name} × ${b.name} (${w.toFixed(1)}×${h.toFixed(1)})`);
    }
  return out;
}

async function noSidewaysScroll(page: Page): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, 'page width beyond the screen').toBeLessThanOrEqual(client);
}

for (const s of SCREENS) {
  test(`${s.name} ${s.width}×${s.height}: a published story stopped on its violation keeps the whole cluster on the first screen`, async ({ browser, baseURL }) => {
    const page = await pageAt(browser, s, { baseURL });
    await stopOnViolation(page);
    await expect(page.getByTestId('notice')).toHaveAttribute('data-kind', 'violation');
    await expect(page.getByTestId('published-banner')).toBeVisible();
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, `${s.width}-violation-published`);
    const nodes = await boxes(page, 'svg [data-testid^="node-"]');
    expect(nodes.length).toBeGreaterThanOrEqual(3);
    expectInView(nodes, s);
    // The violation's notice stays above the cluster, on the first screen.
    const notice = (await boxes(page, '[data-testid="notice"]'))[0]!;
    expect(notice.y + notice.h).toBeLessThanOrEqual(Math.min(...nodes.map((n) => n.y)));
    const chrome = await chromeParts(page);
    // The picker shows enough of the protocol's name to read it ("Janus 2+1 — publ…").
    expect(chrome.pickerWidth).toBeGreaterThanOrEqual(120);
    expect(chrome.oneLine).toBe(true);
    expect(chrome.top.b - chrome.top.y).toBeLessThanOrEqual(60);
    expect(overlaps(chrome.parts)).toEqual([]);
    for (const p of chrome.parts) {
      expect(p.x, `${p.name} left`).toBeGreaterThanOrEqual(0);
      expect(p.r, `${p.name} right`).toBeLessThanOrEqual(s.width);
    }
    // The seed line may end in an ellipsis where the header is tight: its title says it whole.
    const run = await page.locator('div.top .run').evaluate((e) => ({ title: e.getAttribute('title'), text: e.textContent }));
    expect(run.title).toBe(run.text);
    // The clock still reads, wherever the screen puts it: on the screen, and nothing drawn over it.
    await expect(page.getByTestId('clock')).toBeInViewport();
    const clockOnTop = await page.evaluate(() => {
      const c = document.querySelector('[data-testid="clock"] .clock-t') ?? document.querySelector('[data-testid="clock"]')!;
      const r = c.getBoundingClientRect();
      const e = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return !!e && c.contains(e);
    });
    expect(clockOnTop, 'the clock is drawn on top').toBe(true);
    await noSidewaysScroll(page);
    // Back at the start, the violation lies ahead: its mark at the timeline's end runs over nothing of the header.
    const timeline = page.getByRole('slider', { name: 'Timeline' });
    await timeline.focus();
    await timeline.press('Home');
    await expect(page.getByTestId('violation-ahead')).toHaveCount(1);
    await shot(page, `${s.width}-violation-ahead`);
    expect(overlaps((await chromeParts(page)).parts)).toEqual([]);
    // The banner is still on the page: below the cluster on a phone, above it on wider screens.
    await page.getByTestId('open-our-design').scrollIntoViewIfNeeded();
    await expect(page.getByTestId('open-our-design')).toBeInViewport();
    expect((page as Page & { jlErrors?: string[] }).jlErrors).toEqual([]);
    await page.context().close();
  });
}

test('a timer that fires shows its pill inside its card: never above the picture, over the banner or the notice, nor under the timer bars', async ({ browser, baseURL }) => {
  for (const s of [SCREENS[0], SCREENS[3]]) {
    const page = await pageAt(browser, s, { baseURL, path: '/#gallery/published-p1' });
    const timeline = page.getByRole('slider', { name: 'Timeline' });
    await timeline.focus();
    await timeline.press('Home');
    const seen = new Set<string>();
    for (let i = 0; i < 120 && seen.size < 2; i++) {
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      const found = await page.evaluate(() => {
        const inside = (a: DOMRect, c: DOMRect) => a.left >= c.left - 0.5 && a.top >= c.top - 0.5 && a.right <= c.right + 0.5 && a.bottom <= c.bottom + 0.5;
        const apart = (a: DOMRect, c: DOMRect) => a.right <= c.left || a.left >= c.right || a.bottom <= c.top || a.top >= c.bottom;
        const svg = document.querySelector('svg.cluster:not(.overlay-layer)')!.getBoundingClientRect();
        const texts = [...document.querySelectorAll('.published-banner, [data-testid="notice"], .cluster-bar')].map((e) => e.getBoundingClientRect()).filter((r) => r.height > 0);
        // The timer bars run in the moving layer, drawn above the cards: a pill under them is covered.
        const bars = [...document.querySelectorAll('.overlay-layer .timer-track')].map((e) => e.getBoundingClientRect()).filter((r) => r.height > 0);
        return [...document.querySelectorAll('[data-testid="timer-fired"]')].map((pill) => {
          const r = pill.getBoundingClientRect();
          const card = pill.closest('[data-testid^="node-"]')!.querySelector('.card')!.getBoundingClientRect();
          const node = pill.closest('[data-testid^="node-"]')!;
          // One pill per card (several stacked up over the card's lines), clear of the card's lines.
          const lines = [...node.querySelectorAll('text.kv, text.node-id, text.role')].map((t) => t.getBoundingClientRect());
          return {
            key: `${node.getAttribute('data-testid')} ${pill.getAttribute('data-timer')}`,
            inSvg: inside(r, svg),
            inCard: inside(r, card),
            clear: texts.every((t) => apart(r, t)),
            uncovered: bars.every((t) => apart(r, t)),
            linesClear: lines.every((t) => apart(r, t)),
            onePerCard: node.querySelectorAll('[data-testid="timer-fired"]').length === 1,
          };
        });
      });
      for (const f of found) {
        expect(f, `${s.width}: ${f.key}`).toEqual({ key: f.key, inSvg: true, inCard: true, clear: true, uncovered: true, linesClear: true, onePerCard: true });
        if (!seen.has(f.key) && seen.size === 0) await shot(page, `${s.width}-timer-fired`);
        seen.add(f.key);
      }
    }
    expect(seen.size, `${s.width}: pills seen`).toBeGreaterThan(0);
    // Here the violation ahead lies at the end of the known run: its mark runs over nothing of the header (the clock, on phones).
    await expect(page.getByTestId('violation-ahead')).toHaveCount(1);
    expect(overlaps((await chromeParts(page)).parts)).toEqual([]);
    await page.context().close();
  }
});

test('phone: the gallery fits the screen, and each of its links is a 44 px target that can be scrolled to and tapped', async ({ browser, baseURL }) => {
  const s = SCREENS[3];
  const page = await pageAt(browser, s, { baseURL });
  const summary = page.getByText('Gallery of teaching scenarios', { exact: true });
  await summary.scrollIntoViewIfNeeded();
  await summary.click();
  const gallery = page.getByTestId('gallery');
  await expect(gallery.locator('a').first()).toBeVisible();
  await gallery.scrollIntoViewIfNeeded();
  await shot(page, '390-gallery');
  const report = await page.evaluate(() => {
    const out: string[] = [];
    const g = document.querySelector('[data-testid="gallery"]')!;
    for (const e of [g, ...g.querySelectorAll('*')]) {
      const r = e.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.left < -0.5 || r.right > innerWidth + 0.5) out.push(`${e.tagName} "${e.textContent?.slice(0, 30)}" ${Math.round(r.left)}–${Math.round(r.right)}`);
      if (e instanceof HTMLElement && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible') out.push(`${e.tagName} scrolls sideways`);
      if (e.tagName === 'A' && r.height < 43.5) out.push(`link "${e.textContent}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    return out;
  });
  expect(report).toEqual([]);
  await noSidewaysScroll(page);
  // The last link: scrolled to, on the screen, above the fold's edge, and a tap opens it.
  const last = gallery.locator('a').last();
  await last.scrollIntoViewIfNeeded();
  await expect(last).toBeInViewport({ ratio: 1 });
  const href = await last.getAttribute('href');
  await last.tap();
  await expect(page).toHaveURL(new RegExp(`${href!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`));
  await page.context().close();
});

test('Present at each width: the bar’s controls, the clock and "Exit present" lie apart, on the screen', async ({ browser, baseURL }) => {
  for (const s of SCREENS) {
    const page = await pageAt(browser, s, { baseURL, path: '/#gallery/leader-crash' });
    await page.getByRole('button', { name: 'Present', exact: true }).click();
    await expect(page.getByTestId('present-view')).toBeVisible();
    await page.waitForTimeout(300);
    await shot(page, `${s.width}-present`);
    const parts = await page.evaluate(() =>
      [...document.querySelectorAll('.stage-bar button, .stage-bar input, .stage-bar select, .stage-bar .clock, .stage-bar .speed-out, .stage-bar .mode, .stage-bar a')]
        .filter((e) => getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().width > 1)
        .map((e) => {
          const r = e.getBoundingClientRect();
          return { name: `${e.tagName.toLowerCase()} ${e.getAttribute('aria-label') ?? e.className ?? ''}`.trim(), x: r.left, y: r.top, r: r.right, b: r.bottom };
        }),
    );
    expect(parts.length).toBeGreaterThan(5);
    expect(overlaps(parts), `${s.width}`).toEqual([]);
    for (const p of parts) {
      expect(p.x, `${s.width} ${p.name} left`).toBeGreaterThanOrEqual(0);
      expect(p.r, `${s.width} ${p.name} right`).toBeLessThanOrEqual(s.width);
      expect(p.b, `${s.width} ${p.name} bottom`).toBeLessThanOrEqual(s.height);
    }
    await expect(page.getByRole('button', { name: 'Exit present', exact: true })).toBeInViewport({ ratio: 1 });
    await noSidewaysScroll(page);
    await page.context().close();
  }
});

test('narrow screens: every panel below the cluster takes the column’s width, inside the screen', async ({ browser, baseURL }) => {
  for (const s of [SCREENS[1], SCREENS[2], SCREENS[3]]) {
    const page = await pageAt(browser, s, { baseURL });
    await page.getByRole('tab', { name: 'Space-time' }).scrollIntoViewIfNeeded();
    await expect(page.getByRole('tabpanel')).toBeVisible();
    // The space-time diagram's chunk has loaded (its toolbar is the widest thing in the section).
    await expect(page.getByRole('button', { name: 'Whole run', exact: true })).toBeVisible();
    await page.getByRole('tab', { name: 'Space-time' }).scrollIntoViewIfNeeded();
    await shot(page, `${s.width}-analysis`);
    const panels = await page.evaluate(() => {
      const col = document.querySelector('#cluster')!.getBoundingClientRect();
      return [...document.querySelectorAll('.below > .panel, .right > .panel, .below > .share-row')].map((e) => {
        const r = e.getBoundingClientRect();
        return { name: `${e.tagName.toLowerCase()}.${String(e.className).split(' ').slice(-1)[0]}`, left: Math.round(r.left - col.left), right: Math.round(col.right - r.right), beyond: Math.round(Math.max(0, r.right - innerWidth)) };
      });
    });
    expect(panels.length).toBeGreaterThanOrEqual(4);
    // Each panel's edges line up with the cluster's (± 2 px): as wide as the column, no wider.
    for (const p of panels) expect({ ...p, left: Math.abs(p.left) <= 2, right: Math.abs(p.right) <= 2 }, `${s.width}`).toEqual({ ...p, left: true, right: true, beyond: 0 });
    await page.context().close();
  }
});
