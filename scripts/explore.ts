// npm run explore -- --protocol janus-3+1 --runs 10000 --seed 1 [--mutant NAME] [--list-mutants]
//                    [--keep-going] [--base-url URL] [--quiet] [--replay-seed N [--trace]]
// --runs is at most MAX_RUNS (1,000,000); bad input is a one-line message and exit code 2 (scripts/cli.ts).
import { DEFAULT_RUNS, executeRun, explore, explorerTools, exploredShapes, formatAction, planRun, profileOf, shrink } from '../src/explorer/explorer';
import { replayPlanned, type ExplorerProfile } from '../src/contracts/explorer';
import { DEFAULT_SHAPE, PROTOCOLS, createSimulation } from '../src/protocols/registry';
import { findingLink } from '../src/explorer/link';
import { FAULT_TEXT, faultCoverageFailure } from '../src/explorer/coverage';
import { EXPLORE_FLAGS, parseArgs, UsageError, type Parsed } from './cli';

let parsed: Parsed = {};
const arg = (name: string): string | undefined => (parsed[name] === undefined ? undefined : String(parsed[name]));
const flag = (name: string): boolean => parsed[name] === true;

async function main(): Promise<number> {
  try {
    parsed = parseArgs(process.argv.slice(2), EXPLORE_FLAGS).flags;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`explore: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const protocol = arg('protocol') ?? DEFAULT_SHAPE;
  const entry = PROTOCOLS[protocol];
  const profile = profileOf(protocol);
  if (!entry || !profile) {
    console.error(`unknown protocol '${protocol.slice(0, 40)}'. Known: ${exploredShapes().join(', ')}`);
    return 2;
  }
  if (flag('list-mutants')) {
    for (const [name, text] of Object.entries(entry.mutants)) console.log(`${name.padEnd(22)} ${text}`);
    return 0;
  }
  const runs = (parsed.runs as number | undefined) ?? DEFAULT_RUNS;
  const seed = (parsed.seed as number | undefined) ?? 1;
  const mutant = arg('mutant') ?? null;
  if (mutant && !(mutant in entry.mutants)) {
    console.error(`unknown mutant '${mutant.slice(0, 40)}' for ${protocol}; --list-mutants lists them`);
    return 2;
  }
  const quiet = flag('quiet');
  const replaySeed = arg('replay-seed');
  if (replaySeed !== undefined) return replay(profile, parsed['replay-seed'] as number, mutant, flag('trace'));
  const t0 = performance.now();
  const stats = explore(
    {
      profile,
      runs,
      seed,
      mutant,
      // A protocol expected to fail (the published spec) is explored to the end, and its findings listed.
      keepGoing: flag('keep-going') || profile.keepGoing === true,
      progressEvery: Math.max(1, Math.min(1000, Math.floor(runs / 10))),
      onProgress: quiet
        ? undefined
        : (done, s) =>
            process.stderr.write(
              `[explore] ${protocol}${mutant ? ` mutant=${mutant}` : ''}: ${done}/${runs} runs, ${s.events} events, ` +
                `${Math.round(s.events / (s.elapsedMs / 1000))} events/s, ${s.violations} violations, ${s.livenessFailures} liveness failures\n`,
            ),
    },
    () => performance.now(),
  );
  const elapsed = (performance.now() - t0) / 1000;
  if (!quiet) {
    process.stderr.write(`[explore] promised progress after heal, by kind: ${JSON.stringify(stats.promised)}\n`);
    process.stderr.write(`[explore] coverage (runs that hit each rare path): ${JSON.stringify(stats.coverage)}\n`);
  }
  let exit = 0;
  // Fault coverage: every fault the profile enables must have happened in at least one run.
  if (Object.keys(stats.faults).length) {
    console.log(`\nFault coverage of ${protocol} (runs in which each fault happened, of ${stats.runs}):`);
    for (const [f, n] of Object.entries(stats.faults)) console.log(`  ${f.padEnd(28)} ${String(n).padStart(7)}  ${n === 0 ? 'NEVER  ' : '       '}${FAULT_TEXT[f] ?? (f.startsWith('operator:') ? `the operator action ${f.slice(9)} took effect` : '')}`);
    if (Object.keys(stats.patterns).length) {
      console.log(`Fault patterns (runs that played each):`);
      for (const [p, n] of Object.entries(stats.patterns)) console.log(`  ${p.padEnd(28)} ${String(n).padStart(7)}`);
    }
    const coverageFailure = faultCoverageFailure(stats, runs);
    if (coverageFailure) {
      exit = 1;
      console.log(`FAULT COVERAGE FAILED: ${coverageFailure}`);
    } else if (stats.missingFaults.length) console.log(`(fault coverage not checked: the exploration stopped at run ${stats.runs} of ${runs})`);
    else console.log(`fault coverage: every fault of the profile happened`);
  }
  const tools = explorerTools();
  if (profile.classify && stats.firstFailure) {
    exit = 1;
    const base = arg('base-url') ?? process.env.JANUS_LAB_URL ?? 'http://127.0.0.1:5173/';
    console.log(`\nFINDINGS of ${protocol} (${stats.runs} runs, master seed ${seed}):`);
    for (const [id, f] of Object.entries(stats.findings)) {
      const s = shrink(profile, f.outcome, 300, (o) => profile.classify!(o, tools) === id);
      const applied = s.outcome.applied.filter((p) => p.phase !== 'write').length;
      console.log(`\n- ${id}: ${profile.findingText?.[id] ?? ''}`);
      console.log(`  ${f.count} run(s); first at run seed ${f.seed}: ${f.outcome.failure!.property} — ${f.outcome.failure!.message}`);
      console.log(`  shrunk: ${f.outcome.applied.filter((p) => p.phase !== 'write').length} → ${applied} actions, failing at event ${s.outcome.events}`);
      for (const p of s.actions) console.log('    ' + formatAction(p));
      console.log(`  replay: npm run explore -- --protocol ${protocol} --replay-seed ${f.seed}`);
      try {
        console.log(`  open in Janus Lab: ${await findingLink(f.outcome.plan, s.outcome.applied, s.outcome.failure, base)}`);
      } catch (e) {
        console.log(`  (no link: ${(e as Error).message})`);
      }
    }
    for (const line of profile.extraReport?.(seed, stats.runs, tools) ?? []) console.log(`\n${line}`);
  } else if (stats.firstFailure) {
    exit = 1;
    const { seed: runSeed, outcome } = stats.firstFailure;
    const f = outcome.failure!;
    console.log(`\n${f.kind === 'safety' ? 'VIOLATION' : 'LIVENESS FAILURE'}: ${f.property} — ${f.message}`);
    console.log(`run seed ${runSeed} (master seed ${seed}), ${outcome.applied.length} actions, failure at ${f.t.toFixed(1)} ms, after ${outcome.events} events`);
    const s = shrink(profile, outcome);
    const sf = s.outcome.failure!;
    console.log(`shrunk to ${s.actions.length} actions (${s.trials} replays), failing at event ${s.outcome.events} (${sf.t.toFixed(1)} ms): ${sf.message}`);
    for (const p of s.actions) console.log('  ' + formatAction(p));
    console.log(`replay: npm run explore -- --protocol ${protocol} --replay-seed ${runSeed}${mutant ? ` --mutant ${mutant}` : ''}`);
    try {
      const link = await findingLink(outcome.plan, s.outcome.applied, sf, arg('base-url') ?? process.env.JANUS_LAB_URL ?? 'http://127.0.0.1:5173/');
      console.log(`open in Janus Lab: ${link}`);
    } catch (e) {
      console.log(`(no link: ${(e as Error).message})`);
    }
  }
  console.log(
    JSON.stringify({
      protocol,
      runs: stats.runs,
      events: stats.events,
      violations: stats.violations,
      livenessFailures: stats.livenessFailures,
      storms: stats.storms,
      missingFaults: stats.missingFaults,
      eventsPerSec: Math.round(stats.events / elapsed),
      seed,
      ...(mutant ? { mutant } : {}),
    }),
  );
  return exit;
}

/** Re-run one run of the explorer by its run seed, shrink it if it fails, and optionally print its trace. */
function replay(profile: ExplorerProfile, seed: number, mutant: string | null, trace: boolean): number {
  const plan = planRun(profile, seed, mutant);
  const o = executeRun(profile, plan);
  console.log(`run seed ${seed}: ${plan.healKind} heal at ${plan.healAt} ms, knobs ${JSON.stringify(plan.knobs)}`);
  console.log(o.failure ? `${o.failure.kind} failure: ${o.failure.property} — ${o.failure.message}` : 'no failure');
  let actions = o.applied;
  if (o.failure) {
    const s = shrink(profile, o);
    actions = s.actions;
    console.log(`shrunk to ${actions.length} actions:`);
    for (const p of actions) console.log('  ' + formatAction(p));
  }
  if (trace) {
    const sim = createSimulation(plan.spec, { trace: 'full', monitors: true });
    const writes = o.applied.filter((p) => p.phase === 'write');
    replayPlanned(sim, [...actions, ...writes]);
    sim.runUntil(plan.healAt + profile.settleMs + plan.livenessBound);
    for (const e of sim.trace) {
      const what = e.action.type === 'deliver' || e.action.type === 'drop' ? `${e.action.type} ${e.msg ? (e.msg.msg as { type: string }).type : ''} ${e.msg?.from}→${e.msg?.to}${e.dropReason ? ` (${e.dropReason})` : ''}` : JSON.stringify(e.action);
      const notes = e.notes.map((n) => n.text).join(' ');
      if (e.source === 'user' || notes) console.log(`${String(e.i).padStart(6)} ${e.t.toFixed(1).padStart(9)} ${String(e.node ?? '').padEnd(3)} ${what}  ${notes}`);
    }
    for (const id of sim.nodeIds) console.log(id, sim.isUp(id) ? 'up' : 'down', JSON.stringify(sim.protocol.summary(sim.state(id))));
  }
  return o.failure ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    // A bug, not bad input: one line, and the stack only when asked for (JANUS_LAB_DEBUG=1).
    console.error(`explore: internal error: ${(e as Error).message ?? String(e)}`);
    if (process.env.JANUS_LAB_DEBUG) console.error(e);
    process.exit(1);
  },
);
