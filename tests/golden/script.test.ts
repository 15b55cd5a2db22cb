// The scenario-script interpreter itself (src/testing/script.ts): parsing, checking, rewriting,
// and clear errors for bad scripts.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry, type ProtocolPlugin } from '../../src/contracts';
import { janusPlugin } from '../../src/protocols/janus/plugin';
import { publishedPlugin } from '../../src/protocols/janus-published/plugin';
import { REGISTRY } from '../../src/protocols/registry';
import { parseScript, runScript, ScriptError, ScriptRunner } from '../../src/testing/script';
import { actionCommand, commandAction, sameSpec, scriptSpec, scriptText, specScript, words } from '../../src/testing/script-lang';
import type { Action } from '../../src/kernel';

const SCRIPT = `# a comment
shape 2+1
seed 3
run 1500
write D1 a=1
----
appended a=1 at 1

state
----
wrong
`;

describe('scenario scripts', () => {
  it('parses commands, expected blocks and raw lines', () => {
    const items = parseScript(SCRIPT);
    expect(items.filter((i) => i.kind === 'cmd').map((i) => (i.kind === 'cmd' ? [i.line, i.text, i.expected] : null))).toEqual([
      [2, 'shape 2+1', null],
      [3, 'seed 3', null],
      [4, 'run 1500', null],
      [5, 'write D1 a=1', ['appended a=1 at 1']],
      [9, 'state', ['wrong']],
    ]);
  });

  it('reports a wrong expected block with its line, and the rewrite fixes it', () => {
    const run = runScript(SCRIPT);
    expect(run.failures).toHaveLength(1);
    expect(run.failures[0]).toMatchObject({ line: 9, command: 'state', expected: 'wrong' });
    expect(run.failures[0]!.actual).toMatch(/^D1 up {3}leader/);
    const again = runScript(run.rewritten);
    expect(again.failures).toEqual([]);
    expect(again.rewritten).toBe(run.rewritten); // a fixed point
    expect(run.rewritten.startsWith('# a comment\nshape 2+1\n')).toBe(true);
  });

  it('output that was not expected is a failure too', () => {
    const run = runScript('shape 3+1\nrestart D1\n');
    expect(run.failures).toEqual([{ line: 2, command: 'restart D1', expected: '', actual: 'error: cannot restart D1: it is up' }]);
  });

  it('a rewrite keeps a blank line between an output block and the next command', () => {
    const run = runScript('shape 3+1\nrestart D1\nrun 10\n');
    expect(run.rewritten).toBe('shape 3+1\nrestart D1\n----\nerror: cannot restart D1: it is up\n\nrun 10\n');
    expect(runScript(run.rewritten).failures).toEqual([]);
  });

  it('the same script gives the same outputs (scripts are deterministic)', () => {
    const a = runScript('shape 3+1\nseed 9\nrun 2000\nwrite D2 q=1\nrun 300\nstate\n');
    const b = runScript('shape 3+1\nseed 9\nrun 2000\nwrite D2 q=1\nrun 300\nstate\n');
    expect(a.outputs).toEqual(b.outputs);
    expect(a.sim.traceHash).toBe(b.sim.traceHash);
  });

  it('stabilize runs until the state has been quiet for a second', () => {
    const run = runScript('shape 3+1\nseed 7\nstabilize\n');
    expect(run.sim.now).toBeGreaterThan(1000);
    expect(run.sim.now).toBeLessThan(3000);
    expect(run.sim.state<{ role: string }>('D1').role).toBe('leader');
  });

  const bad: [string, RegExp][] = [
    ['teleport D1', /line 1: unknown command 'teleport'/],
    ['run 10\nseed 3', /line 2: 'seed' must come before the first action/],
    ['shape 4+1', /unknown shape '4\+1' \(shapes: 3\+1, 2\+1; protocol ids: janus-3\+1/],
    ['protocol raft-9', /unknown protocol 'raft-9' \(known: janus-3\+1/],
    ['mutant no-such-rule\nrun 10', /line 2: unknown mutant 'no-such-rule'/],
    ['run 10\ndeliver', /'deliver' needs a message id or a filter/],
    ['msgs D1', /'D1' is not a message filter/],
    ['run-until max 10', /'run-until' needs a condition/],
    ['run-until leader>D1', /leader takes = or !=/],
    ['run-until D1.nosuchfield=1', /D1 has no field 'nosuchfield'/],
    ['run-until commitIndex=1', /compare leader, violated or <node>.<field>/],
    ['write D1 "x=1', /a quote is not closed/],
    ['run -5', /run must be a number ≥ 0/],
    ['crash', /'crash' needs a node id/],
    ['----', /'----' without a command/],
    ['link D1 D2 speed=3', /unknown link parameter 'speed'/],
  ];
  for (const [text, re] of bad) {
    it(`a malformed script fails with a clear message: ${text.split('\n')[0]}`, () => {
      expect(() => runScript(text)).toThrow(ScriptError);
      expect(() => runScript(text)).toThrow(re);
    });
  }
});

/** Output of each command of a script, by command text (the last one wins). */
const out = (text: string, opts = {}) => Object.fromEntries(runScript(text, opts).outputs.map((o) => [o.command, o.output]));

describe('message-level commands', () => {
  // Seed 7: D1's election timer fires first (358 ms) and sends the TermRequest #1 to E.
  const ELECTION = 'shape 3+1\nseed 7\nstep\n';

  it('msgs lists what is in flight, in delivery order, with each message\'s fields', () => {
    const r = runScript(`${ELECTION}msgs\nstep 2\nmsgs\nmsgs type=AppendEntries *->D3\nmsgs type!=AppendEntries\n`);
    const [one, , all, toD3, notAe] = r.outputs.slice(3).map((o) => o.output);
    expect(one).toMatch(/^#1 D1->E TermRequest kind=takeover term=0 R=\{D1,D2,D3\} epoch=0 at 370\.669$/);
    const lines = all!.split('\n');
    expect(lines).toHaveLength(3);
    const due = lines.map((l) => Number(/ at ([\d.]+)/.exec(l)![1]));
    expect([...due].sort((a, b) => a - b)).toEqual(due);
    expect(toD3).toMatch(/^#\d+ D1->D3 AppendEntries term=1 /);
    expect(toD3!.split('\n')).toHaveLength(1);
    expect(notAe!.split('\n').every((l) => !l.includes('AppendEntries'))).toBe(true);
    expect(runScript('shape 3+1\nmsgs\n').outputs[1]!.output).toBe('none');
  });

  it('deliver, drop and duplicate act on the message a filter names, and log shows what happened', () => {
    const r = runScript(`${ELECTION}deliver type=TermRequest\nmsgs\ndeliver E->D1\nlog\ndrop D1->D2\nlog\nduplicate #5\nlog\nmsgs D1->E\n`);
    const o = r.outputs.slice(3).map((x) => x.output);
    expect(o[0]).toBe('');
    expect(o[1]).toMatch(/^#2 E->D1 TermResponse granted=true term=1 leader=D1 R=\{D1,D2,D3\} epoch=0 at /);
    expect(o[3]).toMatch(/^ +358\.000 D1 deliver #2 TermResponse E->D1 \(by hand\) sent #3,#4,#5 \| \[4\.4\] D1 became leader of term 1/);
    expect(o[5]).toBe('  358.000 D2 drop #3 AppendEntries D1->D2 (by hand)');
    expect(o[7]).toBe('  358.000 -  duplicate #5 ElectorHeartbeat D1->E as #6');
    expect(o[8]!.split('\n').map((l) => l.replace(/ at [\d.]+/, ''))).toEqual(['#5 D1->E ElectorHeartbeat term=1 leader=D1 epoch=0', '#6 D1->E ElectorHeartbeat term=1 leader=D1 epoch=0 dup of #5']);
    expect(r.sim.trace.slice(1).map((e) => [e.action.type, e.source])).toEqual([
      ['deliver', 'user'],
      ['deliver', 'user'],
      ['drop', 'user'],
      ['duplicate', 'user'],
    ]);
  });

  it('log prints the events of the last command that changed the run, with the rule notes, in a fixed format', () => {
    const r = runScript(`${ELECTION}log\nstate\nlog\nrun 100\nlog type=TermRequest,TermResponse\nmsgs\nlog type!=AppendEntries,AppendEntriesResponse,ElectorHeartbeat,ElectorHeartbeatResponse\nrun 0\nlog\n`);
    const o = r.outputs.map((x) => x.output);
    expect(o[3]).toBe("  358.000 D1 fire electionTimeout sent #1 | [5] D1 heard no leader for 358 ms and asked E to take over with R' = {D1, D2, D3}.");
    expect(o[5]).toBe(o[3]);
    expect(o[7]!.split('\n').map((l) => l.split(' | ')[0])).toEqual(['  370.669 E  deliver #1 TermRequest D1->E sent #2', '  389.763 D1 deliver #2 TermResponse E->D1 sent #3,#4,#5']);
    // Exclusions keep the events without a message (the timers that fire).
    const rest = o[9]!.split('\n');
    expect(rest.slice(0, 2).map((l) => l.split(' | ')[0])).toEqual(o[7]!.split('\n').map((l) => l.split(' | ')[0]));
    expect(rest.slice(2).every((l) => / fire /.test(l))).toBe(true);
    expect(rest.length).toBeGreaterThan(2);
    expect(o[11]).toBe('none');
    // A filter matches the events that delivered, dropped or sent a matching message.
    const sent = runScript(`${ELECTION}log type=TermRequest\nlog type=TermResponse\nlog *->E\n`).outputs.slice(3).map((x) => x.output);
    expect(sent[0]).toMatch(/^ +358\.000 D1 fire electionTimeout sent #1 /);
    expect(sent[1]).toBe('none');
    expect(sent[2]).toBe(sent[0]);
  });

  it('a filter that names no message, or two due at the same moment, prints an error and changes nothing', () => {
    // Fixed latency: the leader's AppendEntries to D2 and D3 arrive at the same moment.
    const r = runScript('shape 3+1\nseed 7\nlinks latencyJitter=0 tailProb=0\nrun-until leader=D1 max 2000\ndeliver type=AppendEntries\ndeliver type=Nope\ndeliver 999\ndeliver D1->D2 type=AppendEntries\n');
    const o = r.outputs.map((x) => x.output);
    expect(o[4]).toMatch(/^error: 'type=AppendEntries' is ambiguous: #\d+ and #\d+ are both due at [\d.]+; name one by id$/);
    expect(o[5]).toBe("error: no message in flight matches 'type=Nope'");
    expect(o[6]).toBe("error: no message in flight matches '999'");
    expect(o[7]).toBe('');
  });

  it('step processes the next events of the scheduler, one by default', () => {
    const r = runScript('shape 3+1\nseed 7\nstep\nstep 3\n');
    expect(r.sim.eventCount).toBe(4);
    expect(runScript('shape 3+1\nseed 7\nstep 0\n').sim.eventCount).toBe(0);
  });

  it('run-until waits for a condition, or says it did not hold', () => {
    const o = out('shape 3+1\nseed 7\nrun-until leader=D1 *.term=1 max 2000\nstate\nrun-until leader=D2 max 300\n');
    expect(o['state']).toMatch(/^D1 up {3}leader/);
    expect(o['run-until leader=D2 max 300']).toBe('error: leader=D2 did not hold within 300 ms');
    const r = runScript('shape 3+1\nseed 7\nrun-until D1.role=leader and E.installed=true\n');
    expect(r.sim.state<{ role: string }>('D1').role).toBe('leader');
    expect(r.sim.now).toBeLessThan(1000);
  });

  it("with errors: 'throw' a refused action or a wait that never ends throws, with its line", () => {
    expect(() => runScript('shape 3+1\nrestart D1\n', { errors: 'throw' })).toThrow(/line 2: cannot restart D1: it is up/);
    expect(() => runScript('shape 3+1\nseed 7\nrun-until leader=D3 max 100\n', { errors: 'throw' })).toThrow(/line 3: leader=D3 did not hold within 100 ms/);
  });
});

describe('the interpreter runs on a Timeline and against any registry', () => {
  it('on a Timeline, every action a script applies is recorded in the run, message choices included', () => {
    const text = 'shape 3+1\nseed 7\nstep\ndeliver type=TermRequest\nrun 100\nwrite D1 x=1\nreplace-elector D2 zombie\nland\nrun 50\n';
    const r = runScript(text, { target: 'timeline' });
    const tl = r.timeline!;
    expect(tl.actions.map((a) => a.action)).toEqual([
      { type: 'deliver', msg: 1 },
      { type: 'write', node: 'D1', command: 'x=1' },
      { type: 'operator', name: 'replaceElector', node: 'D2', args: { zombie: true } },
    ]);
    expect(r.landing!.index).toBeLessThan(tl.sim.eventCount);
    // The same script on a Simulation gives the same run.
    expect(runScript(text).sim.traceHash).toBe(tl.sim.traceHash);
  });

  it('attached to an existing run, it acts on that run and refuses setup commands', () => {
    const tl = REGISTRY.createTimeline({ protocol: 'janus-2+1', seed: 3 });
    const runner = new ScriptRunner({ attach: tl });
    runner.exec('run 1500');
    expect(runner.exec('write D1 a=1')).toBe('appended a=1 at 1');
    expect(tl.actions).toHaveLength(1);
    expect(() => runner.exec('seed 4', 3)).toThrow(/line 3: 'seed': this script runs on an existing run/);
  });

  it("commands of the caller's own (e.g. a tour's caption) run after the language's", () => {
    const captions: string[] = [];
    const runner = new ScriptRunner({ commands: { caption: (args) => (captions.push(args.join(' ')), null) } });
    runner.exec('caption "The first election"');
    expect(captions).toEqual(['The first election']);
  });

  it('a plug-in without script hooks: protocol <id>, state from its view, messages by their own fields', () => {
    const reg = new Registry([publishedPlugin]);
    const r = runScript('protocol janus-published\nseed 7\nlinks loss=0 dup=0\noperator FollowerSendInitWorkload D2\nmsgs\ndeliver "type=InitWorkload" *->D1\nstate\n', { registry: reg });
    const o = r.outputs.map((x) => x.output);
    expect(o[4]).toMatch(/^#1 D2->D1 InitWorkload term=0 RF=2 logged_index=0\/0 at [\d.]+$/);
    expect(o[6]!.split('\n')).toHaveLength(4);
    expect(o[6]!.split('\n')[3]).toBe('violations: none');
    expect(() => runScript('shape 3+1\n', { registry: reg })).toThrow(/unknown shape '3\+1' \(shapes: none; protocol ids: janus-published\)/);
  });

  it("a plug-in's shape names, conditions and commands come from its hooks", () => {
    const calls: string[] = [];
    const plugin: ProtocolPlugin = {
      ...janusPlugin,
      script: {
        ...janusPlugin.script!,
        shapes: { three: 'janus-3+1' },
        conditions: { 'two-terms': (v) => v.dataNodes.some((d) => v.s(d).term === 2) },
        commands: { ping: (args, _sim, ctx) => (calls.push(args.join(',')), ctx!.act({ type: 'restart', node: 'D1' })) },
      },
    };
    const reg = new Registry([plugin]);
    const r = runScript('shape three\nseed 7\nrun 1500\ncrash D1\nrun-until two-terms max 3000\nping a b\nping\n', { registry: reg });
    expect(r.spec.protocol).toBe('janus-3+1');
    expect(r.outputs.map((x) => x.output).slice(4)).toEqual(['', '', 'error: cannot restart D1: it is up']);
    expect(calls).toEqual(['a,b', '']);
    expect(() => runScript('shape 3+1\n', { registry: reg })).toThrow(/unknown shape/);
  });
});

describe('the script language text', () => {
  it('words: spaces split, double quotes group', () => {
    expect(words('deliver "type=AppendEntries RF2" *->E')).toEqual(['deliver', 'type=AppendEntries RF2', '*->E']);
    expect(words('  a  "b \\"c\\""  ')).toEqual(['a', 'b "c"']);
  });

  it('every kernel action is one command and back', () => {
    const actions: Action[] = [
      { type: 'deliver', msg: 3 },
      { type: 'drop', msg: 4 },
      { type: 'duplicate', msg: 5 },
      { type: 'fire', node: 'D1', timer: 'electionTimeout' },
      { type: 'crash', node: 'D1' },
      { type: 'crash', node: 'E', wipe: true },
      { type: 'restart', node: 'D2' },
      { type: 'cut', from: 'D1', to: 'D2' },
      { type: 'cut', from: 'D1', to: 'D2', both: true, duration: 1500 },
      { type: 'heal', from: 'D1', to: 'D2', both: true },
      { type: 'healAll' },
      { type: 'link', from: 'D1', to: 'D2', params: { loss: 0.22, dup: 0 } },
      { type: 'link', from: 'D1', to: 'D3', both: true, params: { extraDelay: 400 } },
      { type: 'write', node: 'D1' },
      { type: 'write', node: 'D1', command: 'x=1' },
      { type: 'operator', name: 'replaceElector' },
      { type: 'operator', name: 'ElectorChooseOk', node: 'E', args: { ok: true, n: 2, s: 'a b' } },
    ];
    for (const a of actions) {
      const [cmd, ...args] = words(actionCommand(a));
      const back = ['deliver', 'drop', 'duplicate'].includes(cmd!) ? { type: cmd, msg: Number(args[0]) } : commandAction(cmd!, args, 1);
      expect(back, actionCommand(a)).toEqual(a);
      expect(JSON.stringify(back)).toBe(JSON.stringify(a)); // the same fields, in the same order
    }
    expect(commandAction('msgs', [], 1)).toBeNull();
  });

  it('a spec is its setup lines and back', () => {
    const spec = { protocol: 'janus-published', seed: 2249351941, link: { latencyMin: 6, tailProb: 0.06 }, timing: { replicaTimeout: 377 }, mutant: 'x' };
    expect(scriptSpec(specScript(spec))).toEqual(spec);
    expect(scriptSpec('protocol janus-2+1\nrun 10\nseed 4\n')).toEqual({ protocol: 'janus-2+1', seed: 1 });
    expect(() => scriptSpec('run 10\n')).toThrow(/names no protocol/);
    expect(sameSpec({ protocol: 'p', seed: 1, timing: {} }, { protocol: 'p', seed: 1, mutant: null })).toBe(true);
    expect(sameSpec({ protocol: 'p', seed: 1 }, { protocol: 'p', seed: 2 })).toBe(false);
  });

  it('scriptText removes the indentation and inserts fragments as they are', () => {
    const part = scriptText`
      run 1000
      write D1 x=1
    `;
    expect(part).toBe('run 1000\nwrite D1 x=1\n');
    const whole = scriptText`
      protocol janus-3+1
      ${part}
      crash D1
    `;
    expect(whole).toBe('protocol janus-3+1\nrun 1000\nwrite D1 x=1\ncrash D1\n');
  });

  it('the interpreter names no protocol: no protocol folder, id, node name or state type', () => {
    const dir = join(__dirname, '../../src/testing');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts'))) {
      const src = readFileSync(join(dir, f), 'utf8');
      expect(src, f).not.toMatch(/janus|JanusState|DataNodeState|ElectorState|\bD\d\b|'E'/i);
      expect(src, f).not.toMatch(/from '\.\.\/protocols\/(?!registry')/);
    }
  });
});
