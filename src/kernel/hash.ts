// Incremental 64-bit hash (two 32-bit FNV-1a style lanes) over numbers and strings.
// Cheap enough to run on every event, so the trace hash is always on.

export class TraceHash {
  h1 = 0x811c9dc5;
  h2 = 0x01000193 ^ 0x5bd1e995;

  num(x: number): void {
    // Fold integers and fractional parts; times are rounded to microseconds.
    const v = Math.round(x * 1000);
    const lo = v | 0;
    const hi = Math.floor(v / 4294967296) | 0;
    this.word(lo);
    this.word(hi);
  }

  word(w: number): void {
    this.h1 = Math.imul(this.h1 ^ (w & 0xffff), 0x01000193);
    this.h1 = Math.imul(this.h1 ^ (w >>> 16), 0x01000193);
    this.h2 = Math.imul(this.h2 ^ w, 0x5bd1e995);
    this.h2 ^= this.h2 >>> 15;
  }

  str(s: string): void {
    for (let i = 0; i < s.length; i++) this.word(s.charCodeAt(i));
    this.word(s.length);
  }

  hex(): string {
    return (this.h1 >>> 0).toString(16).padStart(8, '0') + (this.h2 >>> 0).toString(16).padStart(8, '0');
  }

  get state(): [number, number] {
    return [this.h1, this.h2];
  }

  set state(s: [number, number]) {
    [this.h1, this.h2] = s;
  }
}

/** Small string hash for digests. */
export function strDigest(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
