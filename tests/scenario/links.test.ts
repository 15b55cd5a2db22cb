import { describe, expect, it } from 'vitest';
import { createTimeline } from '../../src/protocols/registry';
import { decodeLink, encodeLink, openLink, openScenario, scenarioFromTimeline, exportScenarioFile, openScenarioFile, decodeScenarioFile, exportTrace, LIMITS } from '../../src/scenario';
import { randomScenario } from '../../src/scenario/random';
import { crc32, fromBase64url, toBase64url } from '../../src/scenario/bytes';

describe('bytes', () => {
  it('base64url round-trips every length', () => {
    for (let n = 0; n < 40; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      expect(Array.from(fromBase64url(toBase64url(b))!)).toEqual(Array.from(b));
    }
    expect(fromBase64url('ab+c')).toBeNull();
    expect(fromBase64url('abcde')).toBeNull();
  });
  it('crc32 matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789')).toString(16)).toBe('cbf43926');
  });
});

describe('scenario links round trip', () => {
  it('100 random scenarios: encode → decode → replay gives the author’s trace hash at the cursor', async () => {
    let forked = 0;
    let between = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const { scenario, traceHash, timeline } = randomScenario(seed, 4 + (seed % 20));
      if (timeline.forks > 0) forked++;
      if (scenario.actions.some((a) => Math.round(a.t * 1000) / 1000 !== a.t)) between++;
      const link = await encodeLink(scenario, { traceHash });
      const r = await openLink(`http://127.0.0.1:5173/${link}`);
      if (!r.ok) throw new Error(`seed ${seed}: ${r.error.message}`);
      expect(r.partial, `seed ${seed}: ${r.partial ? r.reason : ''}`).toBe(false);
      expect(r.traceHash).toBe(traceHash);
      expect(r.timeline.cursor).toEqual(scenario.cursor);
      expect(r.scenario.actions.length).toBe(scenario.actions.length);
      // The file form gives the same run.
      const f = openScenarioFile(exportScenarioFile(scenario, { traceHash }));
      expect(f.ok && !f.partial && f.traceHash).toBe(traceHash);
    }
    // The generator really exercises forks and off-grid times.
    expect(forked).toBeGreaterThan(0);
    expect(between).toBeGreaterThan(0);
  });

  it('decoding gives back the same scenario (actions, cursor, spec, title)', async () => {
    const { scenario, traceHash } = randomScenario(4242, 30);
    const d = await decodeLink(await encodeLink(scenario, { traceHash }));
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(JSON.parse(JSON.stringify(d.scenario))).toEqual(JSON.parse(JSON.stringify(scenario)));
    expect(d.meta.traceHash).toBe(traceHash);
  });

  it('a scenario of 50 actions fits in under 2,000 characters of URL', async () => {
    const base = 'http://127.0.0.1:5173/';
    const sizes: number[] = [];
    for (const seed of [11, 12, 13, 14, 15]) {
      const { scenario, traceHash } = randomScenario(seed, 50);
      expect(scenario.actions.length).toBeGreaterThanOrEqual(50);
      const url = base + (await encodeLink(scenario, { traceHash }));
      sizes.push(url.length);
    }
    console.log('URL length of random 50-action scenarios:', sizes.join(', '));
    for (const s of sizes) expect(s).toBeLessThan(2000);
  });
});

