import { describe as suite, expect, it } from 'vitest';
import { createTimeline } from '../protocols/registry';
import { describe, describeKernel } from './describe';

function run() {
  const tl = createTimeline({ protocol: 'janus-3+1', seed: 1 });
  tl.advanceTo(1000);
  return tl;
}

suite('describe: event log lines', () => {
  it('uses the protocol notes when the event has them', () => {
    const tl = run();
    const ev = tl.trace.find((e) => e.notes.some((n) => n.text.includes('became leader')))!;
    expect(ev).toBeDefined();
    expect(describe(tl.protocol, ev)).toContain('became leader of term 1');
  });

  it('describes kernel events without notes: crash, drops by cut, writes, cut and heal', () => {
    const tl = run();
    const leader = tl.sim.nodeIds.find((id) => tl.protocol.summary(tl.sim.state(id)).role === 'leader')!;
    const follower = tl.sim.nodeIds.find((id) => id !== leader && id !== 'E')!;
    const w = tl.act({ type: 'write', node: follower }).event!;
    expect(describe(tl.protocol, w)).toMatch(new RegExp(`Client write "w1" to ${follower}: appended at index 1 on ${leader} \\(redirected\\)`));
    const cut = tl.act({ type: 'cut', from: leader, to: follower, both: true }).event!;
    expect(describeKernel(tl.protocol, cut)).toBe(`The link ${leader}↔${follower} was cut.`);
    tl.advanceTo(1200);
    const drop = tl.trace.slice(cut.i).find((e) => e.action.type === 'drop' && e.dropReason === 'cut')!;
    expect(describe(tl.protocol, drop)).toMatch(/dropped: the link D\d→D\d is cut\./);
    const crash = tl.act({ type: 'crash', node: follower }).event!;
    expect(describe(tl.protocol, crash)).toMatch(new RegExp(`^${follower} crashed`));
    const heal = tl.act({ type: 'healAll' }).event!;
    expect(describe(tl.protocol, heal)).toContain('Everything healed');
  });

  it('says why a write is rejected', () => {
    const tl = createTimeline({ protocol: 'janus-3+1', seed: 1 });
    const ev = tl.act({ type: 'write', node: 'D2' }).event!;
    expect(describe(tl.protocol, ev)).toMatch(/^Client write "w1" to D2 rejected: D2 is not the leader/);
  });
});
