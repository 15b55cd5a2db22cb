// @vitest-environment jsdom
// Two labs in one page (React Flow style: one store per lab, handed down by <LabProvider>): each
// renders its own run, and acting in one changes nothing in the other.

import { act, cleanup, fireEvent, render, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/protocols/registry';
import { createLabStore, LabProvider, type LabStore } from '../../src/store';
import { App } from '../../src/ui/App';

const stores: LabStore[] = [];
afterEach(() => {
  cleanup();
  for (const s of stores.splice(0)) s.dispose();
});

function mountTwo() {
  const a = createLabStore(REGISTRY, { protocol: 'janus-3+1', seed: 1 });
  const b = createLabStore(REGISTRY, { protocol: 'janus-2+1', seed: 7 });
  stores.push(a, b);
  const { container } = render(
    <>
      <div data-testid="lab-a">
        <LabProvider store={a}>
          <App keyboard={false} />
        </LabProvider>
      </div>
      <div data-testid="lab-b">
        <LabProvider store={b}>
          <App keyboard={false} />
        </LabProvider>
      </div>
    </>,
  );
  const labA = within(container.querySelector<HTMLElement>('[data-testid="lab-a"]')!);
  const labB = within(container.querySelector<HTMLElement>('[data-testid="lab-b"]')!);
  return { a, b, labA, labB };
}

const clockOf = (lab: ReturnType<typeof within>) => lab.getByTestId('clock');

describe('two labs side by side', () => {
  it('render their own shapes and seeds', () => {
    const { labA, labB } = mountTwo();
    expect(labA.getByTestId('node-D3')).toBeTruthy();
    expect(labB.queryByTestId('node-D3')).toBeNull();
    expect(labB.getByTestId('node-D2')).toBeTruthy();
    expect((labA.getByTestId('protocol-select') as HTMLSelectElement).value).toBe('janus-3+1');
    expect((labB.getByTestId('protocol-select') as HTMLSelectElement).value).toBe('janus-2+1');
    expect(labA.getByText('seed 1')).toBeTruthy();
    expect(labB.getByText('seed 7')).toBeTruthy();
  });

  it('stepping, crashing, selecting and cutting in one lab leave the other as it was', async () => {
    const { a, b, labA, labB } = mountTwo();
    act(() => {
      fireEvent.click(labA.getByRole('button', { name: 'Advance 500 ms' }));
    });
    expect(Number(clockOf(labA).getAttribute('data-events'))).toBeGreaterThan(0);
    expect(clockOf(labB).getAttribute('data-events')).toBe('0');
    expect(clockOf(labB).getAttribute('data-time')).toBe('0');

    act(() => {
      fireEvent.click(labB.getByRole('button', { name: 'Crash D1' }));
    });
    expect(labB.getByTestId('node-D1').getAttribute('data-up')).toBe('false');
    expect(labA.getByTestId('node-D1').getAttribute('data-up')).toBe('true');

    act(() => {
      fireEvent.click(labA.getByTestId('node-D2'));
      fireEvent.click(labA.getByTestId('link-D1-D3'));
    });
    // The cluster's menus load on demand (src/ui/ClusterView.tsx): the lane's menu shows once they are in.
    const laneMenu = await labA.findByRole('dialog', { name: 'Link D1→D3' }, { timeout: 5000 });
    act(() => {
      fireEvent.click(within(laneMenu).getByRole('button', { name: 'Cut this direction' }));
    });
    expect(labA.getByTestId('node-D2').getAttribute('data-selected')).toBe('true');
    expect(labB.getByTestId('node-D2').getAttribute('data-selected')).toBe('false');
    expect(labA.getByTestId('link-D1-D3').getAttribute('data-cut')).toBe('true');
    expect(b.getState().links.some((l) => l.cut)).toBe(false);

    // The event logs are each lab's own.
    expect(within(labA.getByTestId('event-log')).getAllByRole('listitem').length).toBeGreaterThan(3);
    expect(within(labB.getByTestId('event-log')).getAllByText(/crashed/).length).toBe(1);

    // Playing one lab leaves the other paused.
    act(() => {
      fireEvent.click(labB.getByRole('button', { name: 'Play' }));
    });
    expect(labB.getByTestId('playback-mode').getAttribute('data-mode')).toBe('playing');
    expect(labA.getByTestId('playback-mode').getAttribute('data-mode')).toBe('paused');
    act(() => {
      b.getState().pause();
    });
    expect(a.getState().mode).toBe('paused');
  });

  it('changing the shape of one lab rebuilds only that lab', () => {
    const { labA, labB } = mountTwo();
    act(() => {
      fireEvent.change(labA.getByTestId('protocol-select'), { target: { value: 'janus-published' } });
    });
    expect(labA.getByTestId('published-banner')).toBeTruthy();
    expect(labB.queryByTestId('published-banner')).toBeNull();
    expect(labB.getByTestId('node-E')).toBeTruthy();
  });
});
