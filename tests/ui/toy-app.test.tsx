// @vitest-environment jsdom
// A protocol registered only in this test (the toy primary-backup of tests/support/toy-plugin.ts)
// renders and runs in the whole page: the App takes its registry from the store, and nothing of
// the page names a protocol or a node. Cluster, logs, controls (write, crash/restart, step),
// safety panel, event log, metrics and the explore tab all work with it.

import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Registry } from '../../src/contracts';
import { createLabStore, LabProvider, type LabStore } from '../../src/store';
import { App } from '../../src/ui/App';
import { TOY_LEADER, TOY_NODES, TOY_PROPERTIES, TOY_SHAPE, toyPlugin } from '../support/toy-plugin';

const stores: LabStore[] = [];
afterEach(() => {
  cleanup();
  for (const s of stores.splice(0)) s.dispose();
});

function mount(): LabStore {
  const store = createLabStore(new Registry([toyPlugin]));
  stores.push(store);
  render(
    <LabProvider store={store}>
      <App />
    </LabProvider>,
  );
  return store;
}

const btn = (name: string) => screen.getByRole('button', { name });
const click = (el: HTMLElement) =>
  act(() => {
    fireEvent.click(el);
  });
const advance = (ms: number) => {
  fireEvent.change(screen.getByLabelText('Milliseconds to advance'), { target: { value: String(ms) } });
  click(btn(`Advance ${ms} ms`));
};
const node = (id: string) => screen.getByTestId(`node-${id}`);
const [follower] = TOY_NODES.filter((id) => id !== TOY_LEADER) as [string];

