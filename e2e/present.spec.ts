// Issue 11, Present and embed: Present shows the cluster, the time bar and a caption line in large
// type, driven by Space, the arrow keys and a clicker's PageDown/PageUp, left with Esc; a scenario
// link with `?embed` opens the same view without the page; "Copy embed code" gives the iframe.

import { expect, test } from '@playwright/test';
import { pageAt, SCREENS } from './page-states';

const events = async (page: import('@playwright/test').Page) => Number(await page.getByTestId('clock').getAttribute('data-events'));

test('Present: the cluster, the time bar and a large caption, driven by the keys and a clicker', async ({ browser, baseURL }) => {
  const page = await pageAt(browser, SCREENS[0], { baseURL });
  await page.getByRole('button', { name: 'Present', exact: true }).click();
  const view = page.getByTestId('present-view');
  await expect(view).toBeVisible();
  // Nothing of the page around it.
  await expect(page.getByRole('button', { name: 'Settings', exact: true })).toHaveCount(0);
  await expect(page.getByTestId('event-log')).toHaveCount(0);
  // The whole cluster on the screen, and the caption in large type.
  for (const n of await page.locator('svg [data-testid^="node-"]').all()) await expect(n).toBeInViewport({ ratio: 1 });
  const caption = page.getByTestId('caption-line');
  await expect(caption).toBeInViewport();
  expect(parseFloat(await caption.evaluate((e) => getComputedStyle(e).fontSize))).toBeGreaterThanOrEqual(24);
  await page.screenshot({ path: 'test-results/present-1440x900.png' });

  // PageDown (a clicker's "next") steps, PageUp steps back, → and ← too.
  const e0 = await events(page);
  await page.keyboard.press('PageDown');
  await expect.poll(() => events(page)).toBe(e0 + 1);
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => events(page)).toBe(e0 + 2);
  await page.keyboard.press('PageUp');
  await expect.poll(() => events(page)).toBe(e0 + 1);
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => events(page)).toBe(e0);
  // Space plays and pauses.
  await page.keyboard.press(' ');
  await expect(page.getByTestId('playback-mode')).toHaveAttribute('data-mode', 'playing');
  await page.keyboard.press(' ');
  await expect(page.getByTestId('playback-mode')).not.toHaveAttribute('data-mode', 'playing');
  // Something happened: the caption says it in words.
  await page.getByRole('slider', { name: 'Speed' }).focus();
  await page.keyboard.press('End');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(caption).toContainText(/leader|term|RF/, { timeout: 20_000 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();

  // Esc leaves Present; the page comes back.
  await view.focus();
  await page.keyboard.press('Escape');
  await expect(view).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Settings', exact: true })).toBeVisible();
  await page.context().close();
});

// A 1024×768 projector: the legend (four rows there) and the "Forward N ms" field took the
// height, so the cluster was drawn 357 px high with card lines of about 10 px. Present gives the
// picture the height: at least 60 % of the screen, and the whole cluster still in view.
test('Present on a 1024×768 projector: the picture takes the height', async ({ browser, baseURL }) => {
  const page = await pageAt(browser, SCREENS[1], { baseURL });
  await page.getByRole('button', { name: 'Present', exact: true }).click();
  await expect(page.getByTestId('present-view')).toBeVisible();
  const box = await page.locator('[data-testid="present-view"] svg.cluster').first().boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(0.6 * 768);
  for (const n of await page.locator('svg [data-testid^="node-"]').all()) await expect(n).toBeInViewport({ ratio: 1 });
  await expect(page.getByTestId('caption-line')).toBeInViewport({ ratio: 1 });
  await expect(page.getByRole('button', { name: 'Exit present', exact: true })).toBeInViewport();
  await page.screenshot({ path: 'test-results/present-1024x768.png' });
  await page.context().close();
});

test('Copy embed code gives an iframe of the current scenario, and its link opens the embedded view', async ({ browser, baseURL }) => {
  const page = await pageAt(browser, SCREENS[0], { baseURL, path: '/#gallery/leader-crash' });
  await page.getByRole('button', { name: 'Copy embed code', exact: true }).click();
  const code = page.getByTestId('embed-code');
  await expect(code).toHaveValue(/^<iframe /);
  const snippet = await code.inputValue();
  expect(snippet).toContain('width="960"');
  expect(snippet).toContain('height="540"');
  expect(snippet).toMatch(/title="Janus Lab: [^"]+"/);
  const src = /src="([^"]+)"/.exec(snippet)![1]!.replace(/&amp;/g, '&');
  const url = new URL(src);
  expect(url.searchParams.has('embed')).toBe(true);
  // The same scenario: the hash is the page's scenario link.
  // (The address bar is written once the link code has loaded, on demand since fb36a06.)
  await expect.poll(() => new URL(page.url()).hash).toBe(url.hash);
  expect(url.hash).toMatch(/^#s1\./);

  const embed = await page.context().newPage();
  await embed.setViewportSize({ width: 960, height: 540 });
  await embed.goto(src);
  await expect(embed.getByTestId('embed-view')).toBeVisible();
  await expect(embed.getByTestId('node-E')).toBeVisible();
  // The scenario's moment, as the page showed it.
  expect(await embed.getByTestId('clock').getAttribute('data-time')).toBe(await page.getByTestId('clock').getAttribute('data-time'));
  await expect(embed.getByRole('button', { name: 'Settings', exact: true })).toHaveCount(0);
  // "Open in Janus Lab" goes to the whole page (no embed) on the same scenario.
  const open = embed.getByRole('link', { name: /Open in Janus Lab/ });
  const href = await open.getAttribute('href');
  expect(new URL(href!).searchParams.has('embed')).toBe(false);
  expect(new URL(href!).hash).toBe(url.hash);
  // Its keys work in the frame too.
  const e0 = await events(embed);
  await embed.getByTestId('embed-view').click({ position: { x: 5, y: 300 } });
  await embed.keyboard.press('ArrowRight');
  await expect.poll(() => events(embed)).toBe(e0 + 1);
  await page.context().close();
});
