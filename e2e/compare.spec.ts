// The Compare view: both presets open with two labs on one clock, a role-mapped fault hits each
// side's own leader (read from the view), rewinding rewinds both, a compare link reopens both
// labs exactly, and the page's claims table agrees with `npm run compare`.

import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';

const errorsOf = new WeakMap<Page, string[]>();

async function openCompare(page: Page, hash: string) {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  errorsOf.set(page, errors);
  await page.goto(`/${hash}`);
  await expect(page.getByTestId('compare')).toBeVisible();
  await expect(page.getByTestId('cmp-figures')).toBeVisible();
}

test.afterEach(async ({ page }) => {
  expect(errorsOf.get(page) ?? [], 'uncaught page errors').toEqual([]);
});

const num = async (page: Page, id: string): Promise<number | null> => {
  const v = await page.getByTestId(id).getAttribute('data-value');
  return v === '' || v === null ? null : Number(v);
};
const sideTime = async (page: Page, side: 'left' | 'right') => Number(await page.getByTestId(`cmp-side-${side}`).getAttribute('data-time'));

async function leaderOf(page: Page, side: 'left' | 'right'): Promise<string | null> {
  const nodes = page.locator(`[data-testid^="cmp-node-${side}-"]`);
  const n = await nodes.count();
  for (let i = 0; i < n; i++) if ((await nodes.nth(i).getAttribute('data-role')) === 'leader') return (await nodes.nth(i).getAttribute('data-testid'))!.slice(`cmp-node-${side}-`.length);
  return null;
}

for (const [preset, full] of [
  ['janus3-vs-raft5', [3, 5]],
  ['janus2-vs-raft3', [2, 3]],
] as const) {
  test(`preset ${preset}: two labs, one clock, the claims table`, async ({ page }) => {
    await openCompare(page, `#compare/${preset}`);
    await expect(page.getByTestId('cmp-preset')).toHaveValue(preset);
    expect(await num(page, 'cmp-left-full-replicas')).toBe(full[0]);
    expect(await num(page, 'cmp-right-full-replicas')).toBe(full[1]);
    // One clock: step both, both at the same virtual time.
    await page.getByTestId('cmp-step').click();
    await page.getByTestId('cmp-step').click();
    await expect(page.getByTestId('cmp-clock')).toHaveAttribute('data-time', '200');
    expect(await sideTime(page, 'left')).toBe(200);
    expect(await sideTime(page, 'right')).toBe(200);
    // Play runs both on the shared clock.
    await page.getByTestId('cmp-play').click();
    await expect.poll(async () => Number(await page.getByTestId('cmp-clock').getAttribute('data-time'))).toBeGreaterThan(400);
    await page.getByTestId('cmp-play').click();
    const t = Number(await page.getByTestId('cmp-clock').getAttribute('data-time'));
    expect(await sideTime(page, 'left')).toBeCloseTo(t, 3);
    expect(await sideTime(page, 'right')).toBeCloseTo(t, 3);
    // The script's leader crash hit each side's leader; at the end every claim has a verdict.
    await page.getByTestId('cmp-end').click();
    await expect(page.getByTestId('cmp-clock')).toHaveAttribute('data-time', '10000');
    const line = page.getByTestId('cmp-script-line').first();
    await expect(line).toContainText('crash the leader at 1.1 s');
    for (const id of ['consistency', 'hardware', 'bandwidth', 'implementation', 'failover'])
      await expect(page.getByTestId(`cmp-claim-${id}`)).toHaveAttribute('data-verdict', /^(holds|does not hold|not comparable)$/);
    expect(await num(page, 'cmp-left-failover-ms')).toBeGreaterThan(0);
    expect(await num(page, 'cmp-right-recovery-ms')).toBeGreaterThan(0);
    await expect(page.getByTestId('cmp-claim-implementation')).toHaveAttribute('data-verdict', /^(holds|does not hold)$/); // lines of code were read
  });
}