describe('version changes', () => {
  it('another core version that replays the same run is opened, with a note', async () => {
    const { scenario, traceHash } = randomScenario(7, 10);
    const r = await openLink(await encodeLink(scenario, { traceHash, protocolVersion: 0 }));
    expect(r.ok && !r.partial).toBe(true);
    if (r.ok) expect(r.notes.join(' ')).toMatch(/version 0 of the janus-.+ core; this page runs version 1.*same trace hash/);
  });
  it('another core version whose run differs is opened as partial, saying so', async () => {
    const { scenario } = randomScenario(8, 10);
    const r = await openLink(await encodeLink(scenario, { traceHash: '0123456789abcdef', protocolVersion: 0 }));
    expect(r.ok && r.partial).toBe(true);
    if (r.ok && r.partial) expect(r.reason).toMatch(/made with version 0 .* differs from what the author saw/);
  });
  it('an action that no longer applies: opened as far as it replays', () => {
    const spec = { protocol: 'janus-3+1', seed: 5 };
    const tl = createTimeline(spec);
    tl.advanceTo(800);
    tl.act({ type: 'write', node: 'D1' });
    tl.advanceTo(1200);
    tl.act({ type: 'crash', node: 'D2' });
    tl.advanceTo(2000);
    const sc = scenarioFromTimeline(spec, tl);
    // Pretend an older core let the user crash D2 twice.
    const at = sc.actions[1]!.at + 30;
    sc.actions.push({ at, t: tl.trace[at - 1]!.t, action: { type: 'crash', node: 'D2' } });
    const r = openScenario(sc, { meta: { protocolVersion: 0 } });
    expect(r.ok && r.partial).toBe(true);
    if (r.ok && r.partial) {
      expect(r.replayedActions).toBe(2);
      expect(r.reason).toMatch(/version 0.*Only 2 of its 3 actions replay: action 3 \(crash\) cannot be applied: cannot crash D2: it is down/);
      expect(r.timeline.actions.length).toBe(2);
    }
  });
  it('another link format version is refused plainly', async () => {
    const link = await encodeLink(randomScenario(9, 3).scenario);
    const v2 = await decodeLink(link.replace('#s1.', '#s2.'));
    expect(!v2.ok && v2.error.message).toMatch(/newer Janus Lab \(link format v2\)/);
    const v0 = await decodeLink(link.replace('#s1.', '#s0.'));
    expect(!v0.ok && v0.error.message).toMatch(/format v0/);
  });
});

describe('limits and files', () => {
  it('replay is bounded by the event limit', () => {
    const r = openScenario({ spec: { protocol: 'janus-3+1', seed: 1 }, actions: [], cursor: { index: LIMITS.maxEvents, t: LIMITS.maxTime } });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.timeline.cursor.index).toBeLessThanOrEqual(LIMITS.maxEvents);
  });
  it('a file with a misspelt field names the field', () => {
    const { scenario } = randomScenario(3, 3);
    const f = JSON.parse(exportScenarioFile(scenario));
    f.actions[0].action.nod = 'D1';
    const d = decodeScenarioFile(JSON.stringify(f));
    expect(!d.ok && d.error.message).toMatch(/actions\.0\.action/);
  });
  it('exports the trace up to the cursor as JSON', () => {
    const { scenario, timeline } = randomScenario(21, 5);
    const t = JSON.parse(exportTrace(scenario.spec, timeline));
    expect(t.janusLab).toBe('trace');
    expect(t.events.length).toBe(timeline.cursor.index);
    expect(t.traceHash).toBe(timeline.sim.traceHash);
  });
});

describe('openScenario on objects built in code', () => {
  it('refuses a malformed scenario with a message instead of throwing', () => {
    const r = openScenario({ spec: { protocol: 'janus-3+1', seed: 1 }, actions: [{ at: 1, t: 0, action: { type: 'crash' } }], cursor: { index: 0, t: 0 } } as never);
    expect(!r.ok && r.error.message).toMatch(/actions\.0\.action\.node is missing/);
    const r2 = openScenario(null as never);
    expect(r2.ok).toBe(false);
  });
});

describe('free text', () => {
  it('comparisons are plain text; markup written by an author is defused when the link is made, refused when a link carries it', async () => {
    const { scenario, traceHash } = randomScenario(31, 3);
    const ok = await decodeLink(await encodeLink({ ...scenario, title: 'commit > 2 and x < 5', notes: 'line 1\nline 2: R = {D1} → {D1, D2}' }, { traceHash }));
    expect(ok.ok && ok.scenario.title).toBe('commit > 2 and x < 5');
    expect(ok.ok && ok.scenario.notes).toBe('line 1\nline 2: R = {D1} → {D1, D2}');
    const made = await decodeLink(await encodeLink({ ...scenario, title: 'see <script>alert(1)</script>\nnow', notes: 'javascript:alert(1) ' + 'n'.repeat(3000) }, { traceHash }));
    expect(made.ok && made.scenario.title).toBe('see ‹script>alert(1)‹/script> now');
    expect(made.ok && made.scenario.notes!.length).toBe(2000);
    expect(made.ok && made.scenario.notes!.startsWith('javascript∶alert(1)')).toBe(true);
    // The explorer's notes (violation messages) may contain '>' and newlines.
    const f = openScenarioFile(exportScenarioFile({ ...scenario, title: 'Explorer finding: LeaderSafety', notes: 'two leaders > 1\nin term 3' }, { traceHash }));
    expect(f.ok && !f.partial).toBe(true);
  });
});
