// The published spec (janus-published) in the page: selectable, runs without crashing, shows its
// banner with the known gaps, offers the spec's own steps as buttons, opens the same scenario
// under our design, and its findings open from the gallery with what they claim visible.

import { expect, test, type Page } from '@playwright/test';
import { publishedFindings } from '../src/protocols/janus-published/gallery';
import { buildGalleryScenario } from '../src/scenario/gallery';
import { button, open, pageErrors, speedUp } from './helpers';

const TITLE = 'Janus 2+1 — published spec (Sep 2025)';

test.afterEach(async ({ page }) => {
  expect(pageErrors(page), 'uncaught page errors').toEqual([]);
});

async function choosePublished(page: Page): Promise<void> {
  await page.getByRole('combobox', { name: 'Protocol' }).selectOption({ label: TITLE });
  await expect(page.getByTestId('published-banner')).toBeVisible();
}

const status = (page: Page, property: string) => page.getByTestId(`property-${property}`);

test('select the published spec: D1, D2 and E, the banner, and a leader emerges when playing', async ({ page }) => {
  await open(page);
  await choosePublished(page);
  await expect(page.getByTestId('node-D1')).toBeVisible();
  await expect(page.getByTestId('node-D2')).toBeVisible();
  await expect(page.getByTestId('node-D3')).toHaveCount(0);
  await expect(page.getByTestId('node-E')).toBeVisible();
  await expect(page.getByTestId('published-banner')).toContainText('published design');
  // Both forms of Leader Completeness, LeaderInReplicationSet and the liveness monitor are listed.
  for (const p of ['LeaderSafety', 'ReplicationFactorSafety', 'LeaderAppendOnly', 'LogMatching', 'LeaderCompleteness', 'LeaderCompletenessRaft', 'StateMachineSafety', 'LeaderInReplicationSet', 'NotStuckWithoutLeader'])
    await expect(status(page, p)).toHaveAttribute('data-status', 'holds');
  await speedUp(page);
  await button(page, 'Play').click();
  await expect
    .poll(async () => {
      const roles = await Promise.all(['D1', 'D2'].map((id) => page.getByTestId(`node-${id}`).getAttribute('data-role')));
      return roles.includes('leader');
    }, { timeout: 20_000 })
    .toBe(true);
  await button(page, 'Pause').click();
  // Coverage badges name the spec actions this run took, not our design's paths.
  // The badges load with the analysis section, when it comes near the screen.
  await page.getByRole('tab', { name: 'Space-time' }).scrollIntoViewIfNeeded();
  await expect(page.getByTestId('badge-FollowerSendInitWorkload')).toBeVisible();
  await expect(page.getByTestId('badge-shrink')).toHaveCount(0);
  await expect(page.getByTestId('badge-FollowerSendInitWorkload')).toHaveAttribute('data-hit', 'true');
  // The leader's log shows in the logs panel after a write.
  await button(page, 'Write').click();
  await expect(page.getByTestId('notice')).toContainText('Write');
  await expect(page.locator('[data-testid^="entry-D"]').first()).toBeVisible();
});

test('the spec\'s own steps are buttons: "D1 sends InitWorkload now" makes D1 a candidate', async ({ page }) => {
  await open(page);
  await choosePublished(page);
  const actions = page.getByTestId('spec-actions');
  await expect(actions).toBeVisible();
  // Guards: at term 0, only InitWorkload is enabled for a follower; leader steps are greyed out.
  await expect(button(page, 'D1 sends SwitchToRF1 now')).toBeDisabled();
  await expect(button(page, 'D1 sends SwitchToRF1Leader now')).toBeDisabled();
  await button(page, 'D1 sends InitWorkload now').click();
  await expect(page.getByTestId('node-D1')).toHaveAttribute('data-role', 'candidate');
  await expect(page.locator('[data-testid="msg"][data-type="InitWorkload"][data-from="D1"]')).toHaveCount(1);
  await expect(button(page, 'D1 sends InitWorkload now')).toBeDisabled();
  // The elector's free choice, by hand.
  await button(page, 'E answers next SwitchToRF1Leader ok = TRUE').click();
  await expect(page.getByTestId('notice')).not.toHaveAttribute('data-kind', 'error');
  // The spec's HardReset of a data node: back to term 0 with an empty log.
  await button(page, 'HardReset D1').click();
  await expect(page.getByTestId('node-D1')).toHaveAttribute('data-role', 'follower');
  await expect(page.getByTestId('node-D1')).toHaveAttribute('data-term', '0');
});