test('a role-mapped fault crashes each side\'s own leader; rewinding rewinds both', async ({ page }) => {
  await openCompare(page, '#compare/janus3-vs-raft5/cut-follower');
  await page.getByTestId('cmp-time').fill('1500');
  await expect(page.getByTestId('cmp-clock')).toHaveAttribute('data-time', '1500');
  const l = await leaderOf(page, 'left');
  const r = await leaderOf(page, 'right');
  expect(l).not.toBeNull();
  expect(r).not.toBeNull();
  await page.getByTestId('cmp-fault-crash-leader').click();
  await page.getByTestId('cmp-step').click();
  await expect(page.getByTestId(`cmp-node-left-${l}`)).toHaveAttribute('data-role', 'down');
  await expect(page.getByTestId(`cmp-node-right-${r}`)).toHaveAttribute('data-role', 'down');
  const row = page.getByTestId('cmp-script-line').filter({ hasText: 'crash the leader at 1.5 s' });
  await expect(row).toContainText(l!);
  await expect(row).toContainText(r!);
  // The elector: Raft has none, and says so.
  await page.getByTestId('cmp-fault-crash-elector').click();
  await expect(page.getByTestId('cmp-script-line').filter({ hasText: 'crash the elector at 1.6 s' })).toContainText('does not apply');
  // Rewind both.
  await page.getByTestId('cmp-rewind').click();
  await expect(page.getByTestId('cmp-clock')).toHaveAttribute('data-time', '0');
  expect(await sideTime(page, 'left')).toBe(0);
  expect(await sideTime(page, 'right')).toBe(0);
  await expect(page.getByTestId(`cmp-node-left-${l}`)).not.toHaveAttribute('data-role', 'down');
});

test('a compare link reopens both labs exactly', async ({ page }) => {
  await openCompare(page, '#compare/janus2-vs-raft3/leader-crash');
  await page.getByTestId('cmp-time').fill('3000');
  await page.getByTestId('cmp-fault-crash-follower').click();
  await page.getByTestId('cmp-time').fill('4500');
  await expect(page.getByTestId('cmp-clock')).toHaveAttribute('data-time', '4500');
  const before = { lf: await num(page, 'cmp-left-committed'), rf: await num(page, 'cmp-right-committed'), lb: await num(page, 'cmp-left-entry-bytes'), rn: await num(page, 'cmp-right-no-leader-ms') };
  const lines = await page.getByTestId('cmp-script-line').allInnerTexts();
  await page.getByTestId('cmp-make-link').click();
  const link = await page.getByTestId('cmp-link').inputValue();
  expect(link).toMatch(/#c1\./);
  await page.goto('about:blank');
  await openCompare(page, link.slice(link.indexOf('#')));
  await expect(page.getByTestId('cmp-clock')).toHaveAttribute('data-time', '4500');
  expect(await page.getByTestId('cmp-script-line').allInnerTexts()).toEqual(lines);
  expect({ lf: await num(page, 'cmp-left-committed'), rf: await num(page, 'cmp-right-committed'), lb: await num(page, 'cmp-left-entry-bytes'), rn: await num(page, 'cmp-right-no-leader-ms') }).toEqual(before);
  // A damaged link says so and opens the first comparison instead; the page keeps running.
  await page.goto('about:blank');
  await openCompare(page, link.slice(link.indexOf('#')).slice(0, -6));
  await expect(page.getByTestId('cmp-notice')).toContainText('compare link');
});

test('the page and `npm run compare` print the same table', async ({ page }) => {
  const cli = JSON.parse(execFileSync('node_modules/.bin/tsx', ['scripts/compare.ts', '--preset', 'janus3-vs-raft5'], { encoding: 'utf8' }));
  await openCompare(page, '#compare/janus3-vs-raft5');
  await page.getByTestId('cmp-end').click();
  await expect(page.getByTestId('cmp-clock')).toHaveAttribute('data-time', '10000');
  await expect(page.getByTestId('cmp-claim-implementation')).toHaveAttribute('data-verdict', /^(holds|does not hold)$/);
  for (const [side, s] of [
    ['left', cli.left],
    ['right', cli.right],
  ] as const) {
    expect(await num(page, `cmp-${side}-full-replicas`)).toBe(s.fullReplicas);
    expect(await num(page, `cmp-${side}-committed`)).toBe(s.committed);
    expect(await num(page, `cmp-${side}-durable-total`)).toBe(s.durableTotal);
    expect(await num(page, `cmp-${side}-entry-bytes`)).toBeCloseTo(s.perEntry.cluster.bytes, 6);
    expect(await num(page, `cmp-${side}-steady-bytes`)).toBeCloseTo(s.steady.perEntry.cluster.bytes, 6);
    expect(await num(page, `cmp-${side}-failover-ms`)).toBeCloseTo(s.failoverMs, 6);
    expect(await num(page, `cmp-${side}-no-leader-ms`)).toBeCloseTo(s.noLeaderMs, 6);
    expect(await num(page, `cmp-${side}-recovery-ms`)).toBeCloseTo(s.recoveryMs, 6);
    expect(await num(page, `cmp-${side}-loc-core`)).toBe(s.loc.coreLines);
  }
  for (const c of cli.claims) await expect(page.getByTestId(`cmp-claim-${c.id}`)).toHaveAttribute('data-verdict', c.verdict);
});

test('the published banner opens our design and the published spec side by side', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  errorsOf.set(page, errors);
  await page.goto('/#gallery/published-p1');
  await expect(page.getByTestId('published-banner')).toBeVisible();
  await expect(page.getByTestId('open-our-design')).toBeVisible(); // the one-way jump is still there
  await page.getByTestId('open-compare-ours-vs-published').click();
  await expect(page.getByTestId('compare')).toBeVisible();
  await expect(page.getByTestId('cmp-preset')).toHaveValue('ours-vs-published');
  for (const id of ['consistency', 'hardware', 'bandwidth']) await expect(page.getByTestId(`cmp-claim-${id}`)).toHaveAttribute('data-verdict', 'not comparable');
  await page.getByTestId('cmp-back').click();
  await expect(page.getByTestId('compare')).toHaveCount(0);
});

