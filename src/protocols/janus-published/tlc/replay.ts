// Replay a TLC error trace of the published spec in the `janus-published` mode. Each TLC step is
// mapped to kernel actions: the message the spec action consumed is delivered, a spontaneous step
// is the matching operator action (or a client write for LeaderSendAE_*), MCDropMsg is a drop,
// DupMsg a duplicate, MCHardReset a disk loss, MCRestart a restart with the disk kept. After every
// step the spec's variables of the run are compared with the trace's; the first step the mode
// cannot reproduce is reported with the first differing variable.

import type { Action, Envelope, TimedAction, Violation } from '../../../kernel/types';
import type { Simulation } from '../../../kernel/sim';
import type { RunSpec } from '../../../contracts/spec';
import { pubSimulation as createSimulation } from '../run';
import { stuckWithoutLeader } from '../guards';
import type { PubState } from '../state';
import { activatedNodeOf, kernelId, messageValue, numFailuresAfter, SPEC_VARS, specState, type SpecVar } from './specvars';
import { parseTlcTrace, TlcTraceError, type TlcTrace } from './trace';
import { canonical, isRecord, printTlc, type TlcValue } from './value';

export interface VarDiff {
  variable: string;
  /** Path inside the variable, e.g. `d1` or `d1[2]`, when the values are functions or sequences. */
  path: string;
  expected: string;
  actual: string;
}

export interface ReplayStep {
  /** The TLC state this step reaches (2, 3, …). */
  n: number;
  label: string;
  action: string | null;
  /** Kernel actions applied for this step. */
  kernel: Action[];
  /** Spec variables that change in this step of the TLC trace. */
  changed: string[];
  /** Finer: `Var.node` for function-valued variables (e.g. `Term.d1`), `Messages` as a whole. */
  changedPaths: string[];
  ok: boolean;
  /** Why the step could not be mapped to kernel actions. */
  error?: string;
  /** The first variable that differs after the step. */
  diff?: VarDiff;
  /** The run's event count after the step's kernel actions (the lab cursor index that shows this state). */
  eventIndex?: number;
}

export interface ReplayResult {
  ok: boolean;
  trace: TlcTrace;
  /** Step 0 is the initial state (n = 1): no kernel action, checked against the mode's initial state. */
  steps: ReplayStep[];
  /** The TLC state number of the first step that could not be reproduced, or null. */
  failedAt: number | null;
  /** Set when the text could not be read as a TLC trace (then `steps` is empty). */
  parseError?: { line: number | null; message: string };
  message: string;
  /** Violations the mode's monitors found during the replay. */
  violations: Violation[];
  /** NotStuckWithoutLeader evaluated exactly (with the messages in flight) on the last state: why no leader can emerge, or null. */
  stuck: string | null;
  /** The run (a scenario): replays the same steps in the page. */
  spec: RunSpec;
  actions: TimedAction[];
  sim: Simulation;
}

/** The run spec TLC replays use: no random loss or duplication; nothing but the replayed actions moves. */
export const REPLAY_SPEC: RunSpec = { protocol: 'janus-published', seed: 1, link: { loss: 0, dup: 0 } };

