// Every tour is a regression test (issue 12): each plays from its script, and the state at every
// step of a plug-in's own tour is compared with tests/tours/states/<id>.txt (rewrite with
// `vitest run tests/tours -u`, then read the diff: each block must still be what its caption
// says); a tour made from a gallery story lands where the story does, and its claims hold there. A tour's link and its script
// file both reopen the same steps on the same run (same trace hash); the link sizes are printed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/protocols/registry';
import { GALLERY, buildGalleryScenario, viewOf } from '../../src/scenario/gallery';
import { buildTour, encodeTourLink, openTourLink, openTourScript, tourOfGallery, tourScript, toursOf, type Tour } from '../../src/scenario/tour';
import { formatState } from '../../src/testing/script';

const BASE = 'http://127.0.0.1:4173/';
/** Emphasis marks aside: a quotation may drop the document's bold and italics. */
const plain = (s: string) => s.replace(/\*/g, '').replace(/\s+/g, ' ');
const PROTOCOL_MD = plain(readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8'));
const own = REGISTRY.plugins.flatMap((p) => (p.tours ? p.tours().map((t) => ({ plugin: p.id, def: t })) : []));

/** The trace hash at a tour's end, replayed from its spec and actions. */
function endHash(t: Tour): string {
  const tl = REGISTRY.createTimeline(t.spec, t.actions);
  tl.seek(t.end.index, t.end.t);
  return tl.sim.traceHash;
}

describe('tours', () => {
  it('the plug-ins carry at least 12 tours of 4–10 steps, and every gallery story has a tour', () => {
    expect(own.length).toBeGreaterThanOrEqual(12);
    for (const { def } of own) {
      const n = buildTour(def).tour.steps.length;
      expect(n, def.id).toBeGreaterThanOrEqual(4);
      expect(n, def.id).toBeLessThanOrEqual(10);
    }
    for (const g of GALLERY) expect(tourOfGallery(g.id)?.gallery, g.id).toBe(g.id);
    expect(new Set(toursOf().map((t) => t.id)).size).toBe(toursOf().length);
  });

  it('every quotation in our design’s tours is in docs/protocol.md, word for word', () => {
    let quotes = 0;
    for (const { plugin, def } of own) {
      const captions = buildTour(def).tour.steps.map((s) => s.text);
      for (const c of captions) {
        for (const q of c.match(/"[^"]+"/g) ?? []) {
          if (plugin !== 'janus' && !/§/.test(c)) continue;
          for (const piece of q.slice(1, -1).split('…')) {
            const p = plain(piece).trim().replace(/^[,.;:]\s*|[,.;:]$/g, '');
            if (p.length < 4 || p.startsWith('#')) continue;
            quotes++;
            expect(PROTOCOL_MD.includes(p), `${def.id}: "${p}" is not in docs/protocol.md`).toBe(true);
          }
        }
      }
    }
    expect(quotes).toBeGreaterThanOrEqual(30);
  });

  const sizes: string[] = [];
  for (const def of toursOf()) {
    it(`${def.id}: plays step by step; the state at every step is as recorded`, async () => {
      const { tour } = buildTour(def);
      expect(tour.steps[0]!.at, `${def.id} opens at t = 0`).toEqual({ index: 0, t: 0 });
      const tl = REGISTRY.createTimeline(tour.spec, tour.actions);
      const blocks: string[] = [];
      let prev = { index: 0, t: 0 };
      tour.steps.forEach((s, k) => {
        expect(s.at.index >= prev.index && s.at.t >= prev.t, `${def.id} step ${k + 1} is not before step ${k}`).toBe(true);
        prev = s.at;
        expect(s.text.length).toBeLessThanOrEqual(1000);
        tl.seek(s.at.index, s.at.t);
        expect(tl.cursor).toEqual(s.at);
        blocks.push(`# step ${k + 1} at event ${s.at.index}, ${s.at.t} ms: ${s.text.slice(0, 80)}${s.text.length > 80 ? '…' : ''}\n${formatState(tl.sim)}`);
      });
      if (own.some((x) => x.def === def)) await expect(`${blocks.join('\n\n')}\n`).toMatchFileSnapshot(`./states/${def.id}.txt`);
      else {
        // A tour made from a gallery story (its run is pinned by the gallery test): one step is the landing moment, where the story's claims hold.
        const entry = GALLERY.find((g) => g.id === def.gallery)!;
        const landing = buildGalleryScenario(entry).timeline.cursor;
        const at = tour.steps.find((x) => x.at.index === landing.index && x.at.t === landing.t);
        expect(at, `${def.id} has a step at the story's landing moment`).toBeDefined();
        tl.seek(landing.index, landing.t);
        for (const c of entry.claims) expect(c.holds(viewOf(tl)), `${def.id}: ${c.text}`).toBe(true);
      }

      // Its link reopens the same steps on the same run.
      const hash = endHash(tour);
      const link = await encodeTourLink(tour);
      sizes.push(`${def.id}: ${tour.steps.length} steps, link ${(BASE + link).length} chars`);
      expect((BASE + link).length).toBeLessThan(4000);
      const opened = await openTourLink(BASE + link);
      if (!opened.ok) throw new Error(opened.error.message);
      expect(opened.result.partial).toBe(false);
      expect(opened.open?.problem ?? null).toBeNull();
      expect(opened.open!.tour.steps).toEqual(tour.steps);
      expect(endHash(opened.open!.tour)).toBe(hash);

      // Its script file too.
      const file = openTourScript(tourScript(tour));
      if (!file.ok) throw new Error(file.message);
      expect(file.open.problem).toBeNull();
      expect(file.open.tour.steps).toEqual(tour.steps);
      expect(endHash(file.open.tour)).toBe(hash);
    });
  }

  it('a tour that tells a gallery story runs the story’s actions up to its landing moment', () => {
    for (const { def } of own.filter((x) => x.def.gallery)) {
      const story = buildGalleryScenario(GALLERY.find((g) => g.id === def.gallery)!);
      const { tour } = buildTour(def);
      const before = story.scenario.actions.filter((a) => a.at < story.scenario.cursor.index);
      expect(tour.actions.slice(0, before.length), def.id).toEqual(before);
    }
    // P2's tour ends where the gallery story lands.
    const p2 = own.find((x) => x.def.id === 'published-p2')!.def;
    expect(endHash(buildTour(p2).tour)).toBe(buildGalleryScenario(GALLERY.find((g) => g.id === 'published-p2')!).traceHash);
  });

  it('a tour link of 10 captions of 200 characters fits in under 4,000 characters of URL', async () => {
    const { tour } = buildTour(own[0]!.def);
    const words = 'the leader commits an index once every other member of R has acknowledged it in the current term not a majority all of R'.split(' ');
    const text = (k: number) => {
      let s = `Step ${k}:`;
      for (let i = 0; s.length < 200; i++) s += ` ${words[(i * 7 + k) % words.length]}`;
      return s.slice(0, 200);
    };
    const ten = { ...tour, steps: Array.from({ length: 10 }, (_, k) => ({ ...tour.steps[Math.min(k, tour.steps.length - 1)]!, text: text(k) })) };
    ten.steps.sort((a, b) => a.at.index - b.at.index);
    const url = BASE + (await encodeTourLink(ten));
    sizes.push(`10 captions × 200 characters (${ten.steps.map((s) => s.text.length).reduce((a, b) => a + b)} characters of text) on meet-janus: link ${url.length} chars`);
    expect(url.length).toBeLessThan(4000);
  });

  it('prints the link sizes', () => {
    console.log(`Tour link sizes (URL against ${BASE}):\n  ${sizes.join('\n  ')}`);
    expect(sizes.length).toBeGreaterThanOrEqual(toursOf().length);
  });
});