test('the banner opens the same scenario under our design, and lists the known gaps with their scenarios', async ({ page }) => {
  await open(page);
  await choosePublished(page);
  await button(page, 'Crash D2').click();
  await page.getByTestId('known-gaps').click();
  for (const gap of ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'InitWorkload', 'DeadEnd', 'F1']) await expect(page.getByTestId(`gap-${gap}`)).toBeVisible();
  await button(page, 'Open this scenario under our design').click();
  await expect(page.getByRole('combobox', { name: 'Protocol' })).toHaveValue('janus-2+1');
  await expect(page.getByTestId('published-banner')).toHaveCount(0);
  await expect(page.getByTestId('notice')).toContainText('under our design');
  // The crash was carried over: D2 is down in our design's run too, and D1 leads with RF 1.
  await expect(page.getByTestId('node-D2')).toHaveAttribute('data-up', 'false');
  await expect(page.getByTestId('node-D1')).toHaveAttribute('data-role', 'leader');
  await expect(page.getByTestId('node-D1')).toHaveAttribute('data-rf', '1');
  // The published run is not lost: Back returns to it.
  await page.goBack();
  await expect(page.getByRole('combobox', { name: 'Protocol' })).toHaveValue('janus-published');
  await expect(page.getByTestId('node-D2')).toHaveAttribute('data-up', 'false');
});

test('a known gap\'s "Watch it" link opens its gallery scenario', async ({ page }) => {
  await open(page);
  await choosePublished(page);
  await page.getByTestId('known-gaps').click();
  await page.getByTestId('gap-link-P1').click();
  await expect(page.getByTestId('notice')).toContainText('P1');
  await expect(status(page, 'NotStuckWithoutLeader')).toHaveAttribute('data-status', 'violated');
});

for (const f of publishedFindings()) {
  test(`gallery: finding ${f.finding} shows what it claims, and so does its twin under our design`, async ({ page }) => {
    const built = buildGalleryScenario(f.entry);
    const violated = new Set(built.timeline.sim.violations.map((v) => v.property));
    await page.goto(`/#gallery/${f.entry.id}`);
    await expect(page.getByTestId('notice')).toContainText(f.entry.title);
    await expect(page.getByTestId('published-banner')).toBeVisible();
    await expect(page.getByTestId('clock')).toHaveAttribute('data-events', String(built.timeline.cursor.index));
    for (const p of built.timeline.sim.monitorProperties) await expect(status(page, p), p).toHaveAttribute('data-status', violated.has(p) ? 'violated' : 'holds');
    expect(violated.size).toBeGreaterThan(0);
    for (const id of ['D1', 'D2']) {
      const s = built.timeline.protocol.summary(built.timeline.sim.state(id));
      await expect(page.getByTestId(`node-${id}`), id).toHaveAttribute('data-role', String(s.role));
      await expect(page.getByTestId(`node-${id}`), id).toHaveAttribute('data-term', String(s.term));
    }
    // The explanation names how PROTOCOL.md avoids it; the twin is one click away.
    await page.getByText('Gallery of teaching scenarios').click();
    const twin = page.getByTestId(`gallery-${f.ourDesign.id}`);
    await expect(twin).toBeVisible();
    await twin.click();
    await expect(page.getByTestId('notice')).toContainText(f.ourDesign.title);
    await expect(page.getByRole('combobox', { name: 'Protocol' })).toHaveValue('janus-2+1');
    // Our design stays safe; P3 too since the rejoin procedure (docs/protocol.md §14): the wiped node is
    // evicted and the last holder refused, so the cluster stays down instead of losing the entry.
    const twinRun = buildGalleryScenario(f.ourDesign).timeline;
    const twinViolated = new Set(twinRun.sim.violations.map((v) => v.property));
    expect([...twinViolated]).toEqual([]);
    for (const p of twinRun.sim.monitorProperties) await expect(status(page, p), p).toHaveAttribute('data-status', twinViolated.has(p) ? 'violated' : 'holds');
  });
}
