// The browser tests of issue 3, written as a new user acts: buttons by their accessible
// names, the keyboard, and the data-* hooks to read the cluster's state.

import { expect, test } from '@playwright/test';
import { attr, button, DATA, entryCount, leaders, onLane, open, pageErrors, playUntilLeader, shot, waitLeader, writeAndCommit } from './helpers';

test.afterEach(async ({ page }) => {
  expect(pageErrors(page), 'uncaught page errors').toEqual([]);
});

test('1. open the page and press Play: a leader emerges with RF 3', async ({ page }) => {
  await open(page);
  for (const id of [...DATA, 'E']) await expect(page.getByTestId(`node-${id}`)).toHaveAttribute('data-up', 'true');
  await expect(page.getByTestId('node-E')).toHaveAttribute('data-role', 'elector');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-time', '0');
  await button(page, 'Play').click();
  const leader = await waitLeader(page, (l) => l.rf === 3);
  expect(leader.term).toBeGreaterThan(0);
  // Exactly one leader, and every data node sees RF 3.
  expect((await leaders(page)).length).toBe(1);
  for (const id of DATA) await expect(page.getByTestId(`node-${id}`)).toHaveAttribute('data-rf', '3');
  // Heartbeats and AppendEntries fly as messages in flight.
  await expect.poll(async () => page.getByTestId('msg').count(), { timeout: 10_000, intervals: [20, 40, 60] }).toBeGreaterThan(0);
  await expect.poll(async () => Number(await attr(page, 'clock', 'data-time'))).toBeGreaterThan(500);
  // While paused, time and messages stand still.
  await button(page, 'Pause').click();
  const t = await attr(page, 'clock', 'data-time');
  await page.waitForTimeout(300);
  expect(await attr(page, 'clock', 'data-time')).toBe(t);
  for (const p of ['LeaderSafety', 'ReplicationFactorSafety', 'LogMatching', 'CommittedOnReplicationSet'])
    await expect(page.getByTestId(`property-${p}`)).toHaveAttribute('data-status', 'holds');
  await shot(page, '1-leader');
});

test('2. crash the leader: another data node leads a higher term', async ({ page }) => {
  const first = await playUntilLeader(page);
  await button(page, `Crash ${first.id}`).click();
  await expect(page.getByTestId(`node-${first.id}`)).toHaveAttribute('data-up', 'false');
  const next = await waitLeader(page, (l) => l.id !== first.id && l.term > first.term);
  expect(next.id).not.toBe(first.id);
  expect(next.term).toBeGreaterThan(first.term);
  // The elector granted that term to the new leader.
  await expect(page.getByTestId('node-E')).toHaveAttribute('data-term', String(next.term));
  await button(page, 'Pause').click();
  await shot(page, '2-takeover');
});

test('3. cut both directions between the leader and a follower: RF drops to 2, writes keep committing', async ({ page }) => {
  const l = await playUntilLeader(page, (x) => x.rf === 3);
  const [f, other] = DATA.filter((d) => d !== l.id) as [string, string];
  await onLane(page, l.id, f, 'Cut this direction');
  await onLane(page, f, l.id, 'Cut this direction');
  await expect(page.getByTestId(`link-${l.id}-${f}`)).toHaveAttribute('data-cut', 'true');
  await expect(page.getByTestId(`link-${f}-${l.id}`)).toHaveAttribute('data-cut', 'true');
  await expect(page.getByTestId(`link-${l.id}-${other}`)).toHaveAttribute('data-cut', 'false');
  await expect(page.getByTestId(`node-${l.id}`)).toHaveAttribute('data-rf', '2', { timeout: 15_000 });
  await expect(page.getByTestId(`node-${l.id}`)).toHaveAttribute('data-role', 'leader');
  await expect(page.getByTestId('node-E')).toHaveAttribute('data-rf', '2');
  const i1 = await writeAndCommit(page, l.id, [l.id, other]);
  const i2 = await writeAndCommit(page, l.id, [l.id, other]);
  expect(i2).toBe(i1 + 1);
  // The cut-off follower has not got the new entries.
  expect(await entryCount(page, f)).toBeLessThan(i2);
  await button(page, 'Pause').click();
  await shot(page, '3-rf2');
});

