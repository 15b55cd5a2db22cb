// Tours in the page (issue 12): every tour plays from its first step to its last by keyboard and
// lands on the states the tour's script gives (trace hash); Back, Next and the dots land on the
// same states as a direct jump; a tour written in the page, shared by link and opened in a fresh
// page shows the same captions at the same moments; hostile tour links and files give their
// message, open as far as valid, run nothing and open no dialog.

import { expect, test, type Page } from '@playwright/test';
import { REGISTRY } from '../src/protocols/registry';
import { buildTour, tourDef, toursOf } from '../src/scenario/tour';
import { generateBadTours, type BadTour } from '../tests/support/badtours';

/** The trace hash at every step of a tour, as the tour's script gives it (a direct jump). */
function stepHashes(id: string): { texts: string[]; hashes: string[] } {
  const { tour } = buildTour(tourDef(id)!);
  return {
    texts: tour.steps.map((s) => s.text),
    hashes: tour.steps.map((s) => {
      const tl = REGISTRY.createTimeline(tour.spec, tour.actions);
      tl.seek(s.at.index, s.at.t);
      return tl.sim.traceHash;
    }),
  };
}

/** Console errors, dialogs and page errors, collected for the whole test. */
function guard(page: Page): { errors: string[]; dialogs: string[] } {
  const g = { errors: [] as string[], dialogs: [] as string[] };
  page.on('console', (m) => m.type() === 'error' && g.errors.push(m.text()));
  page.on('pageerror', (e) => g.errors.push(e.message));
  page.on('dialog', async (d) => {
    g.dialogs.push(d.message());
    await d.dismiss();
  });
  return g;
}

const panel = (page: Page) => page.getByTestId('tour-panel');

/** Wait until the tour shows step k (1-based), at rest. */
async function atStep(page: Page, k: number, timeout = 10_000): Promise<void> {
  await expect(panel(page)).toHaveAttribute('data-step', String(k), { timeout });
  await expect(panel(page)).toHaveAttribute('data-playing', 'false', { timeout });
}

/** The step shown once the tour is at rest (0 while an animation plays). */
async function restingStep(page: Page): Promise<number> {
  const [step, playing] = await Promise.all([panel(page).getAttribute('data-step'), panel(page).getAttribute('data-playing')]);
  return playing === 'false' ? Number(step) : 0;
}

/**
 * One keypress to the next step; a second one lands at once if the first started an animation.
 * The animation can end between reading `data-playing` and the second press, which then starts
 * the step after (the CI run of stop 18 failed on that race): Back, a direct landing, returns.
 */
async function nextByKey(page: Page, key: string, k: number, wait = false): Promise<void> {
  await page.keyboard.press(key);
  if (!wait && (await panel(page).getAttribute('data-playing')) === 'true') await page.keyboard.press(key);
  // An animation takes at most 4 s of real time at full frame rate; a loaded machine draws fewer frames.
  const timeout = wait ? 30_000 : 10_000;
  await expect.poll(() => restingStep(page), { timeout }).toBeGreaterThanOrEqual(k);
  const landed = await restingStep(page);
  if (landed === k + 1) await page.keyboard.press('ArrowLeft');
  else expect(landed, 'a second press plays at most one step on').toBe(k);
  await atStep(page, k, timeout);
}

const plain = (s: string) => s.replace(/\*\*|`/g, '').replace(/(^|\s)\*|\*(\s|$|[.,;:])/g, '$1$2');

for (const def of toursOf()) {
  test(`tour ${def.id}: plays from its first step to its last by keyboard`, async ({ page }) => {
    const g = guard(page);
    const { hashes, texts } = stepHashes(def.id);
    await page.goto(`/#tour/${def.id}`);
    await atStep(page, 1);
    await expect(panel(page)).toHaveAttribute('data-steps', String(hashes.length));
    await expect(page.getByTestId('clock')).toHaveAttribute('data-time', '0');
    await expect(panel(page)).toHaveAttribute('data-trace-hash', hashes[0]!);
    await expect(page.getByTestId('tour-caption')).toContainText(plain(texts[0]!).slice(0, 40));
    const keys = ['ArrowRight', 'PageDown', ' '];
    for (let k = 1; k < hashes.length; k++) {
      // The first tour is watched whole: each Next plays, animated, to its step.
      await nextByKey(page, keys[k % keys.length]!, k + 1, def.id === 'meet-janus');
      await expect(panel(page), `step ${k + 1}`).toHaveAttribute('data-trace-hash', hashes[k]!);
      await expect(page.getByTestId('tour-caption')).toContainText(plain(texts[k]!).slice(0, 40));
    }
    expect(g.errors).toEqual([]);
    expect(g.dialogs).toEqual([]);
  });
}

