// The explorer in the page (the "Explore" analysis tab): it finds a mutant's bug at the same run
// seed as the command line, opens the shrunk counterexample in the lab, explores a clean design
// to the end, pauses, resumes and cancels, and refuses bad input without starting.

import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { open, pageErrors } from './helpers';

/** A button of the explorer's form (its names say "exploring": the lab's time bar has "Pause"). */
const ctl = (page: Page, name: string) => page.getByRole('form', { name: 'Exploration settings' }).getByRole('button', { name, exact: true });

async function openExplore(page: Page): Promise<void> {
  await open(page);
  await page.getByRole('tab', { name: 'Explore', exact: true }).click();
  await expect(ctl(page, 'Start exploring')).toBeVisible();
}

async function fill(page: Page, o: { protocol?: string; mutant?: string; runs?: string; seed?: string }): Promise<void> {
  const form = page.getByRole('form', { name: 'Exploration settings' });
  if (o.protocol) await form.getByLabel('Protocol').selectOption(o.protocol);
  if (o.mutant) await form.getByLabel('Mutant').selectOption(o.mutant);
  if (o.runs !== undefined) await form.getByLabel('Runs').fill(o.runs);
  if (o.seed !== undefined) await form.getByLabel('Seed').fill(o.seed);
}

/** The first failing run seed of `npm run explore` with these settings. */
function cliRunSeed(args: string[]): number {
  let out = '';
  try {
    out = execFileSync('node_modules/.bin/tsx', ['scripts/explore.ts', '--quiet', ...args], { encoding: 'utf8' });
  } catch (e) {
    out = String((e as { stdout?: string }).stdout ?? ''); // exit 1: a failure was found
  }
  const m = /run seed (\d+) \(master seed/.exec(out);
  if (!m) throw new Error(`no failing run in the CLI's output:\n${out}`);
  return Number(m[1]);
}

test('a mutant is found at the CLI run seed, shrunk, and opens in the lab violating a safety property', async ({ page }) => {
  await openExplore(page);
  await expect(page.getByRole('form', { name: 'Exploration settings' }).getByLabel('Protocol')).toHaveValue('janus-3+1');
  await expect(page.getByRole('form', { name: 'Exploration settings' }).getByLabel('Runs')).toHaveValue('200');
  await fill(page, { protocol: 'janus-3+1', mutant: 'commit-on-majority', runs: '200', seed: '1' });
  await ctl(page, 'Start exploring').click();
  const finding = page.getByTestId('explore-finding');
  await expect(finding).toBeVisible();
  await expect(finding).not.toHaveAttribute('data-shrunk', '');
  await expect(page.getByTestId('explore-progress')).toHaveAttribute('data-mode', 'found');
  await expect(page.getByTestId('explore-progress')).toHaveAttribute('data-violations', '1');
  const seed = Number(await finding.getAttribute('data-seed'));
  expect(seed).toBe(cliRunSeed(['--protocol', 'janus-3+1', '--runs', '200', '--seed', '1', '--mutant', 'commit-on-majority']));
  await expect(finding).toContainText(String(seed));
  const property = (await finding.getAttribute('data-property'))!;
  expect(await finding.getAttribute('data-kind')).toBe('safety');
  const shrunk = Number(await finding.getAttribute('data-shrunk'));
  expect(shrunk).toBeGreaterThan(0);
  await expect(page.getByTestId('explore-shrunk')).toHaveText(String(shrunk));

  await expect(page.getByTestId(`property-${property}`)).toHaveAttribute('data-status', 'holds');
  await finding.getByRole('button', { name: 'Open in the lab', exact: true }).click();
  await expect(page.getByTestId(`property-${property}`)).toHaveAttribute('data-status', 'violated');
  expect(pageErrors(page)).toEqual([]);

  // "Copy link": the same counterexample as a scenario link, which opens on its own.
  await finding.getByRole('button', { name: 'Copy link', exact: true }).click();
  const link = await page.getByRole('textbox', { name: 'Link to the finding' }).inputValue();
  expect(link).toMatch(/#s1\./);
  const other = await page.context().newPage();
  await other.goto(link);
  await expect(other.getByTestId(`property-${property}`)).toHaveAttribute('data-status', 'violated');
  await other.close();
});

test('a run found late (run 28) has the same run seed in the page and on the command line', async ({ page }) => {
  await openExplore(page);
  await fill(page, { mutant: 'grow-follower-first', runs: '300', seed: '1' });
  await ctl(page, 'Start exploring').click();
  const finding = page.getByTestId('explore-finding');
  await expect(finding).toBeVisible({ timeout: 30_000 });
  const seed = Number(await finding.getAttribute('data-seed'));
  expect(seed).toBe(cliRunSeed(['--protocol', 'janus-3+1', '--runs', '300', '--seed', '1', '--mutant', 'grow-follower-first']));
  const done = Number(await page.getByTestId('explore-progress').getAttribute('data-done'));
  expect(done).toBeGreaterThan(1);
});

test('a clean exploration of janus-3+1 finishes 20 runs with no violation', async ({ page }) => {
  await openExplore(page);
  await fill(page, { protocol: 'janus-3+1', mutant: 'none', runs: '20', seed: '1' });
  await ctl(page, 'Start exploring').click();
  const progress = page.getByTestId('explore-progress');
  await expect(progress).toHaveAttribute('data-mode', 'finished', { timeout: 30_000 });
  await expect(progress).toHaveAttribute('data-done', '20');
  await expect(progress).toHaveAttribute('data-runs', '20');
  await expect(progress).toHaveAttribute('data-violations', '0');
  await expect(page.getByTestId('explore-finding')).toHaveCount(0);
  await expect(ctl(page, 'Start exploring')).toBeEnabled();
});

test('Pause holds the runs, Resume goes on, Cancel stops', async ({ page }) => {
  await openExplore(page);
  await fill(page, { mutant: 'none', runs: '5000', seed: '2' });
  await ctl(page, 'Start exploring').click();
  const progress = page.getByTestId('explore-progress');
  await expect.poll(async () => Number(await progress.getAttribute('data-done'))).toBeGreaterThan(2);
  await ctl(page, 'Pause exploring').click();
  await expect(progress).toHaveAttribute('data-mode', 'paused');
  const held = await progress.getAttribute('data-done');
  await page.waitForTimeout(600);
  await expect(progress).toHaveAttribute('data-done', held!);
  await ctl(page, 'Resume exploring').click();
  await expect(progress).toHaveAttribute('data-mode', 'running');
  // The page stays responsive while exploring: frames keep coming (slices of 12 ms).
  const maxGap = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let last = performance.now();
        let gap = 0;
        const end = last + 1000;
        const frame = (t: number) => {
          gap = Math.max(gap, t - last);
          last = t;
          if (t < end) requestAnimationFrame(frame);
          else resolve(gap);
        };
        requestAnimationFrame(frame);
      }),
  );
  expect(await progress.getAttribute('data-mode')).toBe('running');
  expect(maxGap).toBeLessThan(250);
  await expect.poll(async () => Number(await progress.getAttribute('data-done'))).toBeGreaterThan(Number(held));
  await ctl(page, 'Cancel exploring').click();
  await expect(progress).toHaveCount(0);
  await expect(ctl(page, 'Start exploring')).toBeVisible();
  await expect(ctl(page, 'Pause exploring')).toHaveCount(0);
});

