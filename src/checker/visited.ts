// The visited set of an exhaustive check: 64-bit fingerprints in an open-addressing table of
// Uint32 pairs (linear probing). 8 bytes a slot; grown ×1.5 past 80 % load, so once it has
// grown it never drops below 53 % load: at most 15 bytes per state (`bytesPerState` reports it).
// The fingerprint (0, 0) marks an empty slot, so a state whose fingerprint is (0, 0) is stored as (0, 1).

export class FingerprintSet {
  private table: Uint32Array;
  private cap: number;
  size = 0;

  constructor(capacity = 1024) {
    this.cap = Math.max(16, Math.floor(capacity));
    this.table = new Uint32Array(this.cap * 2);
  }

  private slot(h1: number, h2: number): number {
    return Math.floor((((h1 ^ Math.imul(h2, 0x9e3779b1)) >>> 0) * this.cap) / 4294967296);
  }

  /** Add (h1, h2). True if it was not there. */
  add(h1: number, h2: number): boolean {
    h1 >>>= 0;
    h2 >>>= 0;
    if (h1 === 0 && h2 === 0) h2 = 1;
    const t = this.table;
    let i = this.slot(h1, h2);
    for (;;) {
      const a = t[2 * i]!;
      const b = t[2 * i + 1]!;
      if (a === 0 && b === 0) break;
      if (a === h1 && b === h2) return false;
      if (++i === this.cap) i = 0;
    }
    t[2 * i] = h1;
    t[2 * i + 1] = h2;
    this.size++;
    if (this.size * 5 > this.cap * 4) this.grow();
    return true;
  }

  has(h1: number, h2: number): boolean {
    h1 >>>= 0;
    h2 >>>= 0;
    if (h1 === 0 && h2 === 0) h2 = 1;
    const t = this.table;
    let i = this.slot(h1, h2);
    for (;;) {
      const a = t[2 * i]!;
      const b = t[2 * i + 1]!;
      if (a === 0 && b === 0) return false;
      if (a === h1 && b === h2) return true;
      if (++i === this.cap) i = 0;
    }
  }

  private grow(): void {
    const old = this.table;
    this.cap = Math.floor(this.cap * 1.5);
    this.table = new Uint32Array(this.cap * 2);
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) {
      const a = old[i]!;
      const b = old[i + 1]!;
      if (a !== 0 || b !== 0) this.add(a, b);
    }
  }

  get bytes(): number {
    return this.table.byteLength;
  }

  get bytesPerState(): number {
    return this.size ? this.table.byteLength / this.size : 0;
  }
}