test('Back, Next and the dots land on the same states as a direct jump', async ({ page }) => {
  const g = guard(page);
  const { hashes } = stepHashes('catch-up-grow');
  await page.goto('/#tour/catch-up-grow');
  await atStep(page, 1);
  for (let k = 1; k < hashes.length; k++) await nextByKey(page, 'ArrowRight', k + 1);
  for (let k = hashes.length - 2; k >= 0; k--) {
    await page.keyboard.press(k % 2 ? 'ArrowLeft' : 'PageUp');
    await atStep(page, k + 1);
    await expect(panel(page), `back to step ${k + 1}`).toHaveAttribute('data-trace-hash', hashes[k]!);
  }
  for (const k of [4, 2, 6, 1]) {
    await page.getByTestId(`tour-dot-${k}`).click();
    await atStep(page, k);
    await expect(panel(page), `dot ${k}`).toHaveAttribute('data-trace-hash', hashes[k - 1]!);
  }
  // The buttons do what the keys do.
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  if ((await panel(page).getAttribute('data-playing')) === 'true') await page.getByRole('button', { name: 'Next', exact: true }).click();
  await atStep(page, 2);
  await expect(panel(page)).toHaveAttribute('data-trace-hash', hashes[1]!);
  // The address bar kept the tour while it moved (a reload reopens the tour, not the bare run).
  await expect(page).toHaveURL(/#tour\/catch-up-grow$/);
  // Leaving keeps the lab where it is, and the address bar then shows that run.
  const time = await page.getByTestId('clock').getAttribute('data-time');
  await page.getByRole('button', { name: 'Leave tour' }).click();
  await expect(panel(page)).toHaveCount(0);
  await expect(page.getByTestId('clock')).toHaveAttribute('data-time', time!);
  await expect(page).toHaveURL(/#s1\./);
  expect(g.errors).toEqual([]);
});

test('a tour written in the page, shared by link and opened in a fresh page shows the same captions at the same moments', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const g = guard(page);
  await page.goto('/');
  await expect(page.getByTestId('node-E')).toBeVisible();
  const advance = async (ms: number) => {
    await page.getByLabel('Milliseconds to advance').fill(String(ms));
    await page.getByRole('button', { name: `Advance ${ms} ms` }).click();
  };
  const captions = ['D1 leads **term 1**; the first write comes next.', 'D1 crashed: watch `D2` and `D3` time out. <b>not bold</b> https://evil.example/x', 'A new leader, with R shrunk: *see the cards*.'];
  await advance(1000);
  await page.getByRole('button', { name: 'Add a caption here' }).click();
  await page.getByTestId('tour-edit-1').fill(captions[0]!);
  // Crash D1 with the page's shortcuts (1 selects the first data node, c crashes it).
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('1');
  await page.keyboard.press('c');
  await expect(page.getByTestId('node-D1')).toHaveAttribute('data-up', 'false');
  await advance(400);
  await page.getByRole('button', { name: 'Add a caption here' }).click();
  await page.getByTestId('tour-edit-2').fill(captions[1]!);
  await advance(1200);
  await page.getByRole('button', { name: 'Add a caption here' }).click();
  await page.getByTestId('tour-edit-3').fill(captions[2]!);
  // What the author sees at each step.
  const seen: { hash: string; text: string }[] = [];
  for (let k = 1; k <= 3; k++) {
    await page.getByTestId(`tour-dot-${k}`).click();
    await atStep(page, k);
    seen.push({ hash: (await panel(page).getAttribute('data-trace-hash'))!, text: (await page.getByTestId('tour-caption').textContent())! });
  }
  await page.getByRole('button', { name: 'Share tour' }).click();
  const url = await page.getByTestId('tour-link').inputValue();
  expect(url.startsWith(`${new URL(page.url()).origin}/#s1.`), url).toBe(true);
  expect(url.length).toBeLessThan(4000);

  const fresh = await browser.newPage();
  const g2 = guard(fresh);
  await fresh.goto(url);
  // It opens at t = 0 and plays to the first caption's moment.
  await expect(fresh.getByTestId('tour-panel')).toHaveAttribute('data-playing', 'true');
  await atStep(fresh, 1, 30_000);
  for (let k = 1; k <= 3; k++) {
    if (k > 1) await nextByKey(fresh, 'ArrowRight', k);
    await expect(fresh.getByTestId('tour-caption')).toHaveText(seen[k - 1]!.text);
    await expect(fresh.getByTestId('tour-panel')).toHaveAttribute('data-trace-hash', seen[k - 1]!.hash);
  }
  // Rendered as text: the markup is shown, not made; the foreign link is not clickable.
  await nextByKey(fresh, 'ArrowLeft', 2);
  await expect(fresh.getByTestId('tour-caption')).toContainText('<b>not bold</b>');
  await expect(fresh.locator('[data-testid="tour-caption"] b, [data-testid="tour-caption"] a')).toHaveCount(0);
  await expect(fresh.locator('[data-testid="tour-caption"] code')).toHaveText(['D2', 'D3']);
  expect(g.errors).toEqual([]);
  expect(g2.errors).toEqual([]);
  expect(g2.dialogs).toEqual([]);
  await fresh.close();
});

/** Where the page says what went wrong: the tour's panel, the workshop or the notice. */
async function messages(page: Page): Promise<string> {
  const texts = await page.locator('[data-testid="tour-problem"], [data-testid="tour-message"], [data-testid="notice"]').allTextContents();
  return texts.join(' | ');
}

test('hostile tour links and files: the message, the recovery, no script, no dialog, no console error', async ({ page }) => {
  test.setTimeout(600_000);
  const g = guard(page);
  const corpus = await generateBadTours();
  // Every other fault of one tour (markup and script in captions: all of them), and every junk
  // file; tests/tours/badtours.test.ts runs the whole corpus without a page.
  const own = corpus.filter((x) => x.id.includes('/meet-janus/') && !x.id.includes('runaway'));
  const sample = [...own.filter((x, i) => i % 2 === 0 || x.id.includes('hostile-text')), ...corpus.filter((x) => x.id.startsWith('file/junk-'))];
  expect(sample.length).toBeGreaterThanOrEqual(45);
  await page.goto('/');
  await expect(page.getByTestId('node-E')).toBeVisible();
  const checkOne = async (item: BadTour) => {
    if (item.kind === 'link') {
      await page.goto('about:blank');
      await page.goto(`/${item.input}`);
    } else {
      await page.getByTestId('tour-import').setInputFiles({ name: 'tour.txt', mimeType: 'text/plain', buffer: Buffer.from(item.input, 'utf8') });
    }
    await expect(page.getByTestId('node-E'), item.id).toBeVisible();
    if (item.expect === 'ok' && item.kind === 'file') {
      // A damaged file that still reads whole (its last caption keeps a stray quote as text).
      await expect(panel(page), item.id).toBeVisible();
      await expect(page.getByTestId('tour-problem'), item.id).toHaveCount(0);
    } else if (item.expect === 'ok') {
      await expect(panel(page), item.id).toHaveAttribute('data-steps', String(item.steps));
      // The caption as rendered: **, * and ` are formatting, not text.
      await expect(page.getByTestId('tour-caption'), item.id).toContainText(new RegExp(item.message.source.replace(/\\\*|`/g, '')));
    } else if (item.expect === 'partial') {
      await expect(panel(page), item.id).toHaveAttribute('data-steps', String(item.steps));
      await expect(page.getByTestId('tour-problem'), item.id).toContainText(item.message);
    } else {
      await expect.poll(() => messages(page), { message: item.id }).toMatch(item.message);
    }
    // Nothing ran, nothing was made from a caption but text and links into this app.
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), item.id).toBeUndefined();
    expect(await page.locator('[data-testid="tour-caption"] :is(script, img, svg, iframe, b, i, u)').count(), item.id).toBe(0);
    const origin = new URL(page.url()).origin;
    for (const href of await page.locator('[data-testid="tour-caption"] a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) expect(href.startsWith('#') || href.startsWith(`${origin}/`), `${item.id}: ${href}`).toBe(true);
    // The page stays usable: the lab plays.
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
  };
  for (const item of sample) await checkOne(item);
  expect(g.dialogs).toEqual([]);
  expect(g.errors).toEqual([]);
});