for (const runs of ['-5', 'abc']) {
  test(`runs = ${runs} gives a clear message and nothing starts`, async ({ page }) => {
    await openExplore(page);
    await fill(page, { runs });
    await ctl(page, 'Start exploring').click();
    await expect(page.getByTestId('explore-error')).toHaveText(new RegExp(`Runs must be a whole number from 1 to 100,000 \\(got '${runs}'\\)`));
    await expect(page.getByTestId('explore-progress')).toHaveCount(0);
    await expect(ctl(page, 'Pause exploring')).toHaveCount(0);
    await expect(ctl(page, 'Start exploring')).toBeVisible();
    // The lab is untouched and the form keeps what was typed.
    await expect(page.getByRole('form', { name: 'Exploration settings' }).getByLabel('Runs')).toHaveValue(runs);
  });
}

test('the published spec is explored to the end; its findings are classified as on the command line', async ({ page }) => {
  await openExplore(page);
  await fill(page, { protocol: 'janus-published', runs: '200', seed: '1' });
  await ctl(page, 'Start exploring').click();
  const progress = page.getByTestId('explore-progress');
  await expect(progress).toHaveAttribute('data-mode', 'found', { timeout: 60_000 });
  await expect(progress).toHaveAttribute('data-done', '200');
  const cards = page.getByTestId('explore-finding');
  const n = await cards.count();
  const seen: string[] = [];
  for (let i = 0; i < n; i++) {
    const card = cards.nth(i);
    const cls = (await card.getAttribute('data-classification'))!;
    expect(cls).not.toBe('');
    expect(await card.getAttribute('data-shrunk')).not.toBe('');
    await expect(card.getByRole('heading')).toContainText(cls);
    seen.push(`${cls} @ ${await card.getAttribute('data-seed')}`);
  }
  // The CLI lists each kind with the run seed of its first run: "- P1: …\n  11 run(s); first at run seed N: …"
  let out = '';
  try {
    out = execFileSync('node_modules/.bin/tsx', ['scripts/explore.ts', '--quiet', '--protocol', 'janus-published', '--runs', '200', '--seed', '1'], { encoding: 'utf8' });
  } catch (e) {
    out = String((e as { stdout?: string }).stdout ?? '');
  }
  const cli = [...out.matchAll(/^- (.+?): .*\n\s+\d+ run\(s\); first at run seed (\d+):/gm)].map((m) => `${m[1]} @ ${m[2]}`);
  expect(cli.length).toBeGreaterThan(1);
  expect(seen).toEqual(cli);
  // A P1 (or any) finding opens in the lab as the published spec.
  await cards.first().getByRole('button', { name: 'Open in the lab', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Opened run seed' })).toBeVisible();
});
