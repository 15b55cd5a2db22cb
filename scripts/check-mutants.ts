// npm run check:mutants [-- --quick] [--mutant NAME] [--quiet]
// Every mutant of every registered protocol, checked by the exhaustive checker at the bounds its
// plug-in records (CheckProfile.mutants in src/protocols/<p>/check.ts; docs/checking.md "Mutants").
// One JSON line per mutant on stdout:
//   {"protocol","mutant","bounds","timing","command","kind","states","depth","seconds","cpuSeconds","length",
//    "property","replayed","found","asRecorded"}
// `found`: the check ends in a safety violation, or, for a mutant recorded as a liveness bug
// (`liveness: {samples, seed}`), the safety check passes and the liveness sanity check reports a
// finding of the recorded property (`kind` says which); `asRecorded`: with the property and counterexample
// length the plug-in records. Exit 0 when every mutant is found as recorded; 1 otherwise (a mutant
// with no recorded bounds counts as not found); 2: bad input. This script names no protocol and no
// mutant: it reads them from the registry (layering rule, docs/architecture.md).
import { REGISTRY } from '../src/protocols/registry';
import { Checker } from '../src/checker/check';
import { counterexampleLink } from '../src/checker/link';
import { livenessAfterCheck } from '../src/checker/liveness';
import type { CheckBounds, MutantCheck } from '../src/contracts';
import { parseArgs, UsageError, type Parsed } from './cli';

const FLAGS = {
  quick: { type: 'bool', help: 'only the mutants recorded as quick (those the unit test runs)' },
  mutant: { type: 'string', help: 'only this mutant' },
  quiet: { type: 'bool' },
} as const;

/** The `npm run check` flag of each bound. */
const FLAG_OF: Record<keyof CheckBounds, string> = {
  maxTerm: 'max-term',
  maxLog: 'max-log',
  maxCrashes: 'crashes',
  maxWipes: 'wipes',
  maxDrops: 'drops',
  maxDuplicates: 'duplicates',
  maxCopies: 'copies',
  maxInFlight: 'in-flight',
  maxWrites: 'writes',
  maxOperators: 'operators',
};
/** The `npm run check` flag of each run setting it takes. */
const TIMING_FLAG: Record<string, string> = { maxBatch: 'max-batch' };

function commandOf(mutant: string, m: MutantCheck): string {
  const flags = [`--protocol ${m.shape}`, `--mutant ${mutant}`];
  for (const [k, v] of Object.entries(m.bounds)) flags.push(`--${FLAG_OF[k as keyof CheckBounds] ?? k} ${v}`);
  for (const [k, v] of Object.entries(m.timing ?? {})) flags.push(`--${TIMING_FLAG[k] ?? k} ${v}`);
  if (m.liveness) {
    flags.push(`--liveness ${m.liveness.samples} --seed ${m.liveness.seed}`);
    if (m.liveness.from) flags.push(`--liveness-from ${m.liveness.from}`);
    if (m.liveness.maxStates !== undefined) flags.push(`--liveness-states ${m.liveness.maxStates}`);
  }
  return `npm run check -- ${flags.join(' ')}`;
}

async function main(): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parseArgs(process.argv.slice(2), FLAGS).flags;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`check:mutants: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const only = parsed.mutant === undefined ? null : String(parsed.mutant);
  const quiet = parsed.quiet === true;
  let failed = 0;
  let seen = 0;
  for (const plugin of REGISTRY.plugins) {
    // The mutants of the plug-in: the union over its shapes.
    const names = [...new Set(plugin.shapes.flatMap((s) => Object.keys(s.mutants)))];
    if (!names.length) {
      if (!quiet && only === null) console.error(`[check:mutants] ${plugin.id}: declares no mutants`);
      continue;
    }
    for (const mutant of names) {
      if (only !== null && mutant !== only) continue;
      seen++;
      const rec = plugin.check?.mutants?.[mutant];
      if (!rec) {
        failed++;
        console.log(JSON.stringify({ protocol: plugin.id, mutant, found: false, problem: 'no bounds recorded in the plug-in (CheckProfile.mutants)' }));
        continue;
      }
      if (parsed.quick === true && !rec.quick) continue;
      const line = await checkOne(mutant, rec, quiet);
      if (!line.found || !line.asRecorded) failed++;
      console.log(JSON.stringify(line));
    }
  }
  if (only !== null && seen === 0) {
    console.error(`check:mutants: no protocol has a mutant '${only.slice(0, 40)}'`);
    return 2;
  }
  return failed ? 1 : 0;
}

async function checkOne(mutant: string, rec: MutantCheck, quiet: boolean) {
  const cpu0 = process.cpuUsage();
  const checker = new Checker(REGISTRY, { protocol: rec.shape, mutant, bounds: rec.bounds, timing: rec.timing });
  while (!checker.done) {
    const p = checker.run(5000);
    if (!quiet) process.stderr.write(`[check:mutants] ${rec.shape} ${mutant}: ${p.states} states, depth ${p.depth}\n`);
  }
  const p = checker.progress();
  // What every line starts with, and the CPU seconds so far (the machine may be shared: wall-clock
  // seconds overstate one core's).
  const head = { protocol: rec.shape, mutant, bounds: rec.bounds, ...(rec.timing ? { timing: rec.timing } : {}), command: commandOf(mutant, rec) };
  const cpuSeconds = () => {
    const cpu = process.cpuUsage(cpu0);
    return Math.round((cpu.user + cpu.system) / 1000) / 1000;
  };
  if (rec.liveness && p.verdict === 'ok') {
    // A liveness bug: the sanity check from the recorded samples, after the safety check passed.
    const l = livenessAfterCheck(checker, rec.liveness);
    const lf = l.failures.find((x) => x.property === rec.property) ?? l.failures[0] ?? null;
    const found = lf !== null && lf.property === rec.property;
    return {
      ...head,
      kind: 'liveness',
      states: p.states,
      depth: p.depth,
      seconds: Math.round((p.seconds + l.seconds) * 1000) / 1000,
      cpuSeconds: cpuSeconds(),
      length: lf?.steps.length ?? null,
      property: lf?.property ?? null,
      replayed: null,
      found,
      asRecorded: found && lf.steps.length === rec.length,
    };
  }
  const cpu = cpuSeconds();
  const f = p.finding;
  const found = p.verdict === 'violation' && f !== null && f.kind === 'safety';
  const replayed = f ? (await counterexampleLink(REGISTRY, checker.target, f, 'http://127.0.0.1:5173/')).timed.faithful : null;
  return {
    ...head,
    states: p.states,
    depth: p.depth,
    seconds: p.seconds,
    kind: 'safety',
    cpuSeconds: cpu,
    length: f?.depth ?? null,
    property: f?.property ?? null,
    replayed,
    found,
    asRecorded: found && f !== null && f.property === rec.property && f.depth === rec.length,
  };
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`check:mutants: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  },
);