describe('a protocol registered only in a test, in the whole page', () => {
  it('shows its shape, its nodes and its words', () => {
    const store = mount();
    expect(store.getState().spec.protocol).toBe(TOY_SHAPE);
    const picker = screen.getByTestId('protocol-select') as HTMLSelectElement;
    expect([...picker.options].map((o) => o.value)).toEqual([TOY_SHAPE]);
    for (const id of TOY_NODES) expect(node(id).getAttribute('data-up')).toBe('true');
    expect(node(TOY_LEADER).getAttribute('data-role')).toBe('leader');
    expect(node(follower).getAttribute('data-role')).toBe('follower');
    // Every ordered pair has a link; the toy has no elector, no banner, no TLC reader.
    for (const a of TOY_NODES) for (const b of TOY_NODES) if (a !== b) expect(screen.getByTestId(`link-${a}-${b}`).getAttribute('data-cut')).toBe('false');
    expect(screen.queryByTestId('published-banner')).toBeNull();
    expect(screen.queryByRole('tab', { name: 'TLC trace' })).toBeNull();
    for (const p of TOY_PROPERTIES) expect(screen.getByTestId(`property-${p}`).getAttribute('data-status')).toBe('holds');
    // The event log filter lists the toy's message types.
    const types = within(screen.getByLabelText('Filter events by message type')).getAllByRole('option').map((o) => o.textContent);
    expect(types).toEqual(expect.arrayContaining(['Replicate', 'Ack']));
  });

  it('runs: step, a write that commits, crash and restart, messages in flight, the event log', () => {
    const store = mount();
    click(btn('Step'));
    expect(screen.getByTestId('clock').getAttribute('data-events')).toBe('1');
    advance(200);
    expect(screen.getAllByTestId('msg').length).toBeGreaterThan(0);
    for (const m of screen.getAllByTestId('msg')) expect(['Replicate', 'Ack']).toContain(m.getAttribute('data-type'));

    // "Write" goes to the leader.
    click(btn('Write'));
    expect(screen.getByTestId('notice').textContent).toMatch(/appended at index 1 on/);
    expect(screen.getByTestId(`entry-${TOY_LEADER}-1`).getAttribute('data-committed')).toBe('false');
    advance(300);
    for (const id of TOY_NODES) expect(screen.getByTestId(`entry-${id}-1`).getAttribute('data-committed')).toBe('true');

    // Crash and restart a follower.
    click(btn(`Crash ${follower}`));
    expect(node(follower).getAttribute('data-up')).toBe('false');
    expect(store.getState().narration).toBe(`${follower} crashed`);
    click(btn('Write'));
    advance(1000);
    expect(screen.getByTestId(`entry-${TOY_LEADER}-2`).getAttribute('data-committed')).toBe('true');
    click(btn(`Restart ${follower}`));
    expect(node(follower).getAttribute('data-up')).toBe('true');
    advance(500);
    expect(screen.getByTestId(`entry-${follower}-2`).getAttribute('data-committed')).toBe('true');

    // The event log: newest first, in the protocol's notes or the kernel's words; filtered to the
    // events without a message (timers, faults, writes), the restart and both writes are in view.
    const log = within(screen.getByTestId('event-log'));
    expect(log.getAllByRole('listitem').length).toBe(50);
    act(() => {
      fireEvent.change(screen.getByLabelText('Filter events by message type'), { target: { value: 'none' } });
    });
    expect(log.getAllByText(new RegExp(`^${follower} restarted`)).length).toBe(1);
    expect(log.getAllByText(/appends w2/).length).toBe(1);
    expect(log.getAllByText(/appends w1/).length).toBe(1);
    // Every property still holds.
    for (const p of TOY_PROPERTIES) expect(screen.getByTestId(`property-${p}`).getAttribute('data-status')).toBe('holds');
  });

  it('answers the keyboard: digits select its nodes, w writes, → steps', () => {
    mount();
    act(() => {
      fireEvent.keyDown(window, { key: '2' });
    });
    expect(node(TOY_NODES[1]!).getAttribute('data-selected')).toBe('true');
    act(() => {
      fireEvent.keyDown(window, { key: 'ArrowRight' });
    });
    expect(screen.getByTestId('clock').getAttribute('data-events')).toBe('1');
    act(() => {
      fireEvent.keyDown(window, { key: 'Escape' });
      fireEvent.keyDown(window, { key: 'w' });
    });
    expect(screen.getByTestId(`entry-${TOY_LEADER}-1`)).toBeTruthy();
  });

  it("the help names the toy's nodes and shows its legend and kinds", () => {
    mount();
    act(() => {
      fireEvent.keyDown(window, { key: '?' });
    });
    const dialog = within(screen.getByRole('dialog', { name: 'Keyboard shortcuts' }));
    expect(dialog.getByText(`Select node ${TOY_NODES.join(', ')}`)).toBeTruthy();
    for (const l of toyPlugin.view.vocabulary.legend!) expect(dialog.getByText(l.meaning)).toBeTruthy();
    expect(dialog.getByText(toyPlugin.view.vocabulary.kinds!.data!)).toBeTruthy();
  });

  it('the metrics tab measures the toy run and states no claims it does not make', async () => {
    mount();
    advance(300);
    click(btn('Write'));
    advance(300);
    click(screen.getByRole('tab', { name: 'Metrics' }));
    // The metrics view is a chunk loaded when its tab first opens.
    await screen.findByTestId('metric-total-msgs', {}, { timeout: 20_000 });
    const value = (name: string) => screen.getByTestId(`metric-${name}`).getAttribute('data-value');
    expect(Number(value('total-msgs'))).toBeGreaterThan(0);
    expect(value('committed')).toBe('1');
    expect(Number(value(`durable-${TOY_LEADER}`))).toBeGreaterThan(8);
    expect(screen.queryByTestId('claim-hardware')).toBeNull();
    // The coverage badges list the toy's rare paths.
    for (const p of toyPlugin.view.probes!) expect(screen.getByTestId(`badge-${p.replace(/ /g, '-')}`)).toBeTruthy();
  });

  it('the explore tab explores the toy shape and finishes clean', async () => {
    const store = mount();
    click(screen.getByRole('tab', { name: 'Explore' }));
    const form = await screen.findByRole('form', { name: 'Exploration settings' }, { timeout: 20_000 });
    const protocol = within(form).getAllByRole('combobox')[0] as HTMLSelectElement;
    expect(protocol.value).toBe(TOY_SHAPE);
    const runs = within(form).getByLabelText('Runs') as HTMLInputElement;
    await waitFor(() => expect(store.explore.getState().input).not.toBeNull());
    fireEvent.change(runs, { target: { value: '3' } });
    expect(runs.value).toBe('3');
    click(within(form).getByRole('button', { name: 'Start exploring' }));
    await waitFor(() => expect(screen.getByTestId('explore-progress').getAttribute('data-mode')).toBe('finished'), { timeout: 60_000 });
    expect(screen.getByTestId('explore-progress').getAttribute('data-done')).toBe('3');
    expect(screen.queryByTestId('explore-finding')).toBeNull();
  });

  it("a mutant's finding, shrunk, opens in the lab on the toy's own registry", async () => {
    const store = mount();
    click(screen.getByRole('tab', { name: 'Explore' }));
    const form = await screen.findByRole('form', { name: 'Exploration settings' }, { timeout: 20_000 });
    await waitFor(() => expect(store.explore.getState().input).not.toBeNull());
    const [, mutant] = within(form).getAllByRole('combobox') as HTMLSelectElement[];
    fireEvent.change(mutant!, { target: { value: 'volatile-log' } });
    fireEvent.change(within(form).getByLabelText('Runs'), { target: { value: '300' } });
    click(within(form).getByRole('button', { name: 'Start exploring' }));
    await waitFor(() => expect(screen.getByTestId('explore-progress').getAttribute('data-mode')).toBe('found'), { timeout: 90_000 });
    const finding = screen.getByTestId('explore-finding');
    const property = finding.getAttribute('data-property')!;
    click(within(finding).getByRole('button', { name: 'Open in the lab' }));
    expect(store.getState().spec).toMatchObject({ protocol: TOY_SHAPE, mutant: 'volatile-log', seed: Number(finding.getAttribute('data-seed')) });
    expect(screen.getByTestId(`property-${property}`).getAttribute('data-status')).toBe('violated');
  }, 120_000);
});
