// A state's identity for exhaustive checking: an encoder that a protocol's canonical encoding
// writes into, under a renaming of interchangeable nodes (symmetry). It hashes as it goes (two
// 32-bit lanes: a 64-bit fingerprint, no BigInt) and, when asked, also records the exact tokens
// (the canonical encoding itself, for tests and for telling two states apart for certain).

import type { NodeId } from './types';

const P1 = 0x9e3779b1;
const P2 = 0x85ebca77;
/** What an interchangeable node's id or index encodes as in blind mode. */
const BLIND = -0x5157;

/** Final mix of a 32-bit lane (murmur3's fmix32). */
export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class Encoder {
  h1 = 0;
  h2 = 0;
  /** The exact tokens, when recording (null: hash only). */
  tokens: (number | string)[] | null = null;
  /** perm[i]: the new index of node i (identity unless a symmetry is applied). */
  perm: Int32Array;
  /** inv[j]: the node that goes to index j. */
  inv: Int32Array;
  /**
   * Blind mode (symmetry's sort key): sym[i] = 1 for an interchangeable node. Its id, index and
   * mask bit encode as "some interchangeable node", and per-node arrays as an order-free sum over
   * those nodes, so the hash is the same under every renaming of them. Null: off.
   */
  blind: Uint8Array | null = null;
  private readonly index: ReadonlyMap<NodeId, number>;
  private readonly ids: readonly NodeId[];

  constructor(nodeIds: readonly NodeId[]) {
    this.ids = nodeIds;
    this.index = new Map(nodeIds.map((id, i) => [id, i]));
    this.perm = new Int32Array(nodeIds.length);
    this.inv = new Int32Array(nodeIds.length);
    this.setPerm(null);
  }

  setPerm(perm: Int32Array | null): void {
    for (let i = 0; i < this.perm.length; i++) this.perm[i] = perm ? perm[i]! : i;
    for (let i = 0; i < this.perm.length; i++) this.inv[this.perm[i]!] = i;
  }

  reset(seed = 0): void {
    this.h1 = (0x811c9dc5 ^ seed) | 0;
    this.h2 = (0x1b873593 + seed) | 0;
  }

  /** One 32-bit word. */
  word(w: number): void {
    this.h1 = Math.imul((this.h1 ^ w) | 0, P1);
    this.h1 = (this.h1 << 13) | (this.h1 >>> 19);
    this.h2 = Math.imul((this.h2 + w) | 0, P2);
    this.h2 ^= this.h2 >>> 15;
  }

  /** A number: whole numbers exactly (to 2^53), others by their bits. */
  num(x: number): void {
    if (this.tokens) this.tokens.push(x);
    if ((x | 0) === x) this.word(x);
    else if (Number.isInteger(x)) {
      this.word(x % 4294967296 | 0);
      this.word(Math.floor(x / 4294967296) | 0);
    } else {
      const f = new Float64Array([x]);
      const u = new Int32Array(f.buffer);
      this.word(u[0]! ^ 0x7ff00001);
      this.word(u[1]!);
    }
  }

  bool(b: boolean): void {
    this.num(b ? 1 : 0);
  }

  str(s: string): void {
    if (this.tokens) this.tokens.push(s);
    for (let i = 0; i < s.length; i++) this.word(s.charCodeAt(i) | 0x10000);
    this.word(-s.length - 1);
  }

  /** A node id (or null), renamed: its new index + 1 (0 for null). Unknown ids are text. */
  id(id: NodeId | null | undefined): void {
    if (id === null || id === undefined) return this.num(0);
    const i = this.index.get(id);
    if (i === undefined) return this.str(id);
    if (this.blind && this.blind[i]) return this.num(BLIND);
    this.num(this.perm[i]! + 1);
  }

  /** A node index, renamed. */
  node(i: number): void {
    if (i >= 0 && this.blind && this.blind[i]) return this.num(BLIND);
    this.num(i < 0 ? -1 : this.perm[i]!);
  }

  /** A bitmask over node indexes (bit i = node i), renamed. */
  mask(m: number): void {
    if (this.blind) {
      // The other nodes' bits as they are, and how many interchangeable nodes are in.
      let rest = 0;
      let count = 0;
      for (let i = 0; m >>> i; i++) {
        if (!(m & (1 << i))) continue;
        if (this.blind[i]) count++;
        else rest |= 1 << i;
      }
      this.num(rest);
      return this.num(count);
    }
    let out = 0;
    for (let i = 0; m >>> i; i++) if (m & (1 << i)) out |= 1 << this.perm[i]!;
    this.num(out);
  }

  /** An array indexed by node index, in the renamed order. */
  perNode<T>(xs: readonly T[], each: (x: T) => void): void {
    this.num(xs.length);
    const blind = this.blind;
    if (blind) {
      // The other nodes' entries in order; the interchangeable nodes' as an order-free sum.
      let s1 = 0;
      let s2 = 0;
      for (let j = 0; j < xs.length; j++) {
        if (!blind[j]) {
          each(xs[j]!);
          continue;
        }
        const h1 = this.h1;
        const h2 = this.h2;
        this.reset(0x2b);
        each(xs[j]!);
        s1 = (s1 + fmix(this.h1)) | 0;
        s2 = (s2 + fmix(this.h2)) | 0;
        this.h1 = h1;
        this.h2 = h2;
      }
      this.num(s1);
      return this.num(s2);
    }
    for (let j = 0; j < xs.length; j++) {
      const i = this.inv[j]!;
      each(i < xs.length ? xs[i]! : xs[j]!);
    }
  }

  /** Any plain value (objects by sorted keys; strings that name nodes are renamed). Slow: a fallback. */
  value(v: unknown): void {
    if (v === null || v === undefined) return this.num(v === null ? -7 : -9);
    switch (typeof v) {
      case 'number':
        return this.num(v);
      case 'boolean':
        return this.num(v ? -3 : -5);
      case 'string':
        return this.index.has(v) ? this.id(v) : this.str(v);
      case 'object': {
        if (Array.isArray(v)) {
          this.num(-11 - v.length);
          for (const x of v) this.value(x);
          return;
        }
        if (v instanceof Map) {
          const keys = [...v.keys()].sort();
          this.num(-13 - keys.length);
          for (const k of keys) {
            this.value(k);
            this.value(v.get(k));
          }
          return;
        }
        const keys = Object.keys(v).sort();
        this.num(-17 - keys.length);
        for (const k of keys) {
          this.str(k);
          this.value((v as Record<string, unknown>)[k]);
        }
        return;
      }
      default:
        return this.str(String(v));
    }
  }

  /**
   * A log: its length, then each entry's term, index and command (the shape of a log entry in the
   * Raft family of protocols; a plug-in with another shape writes its own).
   */
  entries(es: readonly { readonly term: number; readonly index: number; readonly command: string }[]): void {
    this.num(es.length);
    for (let i = 0; i < es.length; i++) {
      const e = es[i]!;
      this.num(e.term);
      this.num(e.index);
      this.str(e.command);
    }
  }

  /**
   * The fields of `obj` a plug-in's encoding does not know (`known`), written generically by name:
   * a field added later is never silently left out of a state's identity.
   */
  rest(obj: object, known: ReadonlySet<string>): void {
    for (const k in obj) {
      if (known.has(k)) continue;
      this.str(k);
      this.value((obj as Record<string, unknown>)[k]);
    }
  }

  nodeName(i: number): NodeId {
    return this.ids[i]!;
  }
}

/** Every permutation of `slots` (node indexes), as full permutations of `n` nodes; identity first. */
export function permutations(n: number, slots: readonly number[]): Int32Array[] {
  const out: Int32Array[] = [];
  const pick = slots.slice();
  const rec = (k: number): void => {
    if (k === pick.length) {
      const p = new Int32Array(n);
      for (let i = 0; i < n; i++) p[i] = i;
      for (let j = 0; j < slots.length; j++) p[slots[j]!] = pick[j]!;
      out.push(p);
      return;
    }
    for (let j = k; j < pick.length; j++) {
      [pick[k], pick[j]] = [pick[j]!, pick[k]!];
      rec(k + 1);
      [pick[k], pick[j]] = [pick[j]!, pick[k]!];
    }
  };
  rec(0);
  return out;
}
