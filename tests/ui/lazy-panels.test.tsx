// @vitest-environment jsdom
// Panels over the page's registry, where some plug-ins load on demand (src/protocols/page-registry.ts):
// the Check tab waits for them, so it lists every checkable shape (it listed only our design's
// before this wait: the checker reads the loaded shapes when it is made), and the TLC tab loads the
// plug-in that offers the reader before showing it.

import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Registry } from '../../src/contracts';
import { janusPlugin } from '../../src/protocols/janus/plugin';
import { publishedEntry } from '../../src/protocols/janus-published/entry';
import { raftEntry } from '../../src/protocols/raft/entry';
import { REGISTRY } from '../../src/protocols/registry';
import { COMPARISONS } from '../../src/protocols/page-registry';
import { createLabStore, LabProvider, type LabStore } from '../../src/store';
import { CheckPanel } from '../../src/ui/check/CheckPanel';
import { TlcPanel } from '../../src/ui/tlc/TlcPanel';

const stores: LabStore[] = [];
afterEach(() => {
  cleanup();
  for (const s of stores.splice(0)) s.dispose();
});

function mount(panel: React.ReactNode) {
  const registry = new Registry([janusPlugin, publishedEntry, raftEntry], { comparisons: COMPARISONS });
  const lab = createLabStore(registry);
  stores.push(lab);
  render(<LabProvider store={lab}>{panel}</LabProvider>);
  return { registry, lab };
}

describe('panels over lazy plug-ins', () => {
  it('the Check tab lists every checkable shape, those loaded on demand included', async () => {
    const { registry } = mount(<CheckPanel />);
    expect(registry.complete).toBe(false);
    const select = await screen.findByLabelText('Shape to check', {}, { timeout: 20_000 });
    const listed = [...(select as HTMLSelectElement).options].map((o) => o.value);
    const checkable = Object.values(REGISTRY.shapes)
      .filter((s) => s.plugin.check)
      .map((s) => s.id);
    expect(listed).toEqual(checkable);
    expect(registry.complete).toBe(true);
  });

  it('the TLC tab loads the plug-in that offers the reader, then shows it', async () => {
    const { lab } = mount(<TlcPanel />);
    expect(lab.getState().tlc).toBeNull();
    expect(screen.getByText('Loading the TLC trace reader…')).toBeTruthy();
    await waitFor(() => expect(lab.getState().tlc).not.toBeNull(), { timeout: 20_000 });
    expect(await screen.findByLabelText('TLC error trace', {}, { timeout: 20_000 })).toBeTruthy();
  });
});
