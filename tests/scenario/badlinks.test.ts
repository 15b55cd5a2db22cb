import { describe, expect, it } from 'vitest';
import { generateBadLinks, basePayload } from '../support/badlinks';
import { openLink, openScenarioFile, decodeLink } from '../../src/scenario';
import { encodePayloadText } from '../../src/scenario/link';
import { jsonDepth } from '../../src/scenario/json';

describe('bad links and files', () => {
  it('the base payload the corpus mutates is itself a good link', async () => {
    const r = await openLink(await encodePayloadText(JSON.stringify(basePayload())));
    expect(r.ok && !r.partial).toBe(true);
  });

  it('the depth scan ignores brackets inside strings', () => {
    expect(jsonDepth('{"a":"[[[[[[[[[[[[[[[[[[[[[[[["}', 12)).toBe(1);
    expect(jsonDepth('[[["\\"[["]]]', 12)).toBe(3);
  });

  it('≥ 200 generated bad links and files: each gives a clear message or a labelled partial run; none throws or hangs', async () => {
    const corpus = await generateBadLinks();
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    const byCategory: Record<string, number> = {};
    const slow: string[] = [];
    const outcomes: Record<string, number> = {};
    for (const item of corpus) {
      byCategory[item.category] = (byCategory[item.category] ?? 0) + 1;
      const t0 = performance.now();
      const r = item.kind === 'link' ? await openLink(item.input) : openScenarioFile(item.input);
      const ms = performance.now() - t0;
      if (ms > 2000) slow.push(`${item.id}: ${ms.toFixed(0)} ms`);
      const outcome = r.ok ? (r.partial ? 'partial' : 'ok') : r.error.code;
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      expect(item.expect, `${item.id} gave ${outcome}: ${r.ok ? (r.partial ? r.reason : '') : r.error.message}`).toContain(outcome);
      if (!r.ok) {
        expect(r.error.message.length, item.id).toBeGreaterThan(20);
        expect(r.error.message, item.id).toMatch(/^This (link|file)/);
        expect(r.error.message.length, item.id).toBeLessThan(400);
      } else if (r.partial) {
        expect(r.reason.length, item.id).toBeGreaterThan(20);
      }
    }
    console.log('bad-link corpus:', corpus.length, 'items', byCategory, 'outcomes', outcomes);
    expect(slow).toEqual([]);
    // No prototype was polluted along the way.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('gives the messages a person can act on', async () => {
    const corpus = await generateBadLinks();
    const msg = async (id: string) => {
      const item = corpus.find((x) => x.id === id)!;
      const r = item.kind === 'link' ? await openLink(item.input) : openScenarioFile(item.input);
      return r.ok ? (r.partial ? r.reason : 'ok') : r.error.message;
    };
    expect(await msg('oversized/hash-1MB')).toMatch(/This link is too long \(1,048,580 characters; the limit is 65,536\)/);
    expect(await msg('oversized/zip-bomb-8MB')).toMatch(/unpacks to more than 256 kB/);
    expect(await msg('version/format-v0')).toMatch(/format v0, which this page \(format v1\) no longer reads/);
    expect(await msg('version/format-v2')).toMatch(/newer Janus Lab/);
    expect(await msg('hostile/title#0')).toMatch(/refused: the field title contains markup/);
    expect(await msg('hostile/notes#4')).toMatch(/javascript: URL/);
    expect(await msg('unknown-node/crash-D9')).toMatch(/action 2 \(crash\) names node "D9", which a janus-3\+1 cluster does not have \(its nodes are D1, D2, D3, E\)/);
    expect(await msg('nested/top-level-100k')).toMatch(/nested deeper/);
    expect(await msg('prototype/top-__proto__')).toMatch(/"__proto__"/);
    expect(await msg('unknown-action/code-eval')).toMatch(/unknown action type "eval"/);
    expect(await msg('numbers/seed-negative')).toMatch(/spec\.seed must be at least 0 \(got -1\)/);
  });

  it('every single-character corruption of a link is caught', async () => {
    const good = await encodePayloadText(JSON.stringify(basePayload()));
    let caught = 0;
    for (let pos = 4; pos < good.length; pos += 3) {
      const ch = good[pos] === 'Q' ? 'R' : 'Q';
      const d = await decodeLink(good.slice(0, pos) + ch + good.slice(pos + 1));
      if (!d.ok) caught++;
    }
    expect(caught).toBe(Math.ceil((good.length - 4) / 3));
  });
});
