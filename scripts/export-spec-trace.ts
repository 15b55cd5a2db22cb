// npm run export-spec-trace -- <scenario link | scenario file> [--out file.json] [--until ms] [--annotate] [--activated-node] [--check]
// Writes a run of the 'janus-published' mode as a JSON array of the spec's states (LoggedIdx,
// CommittedIdx, Term, Role, ReplicationFactor, CurrentLeader, DmlLog, NumFailures, Messages), with
// node names d1, d2, e1, sets as {"$set": [...]}, sequences as arrays, records as objects.
// Accepts a Janus Lab link (or its #hash), a Janus Lab scenario file, or a plain
// { "spec": RunSpec, "actions": TimedAction[], "until"?: ms } JSON file.

import { readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { outputPathProblem } from './cli';
import { decodeLink, decodeScenarioFile } from '../src/scenario';
import { exportSpecTrace, formatSpecTrace, readScenario, type ExportOptions, type Scenario } from '../src/protocols/janus-published/tlc/export';
import { checkSpecTrace } from '../src/protocols/janus-published/tlc/check';
import { printTlc } from '../src/protocols/janus-published/tlc/value';

function usage(msg: string): never {
  process.stderr.write(`${msg}\nusage: npm run export-spec-trace -- <scenario link | scenario file> [--out file.json] [--until ms] [--annotate] [--activated-node] [--check]\n`);
  process.exit(2);
}

async function load(arg: string): Promise<{ sc: Scenario; opts: ExportOptions }> {
  if (existsSync(arg)) {
    if (statSync(arg).isDirectory()) usage(`${arg} is a directory, not a scenario file`);
    let text = '';
    try {
      text = readFileSync(arg, 'utf8');
    } catch (e) {
      usage(`${arg} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      usage(`${arg} is not JSON: ${(e as Error).message}`);
    }
    if (typeof json === 'object' && json !== null && (json as { janusLab?: unknown }).janusLab === 'scenario') {
      const d = decodeScenarioFile(text);
      if (!d.ok) usage(`${arg}: ${d.error.message}`);
      return { sc: { spec: d.scenario.spec, actions: d.scenario.actions, until: d.scenario.cursor.t }, opts: { maxEvents: d.scenario.cursor.index } };
    }
    try {
      return { sc: readScenario(json), opts: {} };
    } catch (e) {
      usage(`${arg}: ${(e as Error).message}`);
    }
  }
  if (/#|^s\d+\.|^https?:/.test(arg)) {
    const d = await decodeLink(arg);
    if (!d.ok) usage(`the link cannot be opened: ${d.error.message}`);
    return { sc: { spec: d.scenario.spec, actions: d.scenario.actions, until: d.scenario.cursor.t }, opts: { maxEvents: d.scenario.cursor.index } };
  }
  usage(`'${arg.slice(0, 80)}' is neither a file nor a scenario link`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let out: string | null = null;
  const opts: ExportOptions = {};
  let input: string | null = null;
  let check = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--out') {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) usage('--out needs a file name');
      const problem = outputPathProblem(v);
      if (problem) usage(`--out: ${problem}`);
      out = v;
    }
    else if (a === '--until') {
      const raw = args[++i];
      const v = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
      if (!Number.isFinite(v) || v < 0) usage('--until needs a number of ms');
      opts.until = v;
    } else if (a === '--annotate') opts.annotate = true;
    else if (a === '--activated-node') opts.activatedNode = true;
    else if (a === '--check') check = true;
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else input = a;
  }
  if (!input) usage('no scenario given');
  const { sc, opts: fromScenario } = await load(input);
  let states;
  try {
    states = exportSpecTrace(sc, { ...fromScenario, ...opts });
  } catch (e) {
    usage((e as Error).message);
  }
  if (check) {
    const bad = checkSpecTrace(states);
    process.stderr.write(
      bad
        ? `check: state ${bad.at + 1} does not follow from state ${bad.at} by any spec step:\n  ${printTlc(bad.from)}\n  → ${printTlc(bad.to)}\n`
        : `check: each of the ${states.length - 1} steps is a spec action or an environment step (DropMsg, DupMsg, HardReset, MCRestart)\n`,
    );
  }
  const text = formatSpecTrace(states);
  if (out) {
    try {
      writeFileSync(out, text);
    } catch (e) {
      usage(`cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    process.stderr.write(`wrote ${states.length} states to ${out}\n`);
  } else process.stdout.write(text);
}

main().catch((e: unknown) => {
  process.stderr.write(`export-spec-trace: internal error: ${(e as Error).message ?? String(e)}\n`);
  process.exit(1);
});
