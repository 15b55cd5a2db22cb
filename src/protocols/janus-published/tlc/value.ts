// TLC values, held in the JSON form of the export conventions: numbers, booleans and strings as
// themselves, sequences as arrays, records and functions as objects, sets as {"$set": [...]}.
// A parser for TLC's printed syntax, a printer back to it, and a canonical key for comparisons.

export type TlcValue = number | boolean | string | TlcValue[] | TlcSet | TlcRecord;
export interface TlcSet {
  $set: TlcValue[];
}
export interface TlcRecord {
  [field: string]: TlcValue;
}

export class TlcParseError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export const isSet = (v: TlcValue): v is TlcSet =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && Array.isArray((v as TlcSet).$set);
export const isRecord = (v: TlcValue): v is TlcRecord => typeof v === 'object' && v !== null && !Array.isArray(v) && !isSet(v);

type Tok = { k: 'num'; v: number } | { k: 'str'; v: string } | { k: 'id'; v: string } | { k: 'p'; v: string };

const PUNCT = ['|->', '<<', '>>', ':>', '@@', '[', ']', '{', '}', '(', ')', ','];

function tokenize(src: string): { toks: Tok[]; pos: number[] } {
  const toks: Tok[] = [];
  const pos: number[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (c === '"') {
      let s = '';
      i++;
      for (;;) {
        if (i >= n) throw new TlcParseError('unterminated string', start);
        const d = src[i]!;
        if (d === '"') {
          i++;
          break;
        }
        if (d === '\\') {
          const e = src[i + 1];
          if (e === undefined) throw new TlcParseError('unterminated string', start);
          s += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          i += 2;
          continue;
        }
        s += d;
        i++;
      }
      toks.push({ k: 'str', v: s });
      pos.push(start);
      continue;
    }
    if ((c >= '0' && c <= '9') || (c === '-' && /[0-9]/.test(src[i + 1] ?? ''))) {
      i++;
      while (i < n && /[0-9]/.test(src[i]!)) i++;
      toks.push({ k: 'num', v: Number(src.slice(start, i)) });
      pos.push(start);
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      while (i < n && /[A-Za-z0-9_]/.test(src[i]!)) i++;
      toks.push({ k: 'id', v: src.slice(start, i) });
      pos.push(start);
      continue;
    }
    const p = PUNCT.find((q) => src.startsWith(q, i));
    if (!p) throw new TlcParseError(`unexpected character '${c}'`, i);
    toks.push({ k: 'p', v: p });
    pos.push(start);
    i += p.length;
  }
  return { toks, pos };
}

/** Parse one TLC value, e.g. `[d1 |-> <<1, 2>>, d2 |-> {"a"}]` or `(d1 :> 0 @@ d2 :> 1)`. */
export function parseTlcValue(src: string): TlcValue {
  const { toks, pos } = tokenize(src);
  let i = 0;
  const at = () => pos[i] ?? src.length;
  const peek = (): Tok | undefined => toks[i];
  const isP = (v: string) => {
    const t = toks[i];
    return t !== undefined && t.k === 'p' && t.v === v;
  };
  const expect = (v: string) => {
    if (!isP(v)) throw new TlcParseError(`expected '${v}'`, at());
    i++;
  };
  const key = (v: TlcValue): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : canonical(v));
  const value = (): TlcValue => {
    const t = peek();
    if (!t) throw new TlcParseError('unexpected end of value', at());
    if (t.k === 'num' || t.k === 'str') {
      i++;
      return t.v;
    }
    if (t.k === 'id') {
      i++;
      if (t.v === 'TRUE') return true;
      if (t.v === 'FALSE') return false;
      return t.v; // a model value, printed bare
    }
    if (t.v === '<<') {
      i++;
      const out: TlcValue[] = [];
      if (isP('>>')) {
        i++;
        return out;
      }
      for (;;) {
        out.push(value());
        if (isP(',')) {
          i++;
          continue;
        }
        expect('>>');
        return out;
      }
    }
    if (t.v === '{') {
      i++;
      const out: TlcValue[] = [];
      if (isP('}')) {
        i++;
        return { $set: out };
      }
      for (;;) {
        out.push(value());
        if (isP(',')) {
          i++;
          continue;
        }
        expect('}');
        return { $set: out };
      }
    }
    if (t.v === '[') {
      i++;
      const out: TlcRecord = {};
      if (isP(']')) {
        i++;
        return out;
      }
      for (;;) {
        const f = peek();
        if (!f || (f.k !== 'id' && f.k !== 'str' && f.k !== 'num')) throw new TlcParseError('expected a field name', at());
        i++;
        expect('|->');
        out[String(f.v)] = value();
        if (isP(',')) {
          i++;
          continue;
        }
        expect(']');
        return out;
      }
    }
    if (t.v === '(') {
      i++;
      const first = value();
      if (isP(')')) {
        i++;
        return first; // a parenthesised value
      }
      const out: TlcRecord = {};
      let k = first;
      for (;;) {
        expect(':>');
        out[key(k)] = value();
        if (isP('@@')) {
          i++;
          k = value();
          continue;
        }
        expect(')');
        return out;
      }
    }
    throw new TlcParseError(`unexpected '${t.v}'`, at());
  };
  const v = value();
  if (i < toks.length) throw new TlcParseError('unexpected text after the value', at());
  return v;
}

/** A canonical string for a value: equal values (sets in any order, records in any field order) give equal keys. */
export function canonical(v: TlcValue): string {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `<<${v.map(canonical).join(',')}>>`;
  if (isSet(v)) return `{${[...new Set(v.$set.map(canonical))].sort().join(',')}}`;
  return `[${Object.keys(v)
    .sort()
    .map((k) => `${k}:${canonical(v[k]!)}`)
    .join(',')}]`;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Print a value in TLC's syntax (records for string-keyed functions). */
export function printTlc(v: TlcValue): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `<<${v.map(printTlc).join(', ')}>>`;
  if (isSet(v)) return `{${v.$set.map(printTlc).join(', ')}}`;
  const keys = Object.keys(v);
  if (keys.every((k) => IDENT.test(k))) return `[${keys.map((k) => `${k} |-> ${printTlc(v[k]!)}`).join(', ')}]`;
  return `(${keys.map((k) => `${JSON.stringify(k)} :> ${printTlc(v[k]!)}`).join(' @@ ')})`;
}
