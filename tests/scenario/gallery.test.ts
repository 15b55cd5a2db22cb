import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { GALLERY, buildGalleryScenario, galleryEntry, galleryScript, viewOf } from '../../src/scenario/gallery';
import { encodeLink, openLink } from '../../src/scenario';
import { parseScript, runScript, scriptSpec } from '../../src/testing/script';

const BASE = 'http://127.0.0.1:5173/';

describe('gallery', () => {
  it('has the ten teaching scenarios of issue 4 and at least two for 2+1', () => {
    expect(GALLERY.filter((e) => e.spec.protocol === 'janus-3+1').length).toBeGreaterThanOrEqual(10);
    expect(GALLERY.filter((e) => e.spec.protocol === 'janus-2+1').length).toBeGreaterThanOrEqual(2);
    expect(GALLERY.some((e) => e.spec.mutant === 'elect-any')).toBe(true);
    expect(new Set(GALLERY.map((e) => e.id)).size).toBe(GALLERY.length);
    // Our design's stories (issue 4); the published findings carry longer texts of their own.
    for (const e of GALLERY.filter((x) => x.spec.protocol.startsWith('janus-') && x.spec.protocol !== 'janus-published')) {
      const sentences = e.text.split(/(?<=[.!?])\s+(?=[A-Z])/).length;
      expect(sentences, e.id).toBeGreaterThanOrEqual(2);
      expect(sentences, e.id).toBeLessThanOrEqual(4);
    }
  });

  const sizes: string[] = [];
  for (const entry of GALLERY) {
    it(`${entry.id}: shows what it claims, and its link reopens the same run`, async () => {
      const built = buildGalleryScenario(entry);
      const v = viewOf(built.timeline);
      for (const c of entry.claims) expect(c.holds(v), `${entry.id} (author's run): ${c.text}`).toBe(true);
      const link = await encodeLink(built.scenario, { traceHash: built.traceHash });
      const url = BASE + link;
      sizes.push(`${entry.id}: ${url.length} chars (${built.scenario.actions.length} actions)`);
      const r = await openLink(url);
      if (!r.ok) throw new Error(r.error.message);
      expect(r.partial).toBe(false);
      expect(r.traceHash).toBe(built.traceHash);
      const v2 = viewOf(r.timeline);
      for (const c of entry.claims) expect(c.holds(v2), `${entry.id} (opened link): ${c.text}`).toBe(true);
      expect(url.length).toBeLessThan(2000);
    });
  }

  it('the same steps without the elect-any mutant stay safe (the mutant is what breaks them)', () => {
    const broken = GALLERY.find((e) => e.id === '2p1-elect-any')!;
    // The same script without its wait for the violation.
    const lines = broken.script!.split('\n').filter((l) => !l.startsWith('run-until '));
    expect(lines.length).toBe(broken.script!.split('\n').length - 1);
    const sound = buildGalleryScenario({ ...broken, spec: { ...broken.spec, mutant: null }, script: lines.join('\n') + 'run 3000\n' });
    expect(viewOf(sound.timeline).violations()).toEqual([]);
  });

  it('a story with setup lines of its own is refused, and so is one that no longer happens', () => {
    const e = GALLERY.find((x) => x.id === 'leader-crash')!;
    expect(() => buildGalleryScenario({ ...e, script: `seed 2\n${e.script!}` })).toThrow(/gallery 'leader-crash': line 1: 'seed' in a story's script: its setup is its spec/);
    const never = e.script!.replace('run-until leader!=D1 max 3000', 'run-until leader=D1 max 3000');
    expect(never).not.toBe(e.script);
    expect(() => buildGalleryScenario({ ...e, script: never })).toThrow(/gallery 'leader-crash': line 6: leader=D1 did not hold within 3000 ms/);
  });

  it('galleryScript gives a story as a whole script: its spec, then its commands', () => {
    const e = GALLERY.find((x) => x.id === 'published-p1')!;
    const whole = galleryScript(e);
    expect(whole.startsWith('protocol janus-published\nseed 1523949566\nlinks latencyMin=2 latencyJitter=6 tailProb=0.047\ntiming ')).toBe(true);
    expect(scriptSpec(whole)).toEqual(e.spec);
    expect(runScript(whole, { target: 'timeline' }).landing).toEqual(buildGalleryScenario(e).timeline.cursor);
  });

  // Regression: the leader-crash story wrote to D2 before D2 had learned the new leader, so its
  // second write was refused and the story showed less than it said.
  it("every write of a story is taken, unless the story is about writes being refused", () => {
    const refusalExpected = new Set(['data-and-elector', 'slow-shrink-leader-dies']);
    for (const entry of GALLERY) {
      const tl = buildGalleryScenario(entry).timeline;
      const refused = tl.trace.filter((e) => e.write && e.write.status === 'rejected').map((e) => `${e.node}: ${e.write!.reason ?? ''}`);
      if (refusalExpected.has(entry.id)) expect(refused.length, entry.id).toBeGreaterThan(0);
      else expect(refused, entry.id).toEqual([]);
    }
  });

  it('prints the link sizes', () => {
    console.log(`Gallery link sizes (URL against ${BASE}):\n  ${sizes.join('\n  ')}`);
    expect(sizes.length).toBe(GALLERY.length);
  });
});

// Each story's trace hash at its landing moment, its number of actions and a digest of those
// actions (kind, fields, event index and time; keys sorted), as the TypeScript step form built
// them before the stories became scripts (commit a16c4b4). The scripts must replay exactly the same
// runs. If the kernel's random streams change on purpose, every story changes: re-check that
// each still tells its story (the claims above), then recompute these from the new runs.
const PINS: [id: string, traceHash: string, actions: number, actionsDigest: string][] = [
  ['normal-rf3', '56abda739ff6673d', 2, '67dfd7d8970704eb'],
  ['leader-crash', 'a63eda62edde2ebe', 3, '6ebd6b40745489f8'],
  ['follower-shrink', '30a513d3c698ec07', 3, 'c17f87037df86b06'],
  ['down-to-rf1', 'c3b0a48b78ba1e32', 5, '45842534b0ff6599'],
  ['two-at-once', 'f0ea9c01f4b48f3b', 4, 'add7cc6d47a7af46'],
  ['elector-crash-rf3', '72e93a492c10ff1e', 4, '1a702b74bd18f0ef'],
  ['elector-replacement', '27e80dd478b90771', 4, '07c5ce8572809ad1'],
  ['leader-partitioned', '3f195a6916b39690', 5, 'fc045f70249d6f51'],
  ['catch-up-grow', '357eeac5d00cf25f', 5, 'a1cc9bde51c5de19'],
  ['data-and-elector', '8a2ab645bca03a05', 4, 'ca6f2d06cd7fc4df'],
  // Issue 13: §11's promise taken exactly (slow followers, a shrink to RF 1, the leader dies).
  ['slow-shrink-leader-dies', '3d33d4c8081d4a60', 8, 'f0d6acd190345f2f'],
  ['2p1-takeover', 'b210561de2f09ce1', 4, 'd795addd7e212064'],
  ['2p1-lone-copy', '1ad535c32279b4db', 6, '73f798ae8fbb3862'],
  ['2p1-elect-any', 'cc15736054d89e14', 6, 'e3fcef94396ea8bb'],
  // Issue 16 (docs/protocol.md §14): a wipe at RF 3, and the last holder in 2+1.
  ['wipe-rf3', '1d299bdc89237002', 4, '96d04459bdc4418e'],
  ['2p1-last-holder', '799cbf8fb112b518', 6, 'eaab2e64c9f4d270'],
  ['2p1-restored-backup', '23b049920c6ad549', 6, '2ffccef305542dd9'],
  // Our rule R5 (docs/protocol.md §14): a replacement waits for a blank node.
  ['replacement-waits-for-blank', '38079a04d492cd73', 13, '77a46fe2cae92bb7'],
  ['published-p1', '7997abbfd734ee26', 4, 'bd9886a4dc45c568'],
  ['published-p1-our-design', '3d35a06564e185a8', 4, 'd4582614444f6ec7'],
  ['published-p2', '75a537e1f00e6597', 7, '1e6404b89f1cc4e3'],
  ['published-p2-our-design', 'a73b2aff413d8f9c', 6, 'eacb4b6b4d29c406'],
  ['published-initworkload-deadlock', '92e5fcfaae203d43', 2, 'b85f099e4f713969'],
  ['published-initworkload-deadlock-our-design', '2ebf9f47f3d33b76', 2, '38d3d4ff1e73c918'],
  ['published-p3', '2577f58e371f042f', 4, 'ce4947b4ca9d1d27'],
  // Issue 16: a wiped data node now boots blank and rejoins (REJOIN.md); the twin's run changed on
  // purpose (same actions, now at other event indexes): D2 is evicted, then D1, the last member of R, is refused.
  ['published-p3-our-design', '43e209807d6251ef', 5, '06a8022e4db64fbf'],
  ['published-dead-end', '6597115882dcde1b', 2, '53862145c5f6c457'],
  ['published-dead-end-our-design', '89c90983518df69d', 2, '845dcc8b78158bab'],
  ['published-f1', '30308a0e5a41f766', 19, 'ccd0399dce643edc'],
  ['published-f1-our-design', 'fb2d9ae6c1c16bda', 6, '34cb72663bb204f7'],
];

const canonical = (x: unknown): string =>
  Array.isArray(x)
    ? `[${x.map(canonical).join(',')}]`
    : x && typeof x === 'object'
      ? `{${Object.keys(x)
          .filter((k) => (x as Record<string, unknown>)[k] !== undefined)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((x as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : JSON.stringify(x);

describe('gallery stories as scripts', () => {
  it('every story is a script, and every story is pinned', () => {
    for (const e of GALLERY) expect(parseScript(e.script ?? '').filter((i) => i.kind === 'cmd').length, e.id).toBeGreaterThan(1);
    expect(PINS.map((p) => p[0]).sort()).toEqual(GALLERY.map((e) => e.id).sort());
  });

  for (const [id, hash, count, digest] of PINS) {
    it(`${id}: the script replays the same actions and trace as before`, () => {
      const built = buildGalleryScenario(galleryEntry(id)!);
      const actions = built.timeline.actions;
      expect(built.traceHash).toBe(hash);
      expect(actions.length).toBe(count);
      expect(createHash('sha256').update(canonical(actions)).digest('hex').slice(0, 16)).toBe(digest);
    });
  }
});
