// The page's registry (src/protocols/page-registry.ts): the default shape's plug-in loaded, the
// others as lazy entries loaded on demand. It must list exactly what the full registry of Node and
// the tests lists (same shapes, titles, timers, mutants, explorer flags, comparisons), refuse a
// synchronous use of a plug-in not loaded yet with a clear message, and load each plug-in once.

import { describe, expect, it } from 'vitest';
import { Registry, stubOf, type LazyPlugin, type ProtocolPlugin } from '../../src/contracts';
import * as page from '../../src/protocols/page-registry';
import * as full from '../../src/protocols/registry';
import { janusEntry } from '../../src/protocols/janus/entry';
import { janusPlugin } from '../../src/protocols/janus/plugin';
import { publishedEntry } from '../../src/protocols/janus-published/entry';
import { raftEntry } from '../../src/protocols/raft/entry';
import { createLabStore } from '../../src/store';
import { loadTourKit, tourControls } from '../../src/store/tour';
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
      await Promise.all([r.loadAll(), loadTourKit()]);
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

describe("our design's entry: its core runs at once, the rest loads on demand", () => {
  const withCore = () => new Registry([janusEntry, publishedEntry, raftEntry], { comparisons: page.COMPARISONS });

  it('the page starts with the core: runs build at once, bit for bit as the full plug-in; no gallery, tours, explorer or check profile yet', async () => {
    const r = withCore();
    expect(r.catalog).toEqual(full.REGISTRY.catalog);
    const id = r.defaultShape;
    expect(r.has(id)).toBe(true);
    expect(r.loaded(id)).toBe(false);
    expect(r.complete).toBe(false);
    const tl = r.createTimeline({ protocol: id, seed: 4 });
    tl.advanceTo(3000);
    const ref = full.REGISTRY.createTimeline({ protocol: id, seed: 4 });
    ref.advanceTo(3000);
    expect(tl.sim.traceHash).toBe(ref.sim.traceHash);
    const core = r.shape(id).plugin;
    expect(core.gallery ?? core.tours ?? core.check ?? core.script ?? r.shape(id).explorer).toBeUndefined();
    let loads = 0;
    r.onLoad(() => loads++);
    await Promise.all([r.load(id), r.load(id)]);
    expect(loads).toBe(1);
    expect(r.loaded(id)).toBe(true);
    // The same shapes object, its entries now the whole plug-in's.
    expect(r.shape(id).plugin).toBe(janusPlugin);
    expect(r.shape(id).explorer).toBeDefined();
    expect(r.plugins[0]).toBe(janusPlugin);
    expect(r.createTimeline({ protocol: id, seed: 4 }).protocol).toBe(tl.protocol);
  });

  it('lists its shapes as the whole plug-in does (explorer flags included), and refuses a whole plug-in of another core', async () => {
    const plugin = await janusEntry.load();
    expect(plugin.shapes.map(stubOf)).toEqual(janusEntry.shapes);
    expect(plugin.title).toBe(janusEntry.title);
    const other: ProtocolPlugin = { ...janusPlugin, protocol: { ...janusPlugin.protocol } };
    const r = new Registry([{ ...janusEntry, load: () => Promise.resolve(other) }]);
    await expect(r.load(r.defaultShape)).rejects.toThrow(`the plug-in loaded for '${janusEntry.id}' runs another core than its entry's`);
    expect(r.shape(r.defaultShape).plugin).toBe(janusEntry.core);
  });

  it('a lab over it: Settings of a core shape apply at once; the tours and the gallery fill once the plug-in is loaded', async () => {
    const r = withCore();
    const lab = createLabStore(r);
    try {
      const other = r.catalog.find((c) => c.pluginId === janusEntry.id && c.id !== r.defaultShape)!.id;
      expect(lab.getState().applySettings({ protocol: other, seed: 9 })).toBe(true);
      expect(lab.getState().spec).toEqual({ protocol: other, seed: 9 }); // no load needed
      expect(lab.getState().gallery).toEqual([]);
      const tour = tourControls(lab);
      expect(tour.getState().list).toEqual([]);
      await lab.getState().loadPlugins();
      await loadTourKit();
      await new Promise((f) => setTimeout(f, 0));
      expect(lab.getState().gallery.length).toBeGreaterThan(0);
      expect(tour.getState().list.length).toBeGreaterThan(0);
      expect(tour.getState().list.map((t) => t.id)).toEqual(tourControls(createLabStore(full.REGISTRY)).getState().list.map((t) => t.id));
    } finally {
      lab.dispose();
    }
  });

  it('a tour opened by id before anything is loaded opens once the plug-in and the tour builder are in', async () => {
    const r = withCore();
    const lab = createLabStore(r);
    try {
      const tour = tourControls(lab);
      const id = janusPlugin.tours!()[0]!.id;
      expect(tour.getState().openById(id)).toBe(true);
      expect(tour.getState().tour).toBeNull();
      await Promise.all([r.loadAll(), loadTourKit()]);
      await new Promise((f) => setTimeout(f, 0));
      expect(tour.getState().tour?.id).toBe(id);
      expect(tour.getState().openById('no-such-tour')).toBe(false);
      expect(tour.getState().message?.text).toMatch(/There is no tour “no-such-tour”/);
    } finally {
      lab.dispose();
    }
  });
});