test('4. crash a second data node: RF is 1 and writes still commit', async ({ page }) => {
  const l = await playUntilLeader(page, (x) => x.rf === 3);
  const [f1, f2] = DATA.filter((d) => d !== l.id) as [string, string];
  await button(page, `Crash ${f1}`).click();
  await expect(page.getByTestId(`node-${l.id}`)).toHaveAttribute('data-rf', '2', { timeout: 15_000 });
  await button(page, `Crash ${f2}`).click();
  await expect(page.getByTestId(`node-${l.id}`)).toHaveAttribute('data-rf', '1', { timeout: 15_000 });
  await expect(page.getByTestId(`node-${l.id}`)).toHaveAttribute('data-role', 'leader');
  await writeAndCommit(page, l.id);
  await writeAndCommit(page, l.id);
  await button(page, 'Pause').click();
  await shot(page, '4-rf1');
});

test('5. restart the nodes and heal the links: RF grows back to 3', async ({ page }) => {
  const l = await playUntilLeader(page, (x) => x.rf === 3);
  const [f1, f2] = DATA.filter((d) => d !== l.id) as [string, string];
  await button(page, `Crash ${f1}`).click();
  await onLane(page, l.id, f2, 'Cut both directions');
  await expect(page.getByTestId(`node-${l.id}`)).toHaveAttribute('data-rf', '1', { timeout: 15_000 });
  const w = await writeAndCommit(page, l.id);
  await button(page, `Restart ${f1}`).click();
  await onLane(page, l.id, f2, 'Heal both directions');
  await expect(page.getByTestId(`node-${f1}`)).toHaveAttribute('data-up', 'true');
  await expect(page.getByTestId(`link-${l.id}-${f2}`)).toHaveAttribute('data-cut', 'false');
  await expect(page.getByTestId(`link-${f2}-${l.id}`)).toHaveAttribute('data-cut', 'false');
  await expect(page.getByTestId(`node-${l.id}`)).toHaveAttribute('data-rf', '3', { timeout: 20_000 });
  // The entry written at RF 1 reached the nodes that came back.
  for (const id of DATA) await expect(page.getByTestId(`entry-${id}-${w}`)).toHaveAttribute('data-committed', 'true', { timeout: 15_000 });
  await button(page, 'Pause').click();
  await shot(page, '5-rf3-again');
});

