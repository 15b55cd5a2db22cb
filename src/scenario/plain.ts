// Plain text for links and files (no valibot here: writing a link or a file needs only this;
// schema.ts, which checks what comes in, loads on demand).

import { LIMITS, type Scenario } from './types';

/** An HTML tag opening (as an HTML tokenizer sees one): '<' then a letter, '/', '!' or '?'. "a < b" is fine. */
export const TAG_OPEN = /<[A-Za-z/!?]/;
/** A javascript: URL, even with spaces inside. */
export const SCRIPT_URL_RE = /j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:/i;

/** Make free text safe to carry: no tag openings, no javascript: URL, no control characters, bounded. */
export function plainText(text: string, max: number, multiline = false): string {
  let t = text
    .replace(/<(?=[A-Za-z/!?])/g, '‹')
    .replace(/(j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*):/gi, '$1∶')
    .replace(multiline ? /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/g : /[\u0000-\u001f\u007f]/g, ' ');
  if (t.length > max) t = `${t.slice(0, max - 1)}…`;
  return t;
}

/** A scenario whose title and notes will pass the checks (links and files made here always open). */
export function withPlainText(sc: Scenario): Scenario {
  const out = { ...sc };
  if (sc.title !== undefined) out.title = plainText(sc.title, LIMITS.maxTitle);
  if (sc.notes !== undefined) out.notes = plainText(sc.notes, LIMITS.maxNotes, true);
  return out;
}
