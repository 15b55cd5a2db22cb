// The findings as gallery scenarios: each script still tells its story (every claim holds at the
// landing moment), opens as a Janus Lab link, and the same faults under our design stay safe.
import { describe, expect, it } from 'vitest';
import { buildGalleryScenario, galleryEntry, viewOf } from '../../src/scenario/gallery';
import { encodeLink, openLink } from '../../src/scenario';
import { publishedFindings, toOurDesign } from '../../src/protocols/janus-published/gallery';
import { actionCommand, commandAction, parseScript, words } from '../../src/testing/script-lang';

/**
 * A finding's script under our design, made from the finding's own: the same faults and writes at
 * the same times, the spec-only actions mapped by toOurDesign (one command at a time) or left
 * out, the messages stepped by hand left to our design's timers; a story stepped by hand (no
 * `run`) starts after our design's first election and spaces its faults 50 ms apart; then 6 s.
 */
function ourDesignScript(script: string): string {
  const cmds = parseScript(script).flatMap((it) => (it.kind === 'cmd' ? [{ line: it.line, w: words(it.text, it.line) }] : []));
  const byHand = !cmds.some((c) => c.w[0] === 'run');
  const out = byHand ? ['run 1000'] : [];
  for (const { line, w } of cmds) {
    const [cmd, ...args] = w as [string, ...string[]];
    if (cmd === 'run') out.push(`run ${args[0]}`);
    const a = commandAction(cmd, args, line);
    if (a) for (const b of toOurDesign([a])) out.push(actionCommand(b), ...(byHand ? ['run 50'] : []));
  }
  return [...out, 'run 6000', 'land'].join('\n');
}
const commandsOf = (script: string) =>
  parseScript(script)
    .flatMap((it) => (it.kind === 'cmd' ? [it.text] : []))
    .join('\n');

describe('published-spec findings in the gallery', () => {
  for (const f of publishedFindings()) {
    it(`${f.finding}: ${f.entry.title}`, async () => {
      const b = buildGalleryScenario(f.entry);
      const v = viewOf(b.timeline);
      for (const c of f.entry.claims) expect(c.holds(v), c.text).toBe(true);
      const o = await openLink(await encodeLink(b.scenario, { traceHash: b.traceHash }));
      expect(o.ok).toBe(true);
    });
    it(`${f.finding} under our design (janus-2+1)`, () => {
      const b = buildGalleryScenario(f.ourDesign);
      const v = viewOf(b.timeline);
      for (const c of f.ourDesign.claims) expect(c.holds(v), `${c.text}: ${v.violations().join(', ')}`).toBe(true);
      // Regression: F1's twin replayed the by-hand story at time 0, before our design had a
      // leader, so every write was refused and the twin showed nothing.
      const refused = b.timeline.trace.filter((e) => e.write?.status === 'rejected').map((e) => `${e.node}: ${e.write!.reason ?? ''}`);
      expect(refused).toEqual([]);
    });
  }

  it('maps the spec-only actions for our design', () => {
    expect(toOurDesign([{ type: 'operator', name: 'HardReset', node: 'E' }, { type: 'operator', name: 'LeaderSendSwitchToRF1', node: 'D1' }, { type: 'write', node: 'D1' }])).toEqual([
      { type: 'crash', node: 'E', wipe: true },
      { type: 'restart', node: 'E' },
      { type: 'operator', name: 'replaceElector' },
      { type: 'write', node: 'D1' },
    ]);
  });

  it("each twin is its finding's own script under our design: same seed and links, faults mapped, messages left to the timers", () => {
    for (const f of publishedFindings()) {
      expect(commandsOf(f.ourDesign.script!), f.finding).toBe(ourDesignScript(f.entry.script!));
      expect(f.ourDesign.spec, f.finding).toEqual({ protocol: 'janus-2+1', seed: f.entry.spec.seed, link: f.entry.spec.link });
    }
    const f1 = publishedFindings().find((f) => f.finding === 'F1')!;
    expect(f1.entry.script).toContain('deliver "type=AppendEntries RF2" *->E\n');
    expect(commandsOf(f1.ourDesign.script!)).toBe(
      ['run 1000', ...['write D2 e', 'crash E wipe', 'restart E', 'operator replaceElector', 'write D2 f', 'write D2 g'].flatMap((c) => [c, 'run 50']), 'run 6000', 'land'].join('\n'),
    );
  });

  it('the findings are in the page gallery, through the plug-in', () => {
    for (const id of ['published-p1', 'published-p2', 'published-initworkload-deadlock', 'published-f1', 'published-p2-our-design']) expect(galleryEntry(id)?.id).toBe(id);
  });
});