test('the lab’s header opens the Compare view, on a phone too; the gallery lists every preset and opens it', async ({ browser, baseURL }) => {
  // At 390 px the header keeps Compare as an icon, on the header's one line.
  const phone = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await phone.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  const link = page.getByRole('link', { name: 'Compare', exact: true });
  await expect(link).toBeVisible();
  const [top, box] = [await page.locator('div.top').boundingBox(), await link.boundingBox()];
  expect(box!.y).toBeGreaterThanOrEqual(top!.y - 0.5);
  expect(box!.y + box!.height).toBeLessThanOrEqual(top!.y + top!.height + 0.5);
  await link.click();
  await expect(page.getByTestId('compare')).toBeVisible();
  await expect(page).toHaveURL(/#compare$/);
  const presets = (await page.getByTestId('cmp-preset').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean))).sort();
  expect(presets.length).toBeGreaterThanOrEqual(1);
  await page.getByTestId('cmp-back').click();
  await expect(page.getByTestId('compare')).toHaveCount(0);
  expect(errors).toEqual([]);
  await phone.close();

  // The gallery (desktop): one link per preset of the select, each opening its preset.
  const page2 = await browser.newPage({ baseURL });
  page2.on('pageerror', (e) => errors.push(e.message));
  await page2.goto('/');
  await page2.getByText('Gallery of teaching scenarios').click();
  const listed = page2.locator('[data-testid^="gallery-compare-"]');
  const ids = (await listed.evaluateAll((as) => as.map((a) => a.getAttribute('data-testid')!.slice('gallery-compare-'.length)))).sort();
  expect(ids).toEqual(presets);
  const last = presets[presets.length - 1]!;
  await page2.getByTestId(`gallery-compare-${last}`).click();
  await expect(page2.getByTestId('compare')).toBeVisible();
  await expect(page2.getByTestId('cmp-preset')).toHaveValue(last);
  expect(errors).toEqual([]);
  await page2.close();
});
