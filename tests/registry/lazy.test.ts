// The page's registry (src/protocols/page-registry.ts): the default shape's plug-in loaded, the
// others as lazy entries loaded on demand. It must list exactly what the full registry of Node and
// the tests lists (same shapes, titles, timers, mutants, explorer flags, comparisons), refuse a
// synchronous use of a plug-in not loaded yet with a clear message, and load each plug-in once.

import { describe, expect, it } from 'vitest';
import { Registry, stubOf, type LazyPlugin, type ProtocolPlugin } from '../../src/contracts';
import * as page from '../../src/protocols/page-registry';
import * as full from '../../src/protocols/registry';
import { janusPlugin } from '../../src/protocols/janus/plugin';
import { publishedEntry } from '../../src/protocols/janus-published/entry';
import { raftEntry } from '../../src/protocols/raft/entry';
import { createLabStore } from '../../src/store';
import { tourControls } from '../../src/store/tour';
import { toyPlugin, TOY_SHAPE } from '../support/toy-plugin';

/** A registry like the page's, fresh for each test (the page's module keeps its one instance). */
const pageLike = () => new Registry([janusPlugin, publishedEntry, raftEntry], { comparisons: page.COMPARISONS });

const lazyToy = (load: () => Promise<ProtocolPlugin>): LazyPlugin => ({
  id: toyPlugin.id,
  title: 'The toy protocol',
  shapes: toyPlugin.shapes.map(stubOf),
  load,
});

