// The hostile tour corpus (tests/support/badtours.ts): every link and file gives its message and
// opens exactly as far as it is valid; hostile caption text opens as text; nothing throws or
// pollutes a prototype, and a runaway script stops at the event budget (its message says so).
import { describe, expect, it } from 'vitest';
import { generateBadTours } from '../support/badtours';
import { openTourLink, openTourScript } from '../../src/scenario/tour';

describe('hostile tour links and files', () => {
  it('≥ 200 items: each gives its message and opens as far as it is valid', async () => {
    const corpus = await generateBadTours();
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    const outcomes: Record<string, number> = {};
    const wrong: string[] = [];
    const check = (ok: boolean, what: string) => void (ok || wrong.push(what));
    for (const item of corpus) {
      let outcome: string;
      let message = '';
      let steps = 0;
      let texts: string[] = [];
      if (item.kind === 'link') {
        const r = await openTourLink(item.input);
        if (!r.ok) {
          outcome = 'refused';
          message = r.error.message;
        } else if (!r.open) {
          outcome = 'run-only';
          message = r.problem ?? '';
        } else {
          outcome = r.open.problem ? 'partial' : 'ok';
          message = r.open.problem ?? '';
          steps = r.open.tour.steps.length;
          texts = r.open.tour.steps.map((s) => s.text);
        }
      } else {
        const r = openTourScript(item.input);
        if (!r.ok) {
          outcome = 'refused';
          message = r.message;
        } else {
          outcome = r.open.problem ? 'partial' : 'ok';
          message = r.open.problem ?? '';
          steps = r.open.tour.steps.length;
          texts = r.open.tour.steps.map((s) => s.text);
        }
      }
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      check(outcome === item.expect, `${item.id}: ${outcome}, not ${item.expect}: ${message}`);
      if (item.expect === 'ok') check(item.message.test(texts.join('\n')), `${item.id}: the captions do not show ${String(item.message)}`);
      else {
        check(item.message.test(message), `${item.id}: message ${JSON.stringify(message)} does not match ${String(item.message)}`);
        check(message.length < 600, `${item.id}: message too long`);
      }
      if (item.steps !== undefined) check(steps === item.steps, `${item.id}: ${steps} steps, not ${item.steps}: ${message}`);
    }
    console.log('hostile tour corpus:', corpus.length, 'items', outcomes);
    expect(wrong).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 300_000);
});
