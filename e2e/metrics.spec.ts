// The Metrics tab on a gallery scenario (leader crash and takeover): the page's figures equal
// the engine's metrics for the same run at the same cursor, plus facts checked by hand:
// the elector keeps 18 bytes, no AppendEntries ever reaches it, a takeover happened; per-entry
// costs count replication only, and the README's claims are left to the Compare view.

import { expect, test, type Page } from '@playwright/test';
import { computeMetrics } from '../src/metrics';
import { buildGalleryScenario, galleryEntry } from '../src/scenario/gallery';
import { REGISTRY } from '../src/protocols/registry';
import { button, pageErrors } from './helpers';

test.afterEach(async ({ page }) => {
  expect(pageErrors(page), 'uncaught page errors').toEqual([]);
});

const value = async (page: Page, name: string): Promise<number | null> => {
  const v = await page.getByTestId(`metric-${name}`).first().getAttribute('data-value');
  return v === '' || v === null ? null : Number(v);
};

async function openGallery(page: Page, id: string) {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as Page & { jlErrors?: string[] }).jlErrors = errors;
  await page.goto(`/#gallery/${id}`);
  await expect(page.getByTestId('node-E')).toBeVisible();
  await expect(page.getByTestId('node-D3')).toHaveAttribute('data-role', 'leader');
  await page.getByRole('tab', { name: 'Metrics' }).click();
  await expect(page.getByTestId('metrics')).toBeVisible();
}

function engineAt(events: number, t: number) {
  const tl = buildGalleryScenario(galleryEntry('leader-crash')!).timeline;
  tl.seek(events, t);
  return computeMetrics(tl);
}

async function cursor(page: Page) {
  const clock = page.getByTestId('clock');
  return { events: Number(await clock.getAttribute('data-events')), t: Number(await clock.getAttribute('data-time')) };
}

test('metric values on the leader-crash gallery scenario match the engine and the claims', async ({ page }) => {
  await openGallery(page, 'leader-crash');
  const c = await cursor(page);
  const m = engineAt(c.events, c.t);
  expect(await value(page, 'total-msgs')).toBe(m.total.msgs);
  expect(await value(page, 'total-bytes')).toBe(m.total.bytes);
  expect(await value(page, 'recv-E-bytes')).toBe(m.received.E!.bytes);
  expect(await value(page, 'link-D1-E-bytes')).toBe(m.links['D1→E']!.bytes);
  expect(await value(page, 'no-leader-ms')).toBeCloseTo(m.availability.noLeaderMs, 6);
  expect(await value(page, 'failover-leader-ms')).toBeCloseTo(m.availability.failoverToLeaderMs!, 6);
  // Facts of the story, by hand: E stores 18 bytes; it never receives log entries; x=1 was
  // committed (one entry); a takeover but no failover commit yet at the landing moment.
  expect(await value(page, 'durable-E')).toBe(18);
  expect(await value(page, 'recv-E-data-bytes')).toBe(0);
  expect(await value(page, 'committed')).toBe(1);
  expect(await value(page, 'failover-ms')).toBeNull();
  expect(await value(page, 'leader-crashes')).toBe(1);
  // Per-entry costs are the steady-state replication only; elections and heartbeats apart, and
  // together with it they make up the whole traffic.
  expect(await value(page, 'entry-bytes')).toBeCloseTo(m.perEntry!.replication.bytes, 6);
  expect(await value(page, 'entry-leader-bytes')).toBeCloseTo(m.perEntry!.leader.bytes, 6);
  const parts = ['replication', 'election', 'heartbeat', 'other'];
  let sum = 0;
  for (const k of parts) sum += (await value(page, `purpose-${k}-bytes`))!;
  expect(sum).toBe(m.total.bytes);
  expect(await value(page, 'purpose-heartbeat-msgs')).toBeGreaterThan(0);
  expect(await value(page, 'purpose-election-msgs')).toBeGreaterThan(0);
  // The author's claims are not set against this run alone: the tab sends them to the Compare view.
  await expect(page.getByTestId('claim-bandwidth')).toHaveCount(0);
  await expect(page.getByTestId('metric-elector-ratio')).toHaveCount(0);
  const claims = REGISTRY.shape('janus-3+1').plugin.metrics!.claims!;
  for (const c of claims) await expect(page.getByTestId('claims-elsewhere')).toContainText(c.text);
  await expect(page.getByTestId('open-compare-janus3-vs-raft5')).toHaveAttribute('href', '#compare/janus3-vs-raft5');
  await expect(page.getByTestId('badge-takeover')).toHaveAttribute('data-hit', 'true');
  await expect(page.getByTestId('badge-grow')).toHaveAttribute('data-hit', 'false');
});

test('a write in the new term gives a failover time equal to the crash → first commit marks of the diagram', async ({ page }) => {
  await openGallery(page, 'leader-crash');
  // Write to the new leader (D3) at the landing moment, then advance.
  await button(page, 'Write').click();
  await page.getByLabel('Milliseconds to advance').fill('500');
  await button(page, 'Advance 500 ms').click();
  await expect.poll(() => value(page, 'failover-ms')).not.toBeNull();
  const failover = (await value(page, 'failover-ms'))!;
  const toLeader = (await value(page, 'failover-leader-ms'))!;
  const median = (await value(page, 'commit-latency-median'))!;
  const rf3 = (await value(page, 'rf-time-3'))!;
  const rf2 = (await value(page, 'rf-time-2'))!;
  const none = (await value(page, 'rf-time-none'))!;
  expect(await value(page, 'committed')).toBe(2);
  expect(failover).toBeGreaterThanOrEqual(toLeader);
  expect(median).toBeGreaterThan(0);
  expect(median).toBeLessThan(500);
  const c = await cursor(page);
  // The time accounts cover the whole run: RF 3 under D1, RF 2 under D3, and no leader.
  expect(rf3).toBeGreaterThan(0);
  expect(rf2).toBeGreaterThan(0);
  expect(rf3 + rf2 + none).toBeCloseTo(c.t, 6);
  // Cross-check with the space-time diagram: crash mark on D1, first commit mark on D3 after it.
  await page.getByRole('tab', { name: 'Space-time' }).click();
  await page.getByRole('button', { name: 'Whole run' }).click();
  const crashT = Number(await page.locator('[data-testid="mark"][data-kind="crash"][data-node="D1"]').getAttribute('data-time'));
  const commits = await page.locator('[data-testid="mark"][data-kind="commit"][data-node="D3"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-time'))));
  const first = Math.min(...commits.filter((t) => t > crashT));
  expect(failover).toBeCloseTo(first - crashT, 6);
  // And the engine agrees with the page at the landing moment's prefix.
  const m = engineAt(Math.min(c.events, 108), 0);
  expect(m.availability.failovers[0]!.crashAt).toBe(crashT);
});
