// Page states shared by the layout, accessibility and Present tests: the screen sizes of issue 11
// and the ways to reach a state as a user does (links, buttons by name, the keyboard).

import { expect, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';

/** The four screens: desktop, small laptop, tablet (touch), phone (touch). */
export const SCREENS = [
  { name: 'desktop', width: 1440, height: 900, touch: false },
  { name: 'laptop', width: 1024, height: 768, touch: false },
  { name: 'tablet', width: 768, height: 1024, touch: true },
  { name: 'phone', width: 390, height: 844, touch: true },
] as const;
export type Screen = (typeof SCREENS)[number];

export function contextFor(s: Screen): BrowserContextOptions {
  return { viewport: { width: s.width, height: s.height }, ...(s.touch ? { isMobile: true, hasTouch: true } : {}) };
}

/** A new page at screen `s`, the first-visit card dismissed unless `intro`. */
export async function pageAt(browser: Browser, s: Screen, opts: { baseURL: string | undefined; intro?: boolean; path?: string }): Promise<Page> {
  const ctx = await browser.newContext({ ...contextFor(s), baseURL: opts.baseURL });
  if (!opts.intro) await ctx.addInitScript(() => window.localStorage.setItem('janus-lab:intro-dismissed', '1'));
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as Page & { jlErrors?: string[] }).jlErrors = errors;
  await page.goto(opts.path ?? '/');
  await expect(page.getByTestId('node-E')).toBeVisible();
  return page;
}

/** Every element matching `selector` lies inside the viewport. Returns the boxes (for messages). */
export async function boxes(page: Page, selector: string): Promise<{ id: string; x: number; y: number; w: number; h: number }[]> {
  return page.locator(selector).evaluateAll((els) =>
    els.map((e) => {
      const b = e.getBoundingClientRect();
      return { id: e.getAttribute('data-testid') ?? e.tagName, x: b.x, y: b.y, w: b.width, h: b.height };
    }),
  );
}

/** Every box lies inside a screen of this size (the first screen, at scroll 0). */
export function expectInView(list: readonly { id: string; x: number; y: number; w: number; h: number }[], s: { width: number; height: number }): void {
  for (const n of list) {
    expect(n.x, `${n.id} left`).toBeGreaterThanOrEqual(0);
    expect(n.y, `${n.id} top`).toBeGreaterThanOrEqual(0);
    expect(n.x + n.w, `${n.id} right`).toBeLessThanOrEqual(s.width);
    expect(n.y + n.h, `${n.id} bottom`).toBeLessThanOrEqual(s.height);
  }
}

/** Rendered font sizes (px on screen: CSS size × the SVG's scale) of the node names and of the nodes' text lines. */
export async function nodeTextSizes(page: Page): Promise<{ names: number[]; lines: number[] }> {
  return page.evaluate(() => {
    const px = (t: SVGTextElement) => parseFloat(getComputedStyle(t).fontSize) * Math.hypot(t.getScreenCTM()!.a, t.getScreenCTM()!.b);
    const names: number[] = [];
    const lines: number[] = [];
    for (const n of document.querySelectorAll<SVGGElement>('svg [data-testid^="node-"]')) {
      const id = n.getAttribute('data-testid')!.slice('node-'.length);
      for (const t of n.querySelectorAll<SVGTextElement>('text')) {
        if (t.getBBox().width === 0) continue;
        if (t.textContent?.trim() === id) names.push(px(t));
        else if (t.classList.contains('kv')) lines.push(px(t));
      }
    }
    return { names, lines };
  });
}

/** Play a gallery scenario whose run breaks a safety property, from its start, until the run stops on the violation. */
export async function stopOnViolation(page: Page): Promise<void> {
  await page.goto('/#gallery/published-p1');
  // The published spec's plug-in loads on demand: until it has, the page still shows the run it had.
  await expect(page.getByRole('combobox', { name: 'Protocol' })).toHaveValue('janus-published');
  await expect(page.getByTestId('node-E')).toBeVisible();
  const timeline = page.getByRole('slider', { name: 'Timeline' });
  await timeline.focus();
  await timeline.press('Home');
  const speed = page.getByRole('slider', { name: 'Speed' });
  await speed.focus();
  await speed.press('End');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(page.getByTestId('playback-mode')).toHaveAttribute('data-mode', 'stoppedOnViolation', { timeout: 30_000 });
}