test('6. rewind to before the crash and fork a different future', async ({ page }) => {
  const l = await playUntilLeader(page, (x) => x.rf === 3);
  const f = DATA.find((d) => d !== l.id)!;
  await button(page, `Crash ${l.id}`).click();
  const crashTime = Number(await attr(page, 'clock', 'data-time'));
  await waitLeader(page, (x) => x.id !== l.id && x.term > l.term);
  await button(page, 'Pause').click();
  // Find the crash in the event log (events without a message) and click the line before it.
  await page.getByRole('combobox', { name: 'Filter events by node' }).selectOption(l.id);
  await page.getByRole('combobox', { name: 'Filter events by message type' }).selectOption('none');
  const crashLine = page.getByTestId('event-log').locator('li', { hasText: `${l.id} crashed` }).first();
  await expect(crashLine).toBeVisible();
  await crashLine.locator('xpath=following-sibling::li[1]').getByRole('button', { name: /^#\d+/ }).click();
  await expect(page.getByTestId(`node-${l.id}`)).toHaveAttribute('data-up', 'true');
  await expect(page.getByTestId(`node-${l.id}`)).toHaveAttribute('data-role', 'leader');
  expect(Number(await attr(page, 'clock', 'data-time'))).toBeLessThan(crashTime);
  // A different future: crash a follower instead.
  await button(page, `Crash ${f}`).click();
  await expect(page.getByTestId('fork-line').first()).toContainText('the old future was discarded');
  await expect(page.getByTestId('notice')).toContainText('old future was discarded');
  await button(page, 'Play').click();
  await expect(page.getByTestId(`node-${l.id}`)).toHaveAttribute('data-rf', '2', { timeout: 15_000 });
  await expect(page.getByTestId(`node-${l.id}`)).toHaveAttribute('data-role', 'leader');
  await expect(page.getByTestId(`node-${l.id}`)).toHaveAttribute('data-up', 'true');
  await expect(page.getByTestId(`node-${f}`)).toHaveAttribute('data-up', 'false');
  await button(page, 'Pause').click();
  // The timeline slider reaches any past moment: Home goes back to time 0.
  const slider = page.getByRole('slider', { name: 'Timeline' });
  await slider.focus();
  await slider.fill(String(Math.floor(crashTime / 2)));
  await expect.poll(async () => Number(await attr(page, 'clock', 'data-time'))).toBeLessThanOrEqual(Math.floor(crashTime / 2));
  await expect.poll(async () => Number(await attr(page, 'clock', 'data-time'))).toBeGreaterThan(Math.floor(crashTime / 2) - 100);
  await slider.press('Home');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-time', '0');
  for (const id of DATA) await expect(page.getByTestId(`node-${id}`)).toHaveAttribute('data-up', 'true');
  await shot(page, '6-fork');
});

test('7. every control works from the keyboard alone', async ({ page }) => {
  // Tabbing through every control is hundreds of round trips: give it room on a loaded machine.
  test.setTimeout(150_000);
  await open(page);
  // Every control has an accessible name and none is taken out of the tab order.
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll('button, input, select, [tabindex]')]
      .filter((el) => {
        const e = el as HTMLElement;
        const labelled = e.getAttribute('aria-label') || (e as HTMLInputElement).labels?.length || e.textContent?.trim() || e.getAttribute('aria-labelledby');
        // Roving items of the picture (nodes, lanes, messages) are reached with the arrow keys; the
        // picture's focus root and headings take the focus only from the page's own code.
        // So are the analysis tabs' unselected tabs (a tablist is one Tab stop) and the cluster's section (the skip link's target).
        const programmatic = e.hasAttribute('data-rove') || e.hasAttribute('data-cluster-focus') || /^H\d$/.test(e.tagName) || e.getAttribute('role') === 'tab' || e.id === 'cluster';
        return !labelled || (e.getAttribute('tabindex') === '-1' && !programmatic);
      })
      .map((el) => el.outerHTML.slice(0, 80)),
  );
  expect(unnamed).toEqual([]);

  /** Tab until the named control has focus, then return it. */
  const tabTo = async (role: 'button' | 'slider', name: string) => {
    const target = page.getByRole(role, { name, exact: true });
    for (let i = 0; i < 400; i++) {
      if (await target.evaluate((el) => el === document.activeElement)) return target;
      await page.keyboard.press('Tab');
    }
    throw new Error(`could not reach ${name} with Tab`);
  };
  const events = async () => Number(await attr(page, 'clock', 'data-events'));

  // Space plays, space pauses.
  await page.locator('body').press('Space');
  await expect(page.getByTestId('playback-mode')).toHaveAttribute('data-mode', 'playing');
  const l = await waitLeader(page);
  await page.keyboard.press('Space');
  await expect(page.getByTestId('playback-mode')).toHaveAttribute('data-mode', 'paused');
  // → steps one event, ← steps back one.
  const n = await events();
  await page.keyboard.press('ArrowRight');
  await expect.poll(events).toBe(n + 1);
  await page.keyboard.press('ArrowLeft');
  await expect.poll(events).toBe(n);
  // Digits select a node.
  await page.keyboard.press('2');
  await expect(page.getByTestId('node-D2')).toHaveAttribute('data-selected', 'true');
  await page.keyboard.press('Escape');
  // ? opens the help overlay; Escape closes it.
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  // Tab stays inside the dialog.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(button(page, 'Close help')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // Buttons by Tab + Enter/Space.
  const f = DATA.find((d) => d !== l.id)!;
  await (await tabTo('button', `Crash ${f}`)).press('Enter');
  await expect(page.getByTestId(`node-${f}`)).toHaveAttribute('data-up', 'false');
  await (await tabTo('button', `Restart ${f}`)).press('Space');
  await expect(page.getByTestId(`node-${f}`)).toHaveAttribute('data-up', 'true');
  // A lane: Tab into the picture's lanes, arrows to the one wanted, Enter for its menu.
  const laneTo = async (from: string, to: string) => {
    const lane = page.getByTestId(`link-${from}-${to}`);
    for (let i = 0; i < 400 && !(await page.evaluate(() => document.activeElement?.getAttribute('data-rove') === 'lane')); i++) await page.keyboard.press('Tab');
    for (let i = 0; i < 30 && !(await lane.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('ArrowRight');
    await expect(lane).toBeFocused();
    await page.keyboard.press('Enter');
    return page.getByRole('dialog', { name: `Link ${from}→${to}` });
  };
  await (await laneTo(l.id, f)).getByRole('button', { name: 'Cut this direction' }).press('Enter');
  await expect(page.getByTestId(`link-${l.id}-${f}`)).toHaveAttribute('data-cut', 'true');
  // Esc and Enter again: the lane kept the focus after its menu closed.
  await expect(page.getByTestId(`link-${l.id}-${f}`)).toBeFocused();
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: `Link ${l.id}→${f}` }).getByRole('button', { name: 'Heal this direction' }).press('Enter');
  await expect(page.getByTestId(`link-${l.id}-${f}`)).toHaveAttribute('data-cut', 'false');
  const before = await entryCount(page, l.id);
  await (await tabTo('button', 'Write')).press('Enter');
  await expect.poll(() => entryCount(page, l.id)).toBe(before + 1);
  await (await tabTo('button', 'Step')).press('Enter');
  await (await tabTo('button', 'Play')).press('Enter');
  await expect(page.getByTestId('playback-mode')).toHaveAttribute('data-mode', 'playing');
  await (await tabTo('button', 'Pause')).press('Enter');
  await expect(page.getByTestId('playback-mode')).toHaveAttribute('data-mode', 'paused');

  // A message in flight: step until one exists, select it from the list, drop it.
  for (let i = 0; i < 50 && (await page.getByTestId('msg').count()) === 0; i++) await button(page, 'Step').press('Enter');
  const chip = page.getByRole('button', { name: /^Select message #/ }).first();
  const id = (await chip.getAttribute('aria-label'))!.match(/#(\d+)/)![1]!;
  await chip.focus();
  await page.keyboard.press('Enter');
  await (await tabTo('button', `Drop #${id}`)).press('Enter');
  await expect(page.locator(`[data-testid="msg"][data-id="${id}"]`)).toHaveCount(0);

  // The timeline slider works with keys.
  const slider = await tabTo('slider', 'Timeline');
  await slider.press('Home');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-time', '0');
  // The live region narrated a key event.
  await expect(page.getByTestId('narration')).not.toBeEmpty();
  await shot(page, '7-keyboard');
});

test('messages in flight can be duplicated (two envelopes) and delivered now', async ({ page }) => {
  await open(page);
  await button(page, 'Play').click();
  await waitLeader(page);
  await button(page, 'Pause').click();
  for (let i = 0; i < 50 && (await page.getByTestId('msg').count()) === 0; i++) await button(page, 'Step').click();
  const env = page.getByTestId('msg').first();
  const [from, to, type] = await Promise.all([env.getAttribute('data-from'), env.getAttribute('data-to'), env.getAttribute('data-type')]);
  const id = await env.getAttribute('data-id');
  await env.click();
  const same = page.locator(`[data-testid="msg"][data-from="${from}"][data-to="${to}"][data-type="${type}"]`);
  const k = await same.count();
  await button(page, `Duplicate #${id}`).click();
  await expect(same).toHaveCount(k + 1);
  await button(page, `Deliver #${id}`).click();
  await expect(page.locator(`[data-testid="msg"][data-id="${id}"]`)).toHaveCount(0);
  await expect(same).toHaveCount(k);
});

test('a violation stops the run, turns the property red and links to the breaking event', async ({ page }) => {
  await open(page);
  // The 2+1 cluster with a broken elector (elect-any), set up through the Settings panel.
  await button(page, 'Settings').click();
  await page.getByLabel('Cluster shape').selectOption('janus-2+1');
  await page.getByLabel('Mutant').selectOption('elect-any');
  await button(page, 'Apply settings').click();
  await expect(page.getByTestId('node-D3')).toHaveCount(0);
  const forward = async (ms: number) => {
    await page.getByLabel('Milliseconds to advance').fill(String(ms));
    await button(page, `Advance ${ms} ms`).click();
  };
  await forward(1000);
  await button(page, 'Write to D1').click();
  await forward(100);
  await button(page, 'Crash D2').click();
  await forward(800);
  await button(page, 'Write to D1').click();
  await forward(100);
  await button(page, 'Crash D1').click();
  await forward(300);
  await button(page, 'Restart D2').click();
  await button(page, 'Play').click();
  await expect(page.getByTestId('playback-mode')).toHaveAttribute('data-mode', 'stoppedOnViolation', { timeout: 20_000 });
  await expect(page.getByTestId('property-CommittedOnReplicationSet')).toHaveAttribute('data-status', 'violated');
  await expect(page.getByTestId('property-LeaderSafety')).toHaveAttribute('data-status', 'holds');
  // The run is paused: the clock stands still.
  const t = await attr(page, 'clock', 'data-time');
  await page.waitForTimeout(300);
  expect(await attr(page, 'clock', 'data-time')).toBe(t);
  // The nodes involved are highlighted, and the link goes to the breaking event.
  await expect(page.locator('[data-testid^="node-"].violated')).not.toHaveCount(0);
  const link = page.getByTestId('property-CommittedOnReplicationSet').getByRole('button', { name: /^Go to event #\d+$/ });
  const n = Number((await link.textContent())!.match(/#(\d+)/)![1]);
  await link.click();
  await expect(page.getByTestId('clock')).toHaveAttribute('data-events', String(n + 1));
  await expect(page.getByTestId('property-CommittedOnReplicationSet')).toHaveAttribute('data-status', 'violated');
  await button(page, 'Step back').click();
  await expect(page.getByTestId('property-CommittedOnReplicationSet')).toHaveAttribute('data-status', 'holds');
  await shot(page, '8-violation');
});

test('settings: shape, seed and timing apply and rebuild the run; bad input is refused clearly', async ({ page }) => {
  await open(page);
  await button(page, 'Settings').click();
  const hb = page.getByLabel('heartbeatInterval (ms)');
  await expect(hb).toHaveValue('50');
  await hb.fill('-5');
  await button(page, 'Apply settings').click();
  await expect(page.getByRole('alert')).toContainText('heartbeatInterval must be');
  await hb.fill('20');
  await page.getByLabel('Seed').fill('42');
  await page.getByLabel('Cluster shape').selectOption('janus-2+1');
  await button(page, 'Apply settings').click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByTestId('node-D3')).toHaveCount(0);
  await expect(page.getByTestId('link-D1-E')).toHaveAttribute('data-cut', 'false');
  await button(page, 'Play').click();
  const l = await waitLeader(page, (x) => x.rf === 2);
  expect(['D1', 'D2']).toContain(l.id);
  await button(page, 'Pause').click();
});

test('the event log shows the latest 50 lines, and older ones on request', async ({ page }) => {
  await open(page);
  await page.getByLabel('Milliseconds to advance').fill('3000');
  await button(page, 'Advance 3000 ms').click();
  const lines = page.getByTestId('event-log').locator('li.line');
  await expect(lines).toHaveCount(50);
  const newest = Number(await page.getByTestId('clock').getAttribute('data-events')) - 1;
  await expect(lines.first().locator('.ln-i')).toHaveText(`#${newest}`);
  await button(page, 'Show older events').click();
  await expect(lines).toHaveCount(150);
  await expect(lines.nth(149).locator('.ln-i')).toHaveText(`#${newest - 149}`);
});
