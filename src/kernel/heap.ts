// The event queue: a 4-ary min-heap ordered by (t, seq). seq is a global counter, so ties are
// broken by insertion order and the order of events is fully deterministic.
//
// The keys live in typed arrays beside the items (struct of arrays): sifting compares numbers in
// contiguous memory instead of loading each item object, and an item needs no key fields of its
// own, so the simulation queues a message's envelope itself. Each entry also carries a small
// integer `tag` (the simulation keeps the item's kind and a node or link index in it), readable
// without touching the item.

/** The heap's contents, copied: what a snapshot keeps. */
export interface HeapState<T> {
  items: T[];
  ts: Float64Array;
  seqs: Float64Array;
  tags: Int32Array;
}

export class EventHeap<T> {
  private items: T[] = [];
  private ts = new Float64Array(256);
  private seqs = new Float64Array(256);
  private tags = new Int32Array(256);

  get size(): number {
    return this.items.length;
  }

  /** The top item, or undefined when empty. */
  top(): T | undefined {
    return this.items[0];
  }

  /** Time of the top entry (the heap must not be empty). */
  topT(): number {
    return this.ts[0]!;
  }

  /** Tag of the top entry (the heap must not be empty). */
  topTag(): number {
    return this.tags[0]!;
  }

  /** Entry `i` in heap order (0 ≤ i < size), for scans that do not change the heap. */
  itemAt(i: number): T {
    return this.items[i]!;
  }

  tagAt(i: number): number {
    return this.tags[i]!;
  }

  private reserve(n: number): void {
    if (n <= this.ts.length) return;
    let cap = this.ts.length;
    while (cap < n) cap *= 2;
    const ts = new Float64Array(cap);
    const seqs = new Float64Array(cap);
    const tags = new Int32Array(cap);
    ts.set(this.ts);
    seqs.set(this.seqs);
    tags.set(this.tags);
    this.ts = ts;
    this.seqs = seqs;
    this.tags = tags;
  }

  push(item: T, t: number, seq: number, tag: number): void {
    const a = this.items;
    let i = a.length;
    a.push(item);
    if (i >= this.ts.length) this.reserve(i + 1);
    const ts = this.ts;
    const ss = this.seqs;
    const tg = this.tags;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = ts[p]!;
      if (pt < t || (pt === t && ss[p]! < seq)) break;
      a[i] = a[p]!;
      ts[i] = pt;
      ss[i] = ss[p]!;
      tg[i] = tg[p]!;
      i = p;
    }
    a[i] = item;
    ts[i] = t;
    ss[i] = seq;
    tg[i] = tag;
  }

  /** Remove the top entry and return its item. */
  pop(): T | undefined {
    const a = this.items;
    const n = a.length;
    if (n === 0) return undefined;
    const top = a[0]!;
    const last = a.pop()!;
    if (n > 1) {
      const ts = this.ts;
      const ss = this.seqs;
      const tg = this.tags;
      const m = n - 1;
      const lt = ts[m]!;
      const ls = ss[m]!;
      const lg = tg[m]!;
      let i = 0;
      for (;;) {
        // Four children per node: half the depth of a binary heap, the keys side by side.
        const l = 4 * i + 1;
        if (l >= m) break;
        let c = l;
        let ct = ts[l]!;
        let cs = ss[l]!;
        const end = l + 4 < m ? l + 4 : m;
        for (let r = l + 1; r < end; r++) {
          const rt = ts[r]!;
          if (rt < ct || (rt === ct && ss[r]! < cs)) {
            c = r;
            ct = rt;
            cs = ss[r]!;
          }
        }
        if (lt < ct || (lt === ct && ls < cs)) break;
        a[i] = a[c]!;
        ts[i] = ct;
        ss[i] = cs;
        tg[i] = tg[c]!;
        i = c;
      }
      a[i] = last;
      ts[i] = lt;
      ss[i] = ls;
      tg[i] = lg;
    }
    return top;
  }

  /** A copy of the contents (items are shared: they must be immutable). */
  save(): HeapState<T> {
    const n = this.items.length;
    return { items: this.items.slice(), ts: this.ts.slice(0, n), seqs: this.seqs.slice(0, n), tags: this.tags.slice(0, n) };
  }

  /** Replace the contents by a saved copy (which stays usable). */
  load(s: HeapState<T>): void {
    const n = s.items.length;
    this.items = s.items.slice();
    this.reserve(n);
    this.ts.set(s.ts);
    this.seqs.set(s.seqs);
    this.tags.set(s.tags);
  }
}