function bag(msgs: TlcValue[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of msgs) {
    const k = canonical(v);
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

/** Messages in `a` and not in `b` (as a multiset), in `a`'s order. */
function minus(a: TlcValue[], b: TlcValue[]): TlcValue[] {
  const left = bag(b);
  const out: TlcValue[] = [];
  for (const v of a) {
    const k = canonical(v);
    const n = left.get(k) ?? 0;
    if (n > 0) left.set(k, n - 1);
    else out.push(v);
  }
  return out;
}

const asSeq = (v: TlcValue | undefined): TlcValue[] => (Array.isArray(v) ? v : []);

function changedVars(before: Record<string, TlcValue>, after: Record<string, TlcValue>): { changed: string[]; paths: string[] } {
  const changed: string[] = [];
  const paths: string[] = [];
  for (const k of Object.keys(after)) {
    const a = before[k];
    const b = after[k]!;
    if (a !== undefined && canonical(a) === canonical(b)) continue;
    changed.push(k);
    if (a !== undefined && isRecord(a) && isRecord(b) && k !== 'Messages') {
      for (const f of new Set([...Object.keys(a), ...Object.keys(b)])) {
        const x = a[f];
        const y = b[f];
        if (x === undefined || y === undefined || canonical(x) !== canonical(y)) paths.push(`${k}.${f}`);
      }
    } else paths.push(k);
  }
  return { changed, paths };
}

function firstDiff(variable: string, expected: TlcValue, actual: TlcValue): VarDiff | null {
  if (canonical(expected) === canonical(actual)) return null;
  let path = '';
  let e: TlcValue = expected;
  let a: TlcValue = actual;
  // Narrow down to the first differing field or position, one level at a time.
  for (let depth = 0; depth < 3; depth++) {
    if (isRecord(e) && isRecord(a)) {
      const E = e;
      const A = a;
      const keys = [...new Set([...Object.keys(E), ...Object.keys(A)])];
      const k = keys.find((q) => E[q] === undefined || A[q] === undefined || canonical(E[q]!) !== canonical(A[q]!));
      if (k === undefined || E[k] === undefined || A[k] === undefined) {
        if (k !== undefined) path += path ? `.${k}` : k;
        break;
      }
      path += path ? `.${k}` : k;
      e = E[k]!;
      a = A[k]!;
    } else if (Array.isArray(e) && Array.isArray(a) && e.length === a.length) {
      const A = a;
      const i = e.findIndex((x, j) => canonical(x) !== canonical(A[j]!));
      if (i < 0) break;
      path += `[${i + 1}]`;
      e = e[i]!;
      a = A[i]!;
    } else break;
  }
  return { variable, path, expected: printTlc(e), actual: printTlc(a) };
}

function compare(expected: Record<string, TlcValue>, actual: Record<SpecVar, TlcValue>): VarDiff | null {
  for (const v of SPEC_VARS) {
    const e = expected[v];
    if (e === undefined) continue; // the trace does not print it
    const d = firstDiff(v, e, actual[v]);
    if (d) return d;
  }
  return null;
}

const str = (v: TlcValue | undefined): string | null => (typeof v === 'string' ? v : null);

/** Replay a TLC error trace (text or parsed). Never throws on bad input: the result says what went wrong. */
export function replayTlcTrace(input: string | TlcTrace): ReplayResult {
  const spec = REPLAY_SPEC;
  const sim = createSimulation(spec, { trace: 'full', monitors: true });
  let trace: TlcTrace;
  try {
    trace = typeof input === 'string' ? parseTlcTrace(input) : input;
    if (!trace.states.length) throw new TlcTraceError('the trace has no states', 1);
  } catch (e) {
    const line = e instanceof TlcTraceError ? e.line : null;
    return {
      ok: false,
      trace: { errors: [], invariant: null, deadlock: false, states: [] },
      steps: [],
      failedAt: null,
      message: `This is not a TLC error trace this page can read: ${e instanceof Error ? e.message : String(e)}`,
      parseError: { line, message: e instanceof Error ? e.message : String(e) },
      violations: [],
      stuck: null,
      spec,
      actions: [],
      sim,
    };
  }
  const actions: TimedAction[] = [];
  const steps: ReplayStep[] = [];
  let numFailures = 0;
  const envKey = (env: Envelope) => canonical(messageValue(env));
  const findEnv = (v: TlcValue): Envelope | undefined => {
    const k = canonical(v);
    return sim.messages().find((env) => envKey(env) === k);
  };
  const current = (activated: string) => specState(sim, numFailures, activated);

  const done = (failedAt: number | null, message: string): ReplayResult => ({
    ok: failedAt === null,
    trace,
    steps,
    failedAt,
    message,
    violations: sim.violations.slice(),
    stuck: stuckWithoutLeader({ nodeIds: sim.nodeIds, state: (id) => sim.state<PubState>(id), isUp: (id) => sim.isUp(id), messages: () => sim.messages() }),
    spec,
    actions,
    sim,
  });

  // The initial state.
  const s1 = trace.states[0]!;
  const init = compare(s1.vars, current(str(s1.vars.ActivatedNode) ?? 'none'));
  steps.push({ n: 1, label: s1.label, action: null, kernel: [], changed: [], changedPaths: [], ok: !init, diff: init ?? undefined, eventIndex: sim.eventCount });
  if (s1.action !== null) return done(1, `State 1 is not the initial state (label ${s1.label})`);
  if (init) return done(1, `The initial state differs: ${init.variable}${init.path ? ` at ${init.path}` : ''} is ${init.actual} here, ${init.expected} in the trace.`);

  let at = 1;
  try {
    return replaySteps();
  } catch (e) {
    return done(at, `State ${at}: the step could not be replayed: ${e instanceof Error ? e.message : String(e)}`);
  }

  function replaySteps(): ReplayResult {
    for (let k = 1; k < trace.states.length; k++) {
      at = trace.states[k]!.n;
      const prev = trace.states[k - 1]!;
      const st = trace.states[k]!;
      const { changed, paths } = changedVars(prev.vars, st.vars);
      const step: ReplayStep = { n: st.n, label: st.label, action: st.action, kernel: [], changed, changedPaths: paths, ok: false };
      steps.push(step);
      const fail = (why: string) => {
        step.error = why;
        step.eventIndex = sim.eventCount;
        return done(st.n, `State ${st.n} (${st.action}): ${why}`);
      };
      const removed = minus(asSeq(prev.vars.Messages), asSeq(st.vars.Messages));
      const added = minus(asSeq(st.vars.Messages), asSeq(prev.vars.Messages));
      const nodeArg = () => {
        const a = str(st.args[0]) ?? str(st.vars.ActivatedNode);
        return a ? kernelId(a) : undefined;
      };
      const plan: Action[] = [];
      const name = st.action ?? '';
      switch (name) {
        case 'FollowerSendInitWorkload':
        case 'FollowerSendSwitchToRF1Leader':
        case 'LeaderSendSwitchToRF1': {
          const node = nodeArg();
          if (!node) return fail(`cannot tell which node acts (arguments ${printTlc(st.args)})`);
          plan.push({ type: 'operator', name, node });
          break;
        }
        case 'LeaderSendAE_RF1':
        case 'LeaderSendAE_RF2': {
          const node = nodeArg();
          if (!node) return fail(`cannot tell which node acts (arguments ${printTlc(st.args)})`);
          const d = st.args[1];
          plan.push({ type: 'write', node, command: d === undefined ? '0' : typeof d === 'string' ? d : printTlc(d) });
          break;
        }
        case 'LeaderSendSwitchToRF2_P1': {
          const node = nodeArg();
          if (!node) return fail(`cannot tell which node acts (arguments ${printTlc(st.args)})`);
          const d = st.args[1];
          plan.push({ type: 'operator', name, node, args: { data: d === undefined ? '0' : typeof d === 'string' ? d : printTlc(d) } });
          break;
        }
        case 'DupMsg': {
          if (added.length !== 1 || removed.length !== 0) return fail(`expected one message copied, found ${added.length} added and ${removed.length} removed`);
          const env = findEnv(added[0]!);
          if (!env) return fail(`the duplicated message is not in flight here: ${printTlc(added[0]!)}`);
          plan.push({ type: 'duplicate', msg: env.id });
          break;
        }
        case 'DropMsg':
        case 'MCDropMsg': {
          if (removed.length !== 1 || added.length !== 0) return fail(`expected one message lost, found ${removed.length} removed and ${added.length} added`);
          const env = findEnv(removed[0]!);
          if (!env) return fail(`the lost message is not in flight here: ${printTlc(removed[0]!)}`);
          plan.push({ type: 'drop', msg: env.id });
          break;
        }
        case 'HardReset':
        case 'HardResetWipeMsgs':
        case 'MCHardReset':
        case 'MCRestart': {
          const who = str(st.vars.ActivatedNode) ?? str(st.args[0]);
          const node = who ? kernelId(who) : undefined;
          if (!node) return fail(`cannot tell which node fails (ActivatedNode = ${printTlc(st.vars.ActivatedNode ?? 'none')})`);
          const wipe = name !== 'MCRestart';
          const toNode = sim.messages().filter((e) => e.to === node);
          const wipedMsgs = removed.length > 0 && removed.every((m) => isRecord(m) && m.destination === who) && removed.length === toNode.length;
          if (added.length) return fail(`a failure step sends no message, but ${added.length} appeared`);
          if (removed.length && !wipedMsgs) return fail(`messages vanished that were not addressed to ${who}`);
          if (toNode.length === 0 || wipedMsgs) {
            // The kernel's crash drops the messages addressed to the node: the same step here.
            plan.push({ type: 'crash', node, wipe }, { type: 'restart', node });
          } else plan.push({ type: 'operator', name: wipe ? 'HardReset' : 'Restart', node });
          break;
        }
        default: {
          if (st.module !== null && st.module !== 'Janus') return fail(`no mapping for action ${name} of module ${st.module}`);
          if (!name) return fail('a step without an action label');
          if (removed.length !== 1) return fail(`expected the step to consume one message, found ${removed.length} removed`);
          const env = findEnv(removed[0]!);
          if (!env) return fail(`the consumed message is not in flight here: ${printTlc(removed[0]!)}`);
          const who = nodeArg();
          if (who && who !== env.to) return fail(`the consumed message is addressed to ${env.to}, but the action runs at ${who}`);
          if (name === 'ElectorAckSwitchToRF1Leader') {
            const resp = added.find((m) => isRecord(m) && m.rpc_type === 'SwitchToRF1Leader Resp');
            const ok = resp && isRecord(resp) ? resp.ok === true : false;
            plan.push({ type: 'operator', name: 'ElectorChooseOk', node: 'E', args: { ok } });
          }
          plan.push({ type: 'deliver', msg: env.id });
        }
      }
      let activated = 'none';
      for (const a of plan) {
        const why = sim.validate(a);
        if (why) return fail(`the mode cannot take ${a.type}: ${why}`);
        actions.push({ at: sim.eventCount, t: sim.now, action: a });
        const ev = sim.apply(a);
        step.kernel.push(a);
        if (ev?.error) return fail(`${a.type === 'operator' ? a.name : a.type} refused: ${ev.error}`);
        numFailures = numFailuresAfter(numFailures, ev);
        if (a.type !== 'restart' && !(a.type === 'operator' && a.name === 'ElectorChooseOk')) activated = activatedNodeOf(ev);
      }
      step.eventIndex = sim.eventCount;
      const diff = compare(st.vars, current(activated));
      if (diff) {
        step.diff = diff;
        return done(st.n, `State ${st.n} (${name}) cannot be reproduced: ${diff.variable}${diff.path ? ` at ${diff.path}` : ''} is ${diff.actual} here, ${diff.expected} in the trace.`);
      }
      step.ok = true;
    }
    return done(null, `All ${trace.states.length} states reproduced.`);
  }
}

/** The replayed run as a scenario (spec, actions, cursor at the last replayed step), for links and the page. */
export function replayScenario(r: ReplayResult, title = 'TLC trace'): { spec: RunSpec; actions: TimedAction[]; cursor: { index: number; t: number }; title: string; notes: string } {
  return {
    spec: { ...r.spec, link: { ...r.spec.link } },
    actions: r.actions.map((a) => ({ ...a, action: { ...a.action } as Action })),
    cursor: { index: r.sim.eventCount, t: r.sim.now },
    title: title.slice(0, 120),
    notes: r.message.slice(0, 2000),
  };
}
