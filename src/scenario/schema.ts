// The scenario schema, checked with valibot (small, tree-shaken, no eval). Structural rules
// only: types, ranges, lengths, allowed characters. What depends on the protocol (node names,
// mutants, timers) is checked afterwards in semantic.ts, and the final word is the replay.

import * as v from 'valibot';
import { TAG_OPEN, SCRIPT_URL_RE } from './plain';
import { LIMITS, scenarioError, clip, type Scenario, type ScenarioError } from './types';

// Plain-text helpers without valibot (plain.ts), so writing a link or a file does not load it.
export { TAG_OPEN, SCRIPT_URL_RE, plainText, withPlainText } from './plain';

const MARKUP = 'contains markup (an HTML tag); scenarios carry plain text only';

const SCRIPT_URL = 'contains a javascript: URL';

/** Free text (titles, notes, write commands): plain text, bounded, no markup or control characters. */
const text = (max: number, multiline = false) =>
  v.pipe(
    v.string('must be text'),
    v.maxLength(max, `is longer than ${max} characters`),
    v.check((s: string) => !TAG_OPEN.test(s), MARKUP),
    v.check((s: string) => !SCRIPT_URL_RE.test(s), SCRIPT_URL),
    v.check((s: string) => !(multiline ? /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/ : /[\u0000-\u001f\u007f]/).test(s), 'contains control characters'),
  );

/** Identifiers: node ids, timer names, protocol ids, mutants, operator names. */
const name = v.pipe(
  v.string('must be a name'),
  v.minLength(1, 'is empty'),
  v.maxLength(LIMITS.maxName, `is longer than ${LIMITS.maxName} characters`),
  v.check((s: string) => !TAG_OPEN.test(s), MARKUP),
  v.regex(/^[A-Za-z0-9_.:+-]+$/, 'may contain only letters, digits and _ . : + -'),
);

const num = (min: number, max: number, int = false) =>
  int
    ? v.pipe(v.number('must be a number'), v.finite('must be finite'), v.integer('must be a whole number'), v.minValue(min, `must be at least ${min}`), v.maxValue(max, `must be at most ${max}`))
    : v.pipe(v.number('must be a number'), v.finite('must be finite'), v.minValue(min, `must be at least ${min}`), v.maxValue(max, `must be at most ${max}`));

const time = num(0, LIMITS.maxTime);
const eventIndex = num(0, LIMITS.maxEvents, true);
const msgId = num(1, 1e9, true);

export const LinkParamsSchema = v.strictObject({
  latencyMin: v.optional(num(0, 60_000)),
  latencyJitter: v.optional(num(0, 60_000)),
  tailProb: v.optional(num(0, 1)),
  tailScale: v.optional(num(0, 60_000)),
  tailMax: v.optional(num(0, 600_000)),
  loss: v.optional(num(0, 1)),
  dup: v.optional(num(0, 1)),
  extraDelay: v.optional(num(0, 600_000)),
});

const argKey = v.pipe(v.string(), v.regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, 'is not a valid argument name'));

const pair = { from: name, to: name, both: v.optional(v.boolean('must be true or false')) };

export const ActionSchema = v.variant(
  'type',
  [
    v.strictObject({ type: v.literal('deliver'), msg: msgId }),
    v.strictObject({ type: v.literal('drop'), msg: msgId }),
    v.strictObject({ type: v.literal('duplicate'), msg: msgId }),
    v.strictObject({ type: v.literal('fire'), node: name, timer: name }),
    v.strictObject({ type: v.literal('crash'), node: name, wipe: v.optional(v.boolean('must be true or false')) }),
    v.strictObject({ type: v.literal('restart'), node: name }),
    v.strictObject({ type: v.literal('cut'), ...pair, duration: v.optional(v.pipe(num(0, LIMITS.maxTime), v.gtValue(0, 'must be positive'))) }),
    v.strictObject({ type: v.literal('heal'), ...pair }),
    v.strictObject({ type: v.literal('healAll') }),
    v.strictObject({ type: v.literal('link'), ...pair, params: LinkParamsSchema }),
    v.strictObject({ type: v.literal('write'), node: name, command: v.optional(text(LIMITS.maxCommand)) }),
    v.strictObject({
      type: v.literal('operator'),
      name,
      node: v.optional(name),
      args: v.optional(v.pipe(v.record(argKey, v.union([v.boolean(), num(-1e9, 1e9), text(LIMITS.maxCommand)], 'must be true/false, a number or short text')), v.maxEntries(8, 'has more than 8 entries'))),
    }),
  ],
  'is not a known action type',
);

export const TimedActionSchema = v.strictObject({ at: eventIndex, t: time, action: ActionSchema });

export const RunSpecSchema = v.strictObject({
  protocol: name,
  seed: num(0, 0xffffffff, true),
  timing: v.optional(v.pipe(v.record(name, num(0, 1e7)), v.maxEntries(32, 'has more than 32 entries'))),
  link: v.optional(LinkParamsSchema),
  mutant: v.optional(v.nullable(name)),
});

export const ScenarioSchema = v.strictObject({
  spec: RunSpecSchema,
  actions: v.pipe(v.array(TimedActionSchema, 'must be a list'), v.maxLength(LIMITS.maxActions, `has more than ${LIMITS.maxActions} actions`)),
  cursor: v.strictObject({ index: eventIndex, t: time }),
  title: v.optional(text(LIMITS.maxTitle)),
  notes: v.optional(text(LIMITS.maxNotes, true)),
});

/** A scenario file (import/export): the scenario plus its versions and the author's trace hash. */
export const ScenarioFileSchema = v.strictObject({
  janusLab: v.literal('scenario', 'is not "scenario"'),
  format: num(0, 1e6, true),
  protocolVersion: num(0, 1e6, true),
  traceHash: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-f]{16}$/, 'must be 16 hex digits'))),
  ...ScenarioSchema.entries,
});

function pathOf(issue: v.BaseIssue<unknown>): string {
  const parts = (issue.path ?? []).map((p) => String((p as { key: unknown }).key));
  return parts.length ? parts.join('.') : '(top level)';
}


/** Validate a scenario; returns it (typed) or the first problem, in words. */
export function checkScenarioShape(input: unknown, what = 'This link'): { ok: true; scenario: Scenario } | { ok: false; error: ScenarioError } {
  const r = v.safeParse(ScenarioSchema, input, { abortEarly: true });
  if (r.success) return { ok: true, scenario: r.output as Scenario };
  return { ok: false, error: issueError(r.issues[0], what) };
}

export function issueError(issue: v.BaseIssue<unknown>, what: string): ScenarioError {
  const path = pathOf(issue);
  const got = issue.input === undefined ? 'nothing' : typeof issue.input === 'string' ? `"${clip(issue.input)}"` : typeof issue.input === 'object' ? (Array.isArray(issue.input) ? 'a list' : 'an object') : clip(String(issue.input));
  let msg = issue.message;
  if (issue.kind === 'schema' && issue.type === 'strict_object' && issue.input !== undefined) msg = 'is a field a scenario does not have';
  else if (issue.kind === 'schema' && issue.input === undefined) msg = 'is missing';
  const hostile = msg === MARKUP || msg === SCRIPT_URL;
  return scenarioError(
    hostile ? 'hostile' : 'schema',
    hostile ? `${what} was refused: the field ${path} ${msg}. Nothing from it was run.` : `${what} does not hold a valid scenario: ${path} ${msg} (got ${got}).`,
    `${issue.kind}:${issue.type} at ${path}`,
  );
}
