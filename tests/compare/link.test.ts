// Compare links (src/scenario/compare-link.ts): a round trip keeps the preset, the script (faults
// added in the page included), both runs and the cursor; damaged or hostile links are refused
// with one sentence, never thrown.

import { describe, expect, it } from 'vitest';
import { scriptById } from '../../src/compare';
import { REGISTRY } from '../../src/protocols/registry';
import { decodeCompareLink, encodeCompareLink, isCompareHash } from '../../src/scenario/compare-link';
import { encodePayloadText } from '../../src/scenario/link';

const state = {
  preset: 'janus3-vs-raft5',
  script: { ...scriptById('leader-crash')!, id: 'leader-crash+', faults: [...scriptById('leader-crash')!.faults, { t: 3000, do: 'crash' as const, role: 'follower' as const }] },
  left: { protocol: 'janus-3+1', seed: 7 },
  right: { protocol: 'raft-5', seed: 7 },
  t: 4500,
};

describe('compare links', () => {
  it('round-trips a comparison exactly', async () => {
    const hash = await encodeCompareLink(state);
    expect(isCompareHash(hash)).toBe(true);
    expect(isCompareHash('#s1.abc')).toBe(false);
    const d = await decodeCompareLink(`http://x/${hash}`, REGISTRY);
    expect(d).toEqual({ ok: true, state: { ...state, script: { ...state.script, faults: [...state.script.faults].sort((a, b) => a.t - b.t) } } });
  });

  it('opens a preset by name, and refuses an unknown one', async () => {
    const d = await decodeCompareLink('#compare/janus2-vs-raft3/two-followers', REGISTRY);
    expect(d.ok && [d.state.left.protocol, d.state.right.protocol, d.state.script.id]).toEqual(['janus-2+1', 'raft-3', 'two-followers']);
    expect(await decodeCompareLink('#compare/nope', REGISTRY)).toMatchObject({ ok: false, error: expect.stringMatching(/no comparison 'nope'/) });
  });

  it('refuses damaged, unknown and hostile links in one sentence', async () => {
    const hash = await encodeCompareLink(state);
    expect((await decodeCompareLink(hash.slice(0, -5), REGISTRY)).ok).toBe(false);
    expect((await decodeCompareLink(hash.replace('#c1.', '#c9.'), REGISTRY))).toMatchObject({ ok: false, error: expect.stringMatching(/format v9/) });
    const payload = (v: unknown) => encodePayloadText(JSON.stringify(v)).then((h) => h.replace('#s1.', '#c1.'));
    expect(await decodeCompareLink(await payload({ ...state, left: { protocol: 'paxos', seed: 1 } }), REGISTRY)).toMatchObject({ ok: false, error: expect.stringMatching(/unknown protocol 'paxos'/) });
    expect(await decodeCompareLink(await payload({ ...state, t: 1e7 }), REGISTRY)).toMatchObject({ ok: false, error: expect.stringMatching(/cursor/) });
    expect(await decodeCompareLink(await payload({ ...state, script: { ...state.script, faults: [{ t: 1, do: 'explode' }] } }), REGISTRY)).toMatchObject({ ok: false, error: expect.stringMatching(/'do' must be one of/) });
    const hostile = (await encodePayloadText('{"__proto__":{"x":1}}')).replace('#s1.', '#c1.');
    expect(await decodeCompareLink(hostile, REGISTRY)).toMatchObject({ ok: false, error: expect.stringMatching(/__proto__/) });
  });
});
