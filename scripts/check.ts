// npm run check -- --protocol janus-3+1 [--mutant NAME] [--max-term 3] [--max-log 1] [--crashes 1]
//                  [--wipes N] [--drops N] [--duplicates N] [--copies N] [--in-flight N] [--writes N]
//                  [--operators N] [--max-batch N] [--max-states N] [--max-depth N] [--memory MB]
//                  [--keep-states N] [--no-symmetry] [--deadlock] [--base-url URL] [--quiet]
//                  [--liveness N [--seed N] [--liveness-from walks|states] [--liveness-depth N] [--liveness-states N]]
// Exhaustive, breadth-first check of the real protocol code within the bounds (docs/checking.md).
// --liveness N: then the liveness sanity check (src/checker/liveness.ts) from N sampled states;
// a sampled state from which no new commit is reachable is a finding (exit 1). --liveness-from states:
// the samples are drawn uniformly from the states the check visited, not from random walks.
// Progress goes to stderr; the last line of stdout is one JSON object. Exit 0: no violation within
// the bounds; 1: a violation (its shortest counterexample and its link are printed); 2: bad input.
// Ctrl-C (SIGINT) or SIGTERM stops the check where it is and still prints the JSON line
// (verdict 'limit', stoppedBy 'signal').
import os from 'node:os';
import v8 from 'node:v8';
import { REGISTRY } from '../src/protocols/registry';
import { Checker, type CheckSetup } from '../src/checker/check';
import { counterexampleLink } from '../src/checker/link';
import { LIVENESS_DEFAULTS, livenessAfterCheck, livenessUnsupported, type LivenessResult } from '../src/checker/liveness';
import type { CheckBounds } from '../src/contracts';
import { parseArgs, UsageError, type FlagSpec, type Parsed } from './cli';

/** Stop when the heap is this full (of V8's limit). */
const HEAP_STOP = 0.7;
const SMALL = { type: 'int', min: 0, max: 64 } as const;
export const CHECK_FLAGS = {
  protocol: { type: 'string', help: 'the shape to check' },
  mutant: { type: 'string', help: 'break one rule on purpose' },
  'max-term': { type: 'int', min: 0, max: 64, help: 'states past this term are not expanded' },
  'max-log': { type: 'int', min: 0, max: 64, help: 'client writes only while the log is shorter' },
  crashes: { ...SMALL, help: 'crashes (and restarts)' },
  'max-crashes': { ...SMALL, help: 'same as --crashes' },
  wipes: { ...SMALL, help: 'crashes that lose the disk (within --crashes)' },
  drops: { ...SMALL, help: 'messages dropped' },
  duplicates: { ...SMALL, help: 'messages duplicated' },
  copies: { type: 'int', min: 1, max: 64, help: 'copies of one message in flight' },
  'in-flight': { type: 'int', min: 1, max: 1000, help: 'messages in flight at once' },
  writes: { ...SMALL, help: 'client writes' },
  operators: { ...SMALL, help: "operator actions (Janus: elector replacements)" },
  'max-batch': { type: 'int', min: 1, max: 64, help: "entries per AppendEntries (the shape's maxBatch setting)" },
  'max-states': { type: 'int', min: 1, max: 2_000_000_000, help: 'stop after this many distinct states' },
  memory: { type: 'int', min: 64, max: 1_000_000, help: 'stop when the process holds this many MB (default: 60 % of the machine\'s memory)' },
  'keep-states': { type: 'int', min: 0, max: 2_000_000_000, help: 'waiting states kept whole instead of remade from their parent (default 0)' },
  'max-depth': { type: 'int', min: 1, max: 10_000, help: 'check every state at most N steps from the start, then stop' },
  'no-symmetry': { type: 'bool' },
  deadlock: { type: 'bool', help: 'a deadlock is a violation' },
  liveness: { type: 'int', min: 1, max: 100_000, help: 'liveness sanity check from N sampled reachable states' },
  seed: { type: 'int', min: 0, max: 0xffff_ffff, help: 'seed of the liveness samples (default 1)' },
  'liveness-from': { type: 'string', help: "the samples: 'walks' (seeded random walks, the default) or 'states' (drawn uniformly from the states the check visited)" },
  'liveness-depth': { type: 'int', min: 1, max: 1000, help: `steps each liveness search may take (default ${LIVENESS_DEFAULTS.maxDepth})` },
  'liveness-states': { type: 'int', min: 1, max: 10_000_000, help: `states each liveness search may visit (default ${LIVENESS_DEFAULTS.maxStates})` },
  'base-url': { type: 'string' },
  quiet: { type: 'bool' },
} as const satisfies Record<string, FlagSpec>;

