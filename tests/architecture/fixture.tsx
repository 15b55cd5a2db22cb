// A fixture for layers.test.ts (never run): imports of every kind, and string literals in code, in
// comments and in JSX. 'D2' in a comment is no literal, and neither is "janus" here.
import type { NodeId } from '../../src/kernel/types';
import { Prng } from '../../src/kernel';
import { type RunSpec } from '../../src/contracts';
export { Prng as Rng } from '../../src/kernel/prng';

/* 'E' in a block comment */
export const node: NodeId = 'D1';
export const spec: RunSpec = { protocol: `janus-2+1`, seed: 1 };
export const load = () => import('../../src/kernel/sim');
export const View = () => <p title="E">don't count D3: it's JSX text, not a literal</p>;
export const rng = new Prng(1);
