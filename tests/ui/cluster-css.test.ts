// The picture's styles live in src/ui/cluster/cluster.css, scoped under `.cluster-wrap`. The page's
// stylesheet (src/ui/styles.css) kept older unscoped rules for the same classes, which cluster.css
// overrode (issue 11); they are gone and must not come back: a rule for `.node`, `.msg`, `.link`,
// `.kv`… outside the picture's sheet would style any element of those names, and drift.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const PICTURE_CLASSES = ['node', 'msg', 'link', 'kv', 'link-table', 'link-pair', 'node-id', 'role', 'card', 'arrowhead', 'cut-mark', 'drop-mark', 'down-slash', 'overlay-layer', 'cluster'];

/** The selectors of a stylesheet's rules (comments and at-rule preludes dropped). */
function selectors(css: string): string[] {
  const out: string[] = [];
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const m of text.matchAll(/([^{}]+)\{[^{}]*\}/g)) for (const s of m[1]!.split(',')) if (!s.trim().startsWith('@')) out.push(s.trim());
  return out;
}

describe('the picture’s styles', () => {
  it('the page’s stylesheet has no rule for the picture’s classes', () => {
    const css = readFileSync(new URL('../../src/ui/styles.css', import.meta.url), 'utf8');
    // A page-level rule may still set the picture's size inside a stage, scoped under .cluster-wrap.
    const bad = selectors(css).filter((sel) => !sel.includes('.cluster-wrap') && PICTURE_CLASSES.some((c) => new RegExp(`\\.${c}(?![\\w-])`).test(sel)));
    expect(bad).toEqual([]);
  });
  it('cluster.css scopes every rule under .cluster-wrap, and the marks that must not take a click say so', () => {
    const css = readFileSync(new URL('../../src/ui/cluster/cluster.css', import.meta.url), 'utf8');
    const sels = selectors(css).filter((s) => !/^(from|to|\d+%)$/.test(s));
    expect(sels.filter((s) => !s.startsWith('.cluster-wrap'))).toEqual([]);
    for (const mark of ['.drop-mark', '.down-slash', '.flash', '.timer-tip']) {
      const rule = [...css.matchAll(/([^{}]+)\{([^{}]*)\}/g)].find((m) => m[1]!.split(',').some((s) => s.trim().endsWith(mark)) && /pointer-events:\s*none/.test(m[2]!));
      expect(rule, `${mark} has pointer-events: none`).toBeTruthy();
    }
  });
});
