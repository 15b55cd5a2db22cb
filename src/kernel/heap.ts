// A binary min-heap ordered by (t, seq). seq is a global counter, so ties are broken by
// insertion order and the order of events is fully deterministic.

export interface QueueItem {
  t: number;
  seq: number;
}

export class EventQueue<T extends QueueItem> {
  items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pi = a[p]!;
      if (pi.t < item.t || (pi.t === item.t && pi.seq < item.seq)) break;
      a[i] = pi;
      i = p;
    }
    a[i] = item;
  }

  pop(): T | undefined {
    const a = this.items;
    const n = a.length;
    if (n === 0) return undefined;
    const top = a[0]!;
    const last = a.pop()!;
    if (n > 1) {
      let i = 0;
      const m = n - 1;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= m) break;
        const r = l + 1;
        let c = l;
        const cl = a[l]!;
        if (r < m) {
          const cr = a[r]!;
          if (cr.t < cl.t || (cr.t === cl.t && cr.seq < cl.seq)) c = r;
        }
        const cc = a[c]!;
        if (last.t < cc.t || (last.t === cc.t && last.seq < cc.seq)) break;
        a[i] = cc;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }

  clone(): EventQueue<T> {
    const q = new EventQueue<T>();
    q.items = this.items.slice();
    return q;
  }
}