async function main(): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parseArgs(process.argv.slice(2), CHECK_FLAGS).flags;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`check: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const checked = Object.values(REGISTRY.shapes).filter((s) => s.plugin.check).map((s) => s.id);
  const protocol = parsed.protocol === undefined ? checked[0]! : String(parsed.protocol);
  if (!REGISTRY.has(protocol) || !REGISTRY.shape(protocol).plugin.check) {
    console.error(`check: unknown protocol '${protocol.slice(0, 40)}' (checked shapes: ${checked.join(', ')})`);
    return 2;
  }
  const shape = REGISTRY.shape(protocol);
  const mutant = parsed.mutant === undefined ? null : String(parsed.mutant);
  if (mutant !== null && !(mutant in shape.mutants)) {
    console.error(`check: unknown mutant '${mutant.slice(0, 40)}' for ${protocol} (known: ${Object.keys(shape.mutants).join(', ') || 'none'})`);
    return 2;
  }
  if (parsed.crashes !== undefined && parsed['max-crashes'] !== undefined) {
    console.error('check: give --crashes or --max-crashes, not both');
    return 2;
  }
  const livenessOff = parsed.liveness === undefined ? null : livenessUnsupported(shape.plugin.check!);
  if (livenessOff || (parsed.liveness === undefined && (parsed.seed !== undefined || parsed['liveness-depth'] !== undefined || parsed['liveness-states'] !== undefined || parsed['liveness-from'] !== undefined))) {
    console.error(livenessOff ? `check: ${protocol} ${livenessOff}: --liveness cannot run` : 'check: --seed, --liveness-from, --liveness-depth and --liveness-states go with --liveness N');
    return 2;
  }
  const livenessFrom = parsed['liveness-from'] === undefined ? 'walks' : String(parsed['liveness-from']);
  if (livenessFrom !== 'walks' && livenessFrom !== 'states') {
    console.error(`check: --liveness-from is 'walks' or 'states', not '${livenessFrom.slice(0, 40)}'`);
    return 2;
  }
  const bounds: Partial<CheckBounds> = {};
  const set = (flag: string, key: keyof CheckBounds) => {
    if (parsed[flag] !== undefined) bounds[key] = parsed[flag] as number;
  };
  set('max-term', 'maxTerm');
  set('max-log', 'maxLog');
  set('crashes', 'maxCrashes');
  set('max-crashes', 'maxCrashes');
  set('wipes', 'maxWipes');
  set('drops', 'maxDrops');
  set('duplicates', 'maxDuplicates');
  set('copies', 'maxCopies');
  set('in-flight', 'maxInFlight');
  set('writes', 'maxWrites');
  set('operators', 'maxOperators');
  if (bounds.maxWipes !== undefined && bounds.maxWipes > (bounds.maxCrashes ?? 0)) {
    console.error('check: --wipes counts within --crashes (give --crashes at least as large)');
    return 2;
  }
  let timing: Record<string, number> | undefined;
  if (parsed['max-batch'] !== undefined) {
    const knob = shape.timing.find((k) => k.key === 'maxBatch');
    if (!knob) {
      console.error(`check: ${protocol} has no maxBatch setting`);
      return 2;
    }
    timing = { maxBatch: parsed['max-batch'] as number };
  }
  const setup: CheckSetup = {
    protocol,
    mutant,
    bounds,
    timing,
    symmetry: parsed['no-symmetry'] !== true,
    maxStates: parsed['max-states'] as number | undefined,
    maxDepth: parsed['max-depth'] as number | undefined,
    keepStates: parsed['keep-states'] as number | undefined,
    deadlockIsViolation: parsed.deadlock === true,
  };
  const quiet = parsed.quiet === true;
  const cpu0 = process.cpuUsage();
  const checker = new Checker(REGISTRY, setup);
  let p = checker.progress();
  // Stop cleanly (verdict 'limit', stoppedBy 'memory') before memory runs out, which would print no
  // result at all: before V8's heap is full (it aborts), and before the process holds more than its
  // budget (the visited set, the states' records and the queue are typed arrays outside the heap,
  // about 30 bytes a state since the compact queue: they grow past any heap limit).
  const heapLimit = v8.getHeapStatistics().heap_size_limit;
  const budget = (parsed.memory as number | undefined) ?? Math.floor((0.6 * os.totalmem()) / 2 ** 20);
  let stoppedBy: 'memory' | 'signal' | null = null;
  let signalled = false;
  const onSignal = () => {
    if (signalled) process.exit(130); // a second Ctrl-C: leave at once
    signalled = true;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const stopBy = (by: 'memory' | 'signal', why: (p: { states: number; depth: number }) => string) => {
    checker.stop();
    stoppedBy = by;
    p = checker.progress();
    console.error(why(p));
  };
  let printed = performance.now();
  while (!checker.done) {
    p = checker.run(250);
    await new Promise((r) => setImmediate(r)); // let a signal's handler run between slices
    if (checker.done) {
      // finished, or stopped by a bound: nothing to stop
    } else if (signalled) stopBy('signal', (q) => `check: stopped by a signal at ${q.states} states (depth ${q.depth})`);
    else if (v8.getHeapStatistics().used_heap_size > HEAP_STOP * heapLimit)
      stopBy('memory', (q) => `check: stopped at ${q.states} states (depth ${q.depth}): the heap is ${Math.round(HEAP_STOP * 100)} % full (limit ${Math.round(heapLimit / 2 ** 20)} MB); these bounds need more memory (node --max-old-space-size) or smaller bounds`);
    else {
      const rss = process.memoryUsage.rss();
      if (rss > budget * 2 ** 20)
        stopBy('memory', (q) => `check: stopped at ${q.states} states (depth ${q.depth}): the process holds ${Math.round(rss / 2 ** 20)} MB, past its budget of ${budget} MB (--memory); these bounds need more memory or smaller bounds (--max-depth N checks every state up to N steps)`);
    }
    if (!quiet && (checker.done || performance.now() - printed >= 2000)) {
      printed = performance.now();
      process.stderr.write(`[check] ${protocol}${mutant ? ` mutant=${mutant}` : ''}: ${p.states} states, ${p.transitions} transitions, depth ${p.depth}, ${p.statesPerSec} states/s\n`);
    }
  }
  p = checker.progress();
  // CPU time of this process (the machine may be shared: wall-clock states/s understate one core).
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = Math.round((cpu.user + cpu.system) / 1000) / 1000;
  const { finding, ...rest } = p;
  const figures: Record<string, unknown> = { ...rest, cpuSeconds, statesPerCpuSec: cpuSeconds > 0 ? Math.round(p.states / cpuSeconds) : 0 };
  if (stoppedBy) figures.stoppedBy = stoppedBy;
  else if (p.stoppedAtDepth !== undefined) figures.stoppedBy = 'depth';
  // The liveness sanity check, after a safety check without violation.
  let liveness: LivenessResult | null = null;
  if (parsed.liveness !== undefined && !finding && !stoppedBy) {
    liveness = livenessAfterCheck(checker, {
      samples: parsed.liveness as number,
      seed: parsed.seed as number | undefined,
      from: livenessFrom,
      maxDepth: parsed['liveness-depth'] as number | undefined,
      maxStates: parsed['liveness-states'] as number | undefined,
    });
    if (!quiet) {
      process.stderr.write(`[check] liveness: ${liveness.sampled} sampled, ${liveness.ok} ok, ${liveness.noPromise} without a promise, ${liveness.failures.length} finding(s); ${liveness.searches} searches, ${liveness.statesSearched} states, deepest ${liveness.deepest} steps, ${liveness.seconds} s\n`);
      for (const f of liveness.failures) {
        console.log(`\nLiveness finding (sample ${f.sample}): ${f.message}`);
        f.steps.forEach((t, i) => console.log(`  ${String(i + 1).padStart(3)}. ${t}`));
      }
    }
    figures.liveness = { ...liveness, from: livenessFrom, failures: liveness.failures.map(({ path: _path, ...f }) => ({ ...f, length: f.steps.length })) };
  }
  let violation: Record<string, unknown> | null = null;
  if (finding) {
    const base = (parsed['base-url'] as string | undefined) ?? process.env.JANUS_LAB_URL ?? 'http://127.0.0.1:5173/';
    const link = await counterexampleLink(REGISTRY, checker.target, finding, base);
    violation = {
      property: finding.property,
      kind: finding.kind,
      length: finding.depth,
      message: finding.message,
      replayed: link.timed.faithful,
      replayViolates: link.timed.violated,
      traceHash: link.traceHash,
      link: link.url,
    };
    if (!quiet) {
      console.log(`\n${finding.kind === 'deadlock' ? 'Deadlock' : `${finding.property} violated`} after ${finding.depth} steps: ${finding.message}`);
      finding.path.forEach((a, i) => console.log(`  ${String(i + 1).padStart(3)}. ${describe(checker, finding.path, i)}`));
      console.log(`Timed replay in the lab: ${link.timed.faithful ? 'faithful' : `parted at step ${link.timed.partedAt ?? '?'}`}; it breaks ${link.timed.violated ?? 'nothing'} (trace hash ${link.traceHash})`);
      console.log(`Open it: ${link.url}\n`);
    }
  }
  console.log(JSON.stringify({ ...figures, ...(timing ? { timing } : {}), violations: violation ? [violation] : [] }));
  return finding || liveness?.failures.length ? 1 : 0;
}

function describe(checker: Checker, path: readonly import('../src/kernel').UntimedAction[], i: number): string {
  const model = checker.target.model;
  let s = checker.initial;
  for (let k = 0; k < i; k++) s = model.next(s, path[k]!)!;
  const info = checker.target.shape.plugin.protocol.messageInfo.bind(checker.target.shape.plugin.protocol);
  return model.describe(s, path[i]!, (m) => info(m).label);
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`check: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  },
);
