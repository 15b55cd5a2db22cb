// The full state space of a check (no reduction: states told apart by their exact encoding) and
// the number of its symmetry classes (the exact canonical form under the plug-in's symmetry).
// `walk`: whose successors are walked: the model with symmetry declared (its sends past an
// in-flight bound are cut in the canonical order) or the one without (handler order).
import { REGISTRY } from '../../src/protocols/registry';
import { checkTarget } from '../../src/checker/check';
import type { UntimedState } from '../../src/kernel';
import type { CheckBounds } from '../../src/contracts';

export function symmetryClasses(protocol: string, bounds: Partial<CheckBounds>, walk: 'symmetric' | 'plain'): { states: number; classes: number } {
  const sym = checkTarget(REGISTRY, { protocol, bounds, symmetry: true });
  const plain = checkTarget(REGISTRY, { protocol, bounds, symmetry: false });
  const walker = walk === 'symmetric' ? sym : plain;
  const s0 = walker.model.init();
  const seen = new Set<string>([plain.model.canonical(s0)]);
  const classes = new Set<string>([sym.model.canonical(s0)]);
  let level = [s0];
  while (level.length) {
    const next: UntimedState[] = [];
    for (const s of level)
      walker.model.successors(s, (_a, x) => {
        const c = plain.model.canonical(x);
        if (seen.has(c)) return;
        seen.add(c);
        classes.add(sym.model.canonical(x));
        if (walker.profile.within(x.nodes.map((n) => n.state), walker.bounds)) next.push(x);
      });
    level = next;
  }
  return { states: seen.size, classes: classes.size };
}
