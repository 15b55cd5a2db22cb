// Scenario files (download/upload) and trace export. A scenario file is readable JSON with the
// same content as a link and the same checks on the way in.

import * as v from 'valibot';
import { parseJsonGuarded } from './json';
import { openScenario, type OpenResult } from './open';
import { ScenarioFileSchema, issueError } from './schema';
import { FORMAT_VERSION, LIMITS, scenarioError, type DecodeResult, type Scenario } from './types';

// Writing files (and the trace) needs no checks: export.ts, without valibot.
export { exportScenarioFile, exportTrace, scenarioFileName, type ScenarioFile } from './export';

const WHAT = 'This file';

/** Parse and check a scenario file (no replay yet). Never throws. */
export function decodeScenarioFile(text: unknown): DecodeResult {
  try {
    if (typeof text !== 'string') return { ok: false, error: scenarioError('not-a-link', `${WHAT} is not a text file.`) };
    if (text.length > LIMITS.maxFileBytes)
      return { ok: false, error: scenarioError('too-large', `${WHAT} is too large (${Math.round(text.length / 1024)} kB; the limit is ${LIMITS.maxFileBytes / 1024} kB). It was not opened.`) };
    if (text.trim() === '') return { ok: false, error: scenarioError('empty', `${WHAT} is empty: there is no scenario in it.`) };
    const parsed = parseJsonGuarded(text, WHAT);
    if (!parsed.ok) return parsed;
    const x = parsed.value;
    if (typeof x !== 'object' || x === null || Array.isArray(x) || (x as { janusLab?: unknown }).janusLab !== 'scenario')
      return { ok: false, error: scenarioError('not-a-link', `${WHAT} is not a Janus Lab scenario (it lacks "janusLab": "scenario").`) };
    const format = (x as { format?: unknown }).format;
    if (format !== FORMAT_VERSION) {
      const msg =
        typeof format === 'number' && format > FORMAT_VERSION
          ? `${WHAT} was made by a newer Janus Lab (scenario format v${format}); this page reads format v${FORMAT_VERSION}.`
          : `${WHAT} was made by Janus Lab scenario format v${String(format).slice(0, 12)}, which this page (format v${FORMAT_VERSION}) does not read.`;
      return { ok: false, error: scenarioError('format-version', msg) };
    }
    const r = v.safeParse(ScenarioFileSchema, x, { abortEarly: true });
    if (!r.success) return { ok: false, error: issueError(r.issues[0], WHAT) };
    const { janusLab: _j, format: f, protocolVersion, traceHash, ...scenario } = r.output;
    return { ok: true, scenario: scenario as Scenario, meta: { format: f, protocolVersion, ...(traceHash ? { traceHash } : {}) } };
  } catch (e) {
    return { ok: false, error: scenarioError('corrupt', `${WHAT} could not be read.`, e instanceof Error ? e.message : String(e)) };
  }
}

/** Parse, check and replay a scenario file. Never throws. */
export function openScenarioFile(text: unknown): OpenResult {
  const d = decodeScenarioFile(text);
  if (!d.ok) return d;
  return openScenario(d.scenario, { meta: d.meta, what: WHAT });
}