describe("the page's registry", () => {
  it('exports what registry.ts exports', () => {
    expect(Object.keys(page).filter((k) => k !== 'COMPARISONS' && k !== 'registryHelpers').sort()).toEqual(Object.keys(full).sort());
  });

  it('starts with only the default shape\'s plug-in loaded, and lists every shape as the full registry does', () => {
    expect(page.REGISTRY.defaultShape).toBe(full.REGISTRY.defaultShape);
    expect(page.REGISTRY.plugins.map((p) => p.id)).toEqual([full.REGISTRY.plugins[0]!.id]);
    expect(page.REGISTRY.complete).toBe(false);
    // Stub for stub: what the pickers, Settings and the explorer form show before loading.
    expect(page.REGISTRY.catalog).toEqual(full.REGISTRY.catalog);
    expect(full.REGISTRY.catalog.map((c) => c.id)).toEqual(Object.keys(full.REGISTRY.shapes));
    expect(page.REGISTRY.comparisons).toEqual(full.REGISTRY.comparisons);
  });

  it('refuses a run of a shape not loaded yet with a clear message, and builds it once loaded', async () => {
    const r = pageLike();
    const lazyPlugins = new Set(r.catalog.filter((c) => !r.loaded(c.id)).map((c) => c.pluginId)).size;
    expect(lazyPlugins).toBe(2);
    const [, lazyShape] = r.catalog.filter((c) => !r.loaded(c.id)).map((c) => c.id);
    expect(lazyShape).toBeDefined();
    expect(r.known(lazyShape!)).toBe(true);
    expect(() => r.createTimeline({ protocol: lazyShape!, seed: 1 })).toThrow(`the plug-in of '${lazyShape}' is not loaded yet`);
    expect(() => r.shape('nope')).toThrow(/unknown protocol 'nope' \(known: .*raft-5/);
    let loads = 0;
    r.onLoad(() => loads++);
    await Promise.all([r.load(lazyShape!), r.load(lazyShape!)]);
    expect(loads).toBe(1);
    expect(r.loaded(lazyShape!)).toBe(true);
    const tl = r.createTimeline({ protocol: lazyShape!, seed: 3 });
    tl.advanceTo(2000);
    // The same run as the full registry's, bit for bit.
    const ref = full.REGISTRY.createTimeline({ protocol: lazyShape!, seed: 3 });
    ref.advanceTo(2000);
    expect(tl.sim.traceHash).toBe(ref.sim.traceHash);
    // Loaded shapes keep the registry's order.
    expect(Object.keys(r.shapes)).toEqual(r.catalog.map((c) => c.id).filter((id) => r.loaded(id)));
    await r.loadAll();
    expect(r.complete).toBe(true);
    expect(Object.keys(r.shapes)).toEqual(Object.keys(full.REGISTRY.shapes));
    expect(r.plugins.map((p) => p.id)).toEqual(full.REGISTRY.plugins.map((p) => p.id));
    expect(loads).toBe(lazyPlugins); // once per plug-in
    // An unknown shape needs no load: the synchronous call after it gives the message.
    await expect(r.load('nope')).resolves.toBeUndefined();
  });

  it('a plug-in that fails to load is a message naming it, and can be tried again', async () => {
    let fail = true;
    const r = new Registry([janusPlugin, lazyToy(() => (fail ? Promise.reject(new Error('network down')) : Promise.resolve(toyPlugin)))]);
    await expect(r.load(TOY_SHAPE)).rejects.toThrow('Could not load The toy protocol (network down).');
    expect(r.loaded(TOY_SHAPE)).toBe(false);
    fail = false;
    await r.load(TOY_SHAPE);
    expect(r.shape(TOY_SHAPE).plugin).toBe(toyPlugin);
  });

  it('refuses a loaded plug-in whose shapes differ from its entry', async () => {
    const wrong: ProtocolPlugin = { ...toyPlugin, shapes: [{ ...toyPlugin.shapes[0]!, id: 'toy-9' }] };
    const r = new Registry([janusPlugin, lazyToy(() => Promise.resolve(wrong))]);
    await expect(r.load(TOY_SHAPE)).rejects.toThrow(/with shapes toy-9 \(its entry lists toy-3\)/);
    expect(r.loaded(TOY_SHAPE)).toBe(false);
  });

  it('each lazy entry lists its loaded plug-in\'s shapes exactly (ids, titles, timers, mutants, explorer flags, extras)', async () => {
    for (const entry of [publishedEntry, raftEntry]) {
      const plugin = await entry.load();
      expect(plugin.id).toBe(entry.id);
      expect(plugin.title).toBe(entry.title);
      expect(plugin.shapes.map(stubOf)).toEqual(entry.shapes);
      expect(Object.keys(plugin.extras ?? {})).toEqual(entry.extras ?? []);
    }
  });
});

describe('a lab over a registry with lazy entries', () => {
  it('lists every shape at once; a shape picked, the gallery and the TLC reader load their plug-in first', async () => {
    const r = pageLike();
    const lab = createLabStore(r);
    try {
      const st = lab.getState();
      expect(st.shapes.map((s) => s.id)).toEqual(full.REGISTRY.catalog.map((c) => c.id));
      expect(st.shapes.filter((s) => s.explored).length).toBe(full.REGISTRY.catalog.filter((c) => c.explored).length);
      // The TLC tab is offered before its plug-in is loaded; the reader itself comes with it.
      expect(st.tlcShape).not.toBeNull();
      expect(st.tlc).toBeNull();
      const galleryBefore = st.gallery.length;
      const other = r.catalog.find((c) => !r.loaded(c.id) && c.id !== st.tlcShape)!.id;
      expect(st.applySettings({ protocol: other, seed: 5 })).toBe(true);
      expect(lab.getState().spec.protocol).toBe(r.defaultShape); // not yet: its plug-in is loading
      expect(lab.getState().notice).toBeNull(); // and no error meanwhile
      await r.load(other);
      expect(lab.getState().spec).toEqual({ protocol: other, seed: 5 });
      await lab.getState().loadTlc();
      expect(lab.getState().tlc?.shape).toBe(st.tlcShape);
      await lab.getState().loadPlugins();
      expect(lab.getState().gallery.length).toBeGreaterThan(galleryBefore);
      expect(lab.getState().notice?.kind).toBe('info'); // "Settings applied", no error
    } finally {
      lab.dispose();
    }
  });

  it('a plug-in that fails to load leaves the run as it was, with the message as the notice', async () => {
    const r = new Registry([janusPlugin, lazyToy(() => Promise.reject(new Error('offline')))]);
    const lab = createLabStore(r);
    try {
      const tl = lab.getState().timeline;
      expect(lab.getState().applySettings({ protocol: TOY_SHAPE, seed: 1 })).toBe(true);
      await r.load(TOY_SHAPE).catch(() => undefined);
      await new Promise((f) => setTimeout(f, 0));
      expect(lab.getState().timeline).toBe(tl);
      expect(lab.getState().notice).toEqual({ kind: 'error', text: 'Could not load The toy protocol (offline).' });
    } finally {
      lab.dispose();
    }
  });

  it('a tour file naming a shape not loaded yet opens once its plug-in is in (it was refused: "not loaded yet")', async () => {
    const r = pageLike();
    const lab = createLabStore(r);
    try {
      const shape = r.catalog.find((c) => !r.loaded(c.id))!.id;
      const tour = tourControls(lab);
      expect(tour.getState().importScript(`protocol ${shape}\ncaption Start.\nrun 500\ncaption Later.\n`)).toBe(true);
      await r.loadAll();
      await new Promise((f) => setTimeout(f, 0));
      expect(tour.getState().message).toBeNull();
      expect(tour.getState().tour?.spec.protocol).toBe(shape);
      expect(tour.getState().tour?.steps.length).toBe(2);
      expect(lab.getState().spec.protocol).toBe(shape);
    } finally {
      lab.dispose();
    }
  });
});
