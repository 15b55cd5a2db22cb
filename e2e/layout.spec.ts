// Issue 11, "every screen": at 1440, 1024, 768 (tablet, touch) and 390 (phone, touch) wide the
// whole cluster is on the first screen, its text is readable, nothing scrolls sideways, the header
// stays one line, touch targets are 44 px, the controls move into a drawer on narrow screens, and a
// 960×540 iframe shows the embedded view whole. Each test saves its screenshot in test-results/.

import { expect, test, type Page } from '@playwright/test';
import { boxes, expectInView, nodeTextSizes, pageAt, SCREENS, stopOnViolation } from './page-states';

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/layout-${name}.png` });

async function noSidewaysScroll(page: Page): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, 'page width beyond the screen').toBeLessThanOrEqual(client);
}

/**
 * The header's height, and whether all its parts sit on one line (its parts in the flow: on phones
 * the clock is placed at the end of the timeline row; e2e/phone.spec.ts checks it overlaps nothing).
 */
async function headerLine(page: Page): Promise<{ height: number; oneLine: boolean }> {
  return page.evaluate(() => {
    const top = document.querySelector('div.top')!.getBoundingClientRect();
    const parts = [...document.querySelectorAll('div.top > *')]
      .filter((e) => getComputedStyle(e).position !== 'absolute')
      .map((e) => e.getBoundingClientRect())
      .filter((b) => b.width > 0);
    return { height: top.height, oneLine: parts.every((b) => b.top >= top.top - 0.5 && b.bottom <= top.bottom + 0.5) };
  });
}

for (const s of SCREENS) {
  test.describe(`${s.name} ${s.width}×${s.height}`, () => {
    test('the whole cluster is on the first screen, readable, and nothing scrolls sideways', async ({ browser, baseURL }) => {
      const page = await pageAt(browser, s, { baseURL });
      await shot(page, `${s.width}x${s.height}`);
      const nodes = await boxes(page, 'svg [data-testid^="node-"]');
      expect(nodes.length).toBeGreaterThanOrEqual(3);
      expectInView(nodes, s);
      // Node names at 16 px or more, node lines at 14 px or more, as rendered on this screen (the
      // issue's bar at 1440, kept at 1024 and 768). The phone, where the whole cluster must fit
      // 390 px and the picture scales down from its 460 px layout: names 14 px, lines 11 px (the
      // issue measured 6–7 px there before).
      const sizes = await nodeTextSizes(page);
      const [nameMin, lineMin] = s.width < 600 ? [14, 11] : [16, 14];
      expect(sizes.names.length).toBe(nodes.length);
      expect(sizes.lines.length).toBeGreaterThan(0);
      expect(Math.min(...sizes.names)).toBeGreaterThanOrEqual(nameMin);
      expect(Math.min(...sizes.lines)).toBeGreaterThanOrEqual(lineMin);
      await noSidewaysScroll(page);
      const header = await headerLine(page);
      expect(header.oneLine).toBe(true);
      expect(header.height).toBeLessThanOrEqual(60);
      if (s.width === 1440) {
        // The cluster is the hero: at least 60 % of the width.
        const cluster = (await boxes(page, '#cluster'))[0]!;
        expect(cluster.w / s.width).toBeGreaterThanOrEqual(0.6);
      }
      expect((page as Page & { jlErrors?: string[] }).jlErrors).toEqual([]);
      await page.context().close();
    });

    if (s.touch) {
      test('touch targets are at least 44 px', async ({ browser, baseURL }) => {
        const page = await pageAt(browser, s, { baseURL });
        expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);
        const small = await page.evaluate(() => {
          const out: string[] = [];
          for (const el of document.querySelectorAll<HTMLElement>('button, select, input:not([type="hidden"]), summary')) {
            const b = el.getBoundingClientRect();
            const st = getComputedStyle(el);
            if (b.width === 0 || b.height === 0 || st.visibility === 'hidden' || el.closest('.sr-only')) continue;
            const isButton = el.tagName === 'BUTTON';
            if (b.height < 43.5 || (isButton && b.width < 43.5)) out.push(`${el.tagName} "${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30)}" ${Math.round(b.width)}×${Math.round(b.height)}`);
          }
          return out;
        });
        expect(small).toEqual([]);
        await page.context().close();
      });
    }

    if (s.width < 1100) {
      test('the faults and writes open in a drawer, and Esc closes it', async ({ browser, baseURL }) => {
        const page = await pageAt(browser, s, { baseURL });
        const toggle = page.getByRole('button', { name: 'Controls', exact: true });
        // Closed: its buttons are not shown (nor reachable by Tab).
        await expect(page.getByRole('button', { name: 'Crash D1', exact: true })).toBeHidden();
        await toggle.click();
        await expect(toggle).toHaveAttribute('aria-expanded', 'true');
        const crash = page.getByRole('button', { name: 'Crash D1', exact: true });
        await expect(crash).toBeInViewport();
        await noSidewaysScroll(page);
        await page.waitForTimeout(250); // the sheet's slide-in
        await shot(page, `${s.width}x${s.height}-drawer`);
        await crash.focus();
        await page.keyboard.press('Escape');
        await expect(toggle).toHaveAttribute('aria-expanded', 'false');
        await expect(crash).toBeHidden();
        await page.context().close();
      });
    }
  });
}

test('the header keeps one line, at the same height, when a run stops on a violation', async ({ browser, baseURL }) => {
  for (const s of [SCREENS[0], SCREENS[3]]) {
    const page = await pageAt(browser, s, { baseURL });
    const before = await headerLine(page);
    const barBefore = (await boxes(page, '.bar'))[0]!.h;
    await stopOnViolation(page);
    const after = await headerLine(page);
    expect(after).toEqual(before);
    expect((await boxes(page, '.bar'))[0]!.h).toBe(barBefore);
    await noSidewaysScroll(page);
    await shot(page, `${s.width}x${s.height}-violation`);
    await page.context().close();
  }
});

test('a 960×540 iframe shows the embedded view: the whole cluster and its time controls', async ({ browser, baseURL }) => {
  const page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
  await page.setContent(`<iframe src="${baseURL}/?embed#gallery/leader-crash" width="960" height="540" title="Janus Lab" style="border:0"></iframe>`);
  const frame = page.frameLocator('iframe');
  await expect(frame.getByTestId('embed-view')).toBeVisible();
  await expect(frame.getByTestId('node-E')).toBeVisible();
  const inner = page.frames().find((f) => f.url().includes('embed'))!;
  const fit = await inner.evaluate(() => {
    const nodes = [...document.querySelectorAll('svg [data-testid^="node-"]')].map((n) => n.getBoundingClientRect());
    const controls = ['Play', 'Pause', 'Step back', 'Step'].map((name) => document.querySelector(`button[aria-label="${name}"]`)?.getBoundingClientRect() ?? null);
    const inside = (b: DOMRect | null) => b !== null && b.width > 0 && b.left >= 0 && b.top >= 0 && b.right <= innerWidth && b.bottom <= innerHeight;
    return {
      nodes: nodes.length,
      nodesInside: nodes.every(inside),
      controlsInside: controls.every(inside),
      timeline: inside(document.querySelector('input[aria-label="Timeline"]')?.getBoundingClientRect() ?? null),
      caption: inside(document.querySelector('[data-testid="caption-line"]')?.getBoundingClientRect() ?? null),
      scrolls: document.documentElement.scrollHeight > innerHeight || document.documentElement.scrollWidth > innerWidth,
      size: [innerWidth, innerHeight],
      page: !!document.querySelector('div.top'),
    };
  });
  expect(fit).toEqual({ nodes: fit.nodes, nodesInside: true, controlsInside: true, timeline: true, caption: true, scrolls: false, size: [960, 540], page: false });
  expect(fit.nodes).toBeGreaterThanOrEqual(3);
  // Its controls work: Step moves the run.
  const events = Number(await frame.getByTestId('clock').getAttribute('data-events'));
  await frame.getByRole('button', { name: 'Step', exact: true }).click();
  await expect.poll(async () => Number(await frame.getByTestId('clock').getAttribute('data-events'))).toBeGreaterThan(events);
  await page.screenshot({ path: 'test-results/layout-embed-960x540.png' });
  await page.close();
});

// Issue 12: "a tour opens at t = 0 … with the cluster in view and its first caption beside the
// cluster". At 1440×900 the caption sat under the legend, below the first screen (y ≈ 933).
for (const s of SCREENS) {
  test(`${s.name} ${s.width}×${s.height}: an open tour shows the whole cluster and its caption, with its Next button, on the first screen, without overlap`, async ({ browser, baseURL }) => {
    const page = await pageAt(browser, s, { baseURL, path: '/#tour/meet-janus' });
    await expect(page.getByTestId('tour-caption')).toBeVisible();
    await page.waitForTimeout(300);
    await shot(page, `tour-${s.width}x${s.height}`);
    const panel = (await boxes(page, '[data-testid="tour-panel"]'))[0]!;
    const nb = (await page.getByRole('button', { name: 'Next', exact: true }).boundingBox())!;
    const nodes = await boxes(page, 'svg [data-testid^="node-"]');
    expectInView([{ ...panel, id: 'the tour panel' }, { id: 'Next', x: nb.x, y: nb.y, w: nb.width, h: nb.height }, ...nodes], s);
    for (const n of nodes) {
      const apart = n.x + n.w <= panel.x || panel.x + panel.w <= n.x || n.y + n.h <= panel.y || panel.y + panel.h <= n.y;
      expect(apart, `${n.id} under the caption`).toBe(true);
    }
    await noSidewaysScroll(page);
    await page.context().close();
  });
}
