// Is an address a comparison (the Compare view's, docs/compare.md)? Apart from the comparison
// link codec (compare-link.ts), so the page can tell at start without loading the codec.

/** The part of a URL or hash after '#', trimmed. */
export function hashPart(input: string): string {
  const i = input.indexOf('#');
  return (i >= 0 ? input.slice(i + 1) : input).trim();
}

/** `#c1.…` (a full comparison) or `#compare…` (a preset by name). */
export function isCompareHash(hash: string): boolean {
  const h = hashPart(hash);
  return /^c\d+\./.test(h) || /^compare(\/|$)/.test(h);
}
