// The step checker (a second transcription of the spec, over its variables) explains every step of
// TLC's own traces, and every step of exported explorer runs: the handlers and the checker agree.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ActionError } from '../../src/kernel';
import { planRun, runSeed } from '../../src/explorer/explorer';
import { createTimeline } from '../../src/protocols/registry';
import { publishedProfile } from '../../src/protocols/janus-published/explore';
import { checkSpecTrace, explainStep } from '../../src/protocols/janus-published/tlc/check';
import { exportSpecTrace } from '../../src/protocols/janus-published/tlc/export';
import { parseTlcTrace } from '../../src/protocols/janus-published/tlc/trace';
import { printTlc } from '../../src/protocols/janus-published/tlc/value';

import { SAMPLES_DIR as DIR } from '../support/tlc-samples';

describe('spec step checker', () => {
  for (const f of readdirSync(DIR).filter((x) => x.endsWith('.txt')).sort()) {
    it(`explains every step of ${f} with TLC's own action`, () => {
      const t = parseTlcTrace(readFileSync(DIR + f, 'utf8'));
      for (let i = 1; i < t.states.length; i++) {
        const name = explainStep(t.states[i - 1]!.vars, t.states[i]!.vars);
        expect(name, `State ${i + 1} (${t.states[i]!.action})`).not.toBeNull();
        const base = t.states[i]!.action!.replace(/^MC/, '');
        if (!/DupMsg|DropMsg|HardReset|Restart/.test(base)) expect(name!.replace(/\(.*\)$/, '')).toBe(base);
      }
    });
  }

  it('rejects a step that no action explains', () => {
    const t = parseTlcTrace(readFileSync(DIR + 'p2-elector-amnesia.txt', 'utf8'));
    const s = t.states[4]!.vars;
    const u = JSON.parse(JSON.stringify(t.states[5]!.vars));
    u.Term.e1 = 7;
    expect(explainStep(s, u)).toBeNull();
  });

  it('explains every step of exported explorer runs (loss, duplication, crashes, disk loss, the spec\'s free choices)', () => {
    const profile = publishedProfile();
    let steps = 0;
    const names = new Set<string>();
    for (let i = 0; i < 25; i++) {
      const plan = planRun(profile, runSeed(21, i), null);
      const tl = createTimeline(plan.spec, []);
      for (const p of plan.actions) {
        tl.advanceTo(p.t);
        try {
          tl.act(p.action);
        } catch (e) {
          if (!(e instanceof ActionError)) throw e;
        }
      }
      const states = exportSpecTrace({ spec: plan.spec, actions: tl.actions }, { until: plan.healAt + 1000 });
      const bad = checkSpecTrace(states);
      expect(bad && `run ${i}, state ${bad.at}: ${printTlc(bad.from)} → ${printTlc(bad.to)}`).toBeNull();
      for (let k = 1; k < states.length; k++) names.add(explainStep(states[k - 1]!, states[k]!)!.replace(/\(.*\)$/, ''));
      steps += states.length - 1;
    }
    expect(steps).toBeGreaterThan(2000);
    // The runs reach most of the spec's actions.
    for (const a of ['FollowerSendInitWorkload', 'FollowerAckInitWorkload', 'CandidateProcessAckInitWorkload_OK', 'LeaderSendAE_RF2', 'FollowerAckAE_RF2', 'ElectorProcessAE_RF2', 'LeaderProcessAckAE_RF2_OK', 'LeaderSendSwitchToRF1', 'ElectorAckSwitchToRF1', 'LeaderProcessSwitchToRF1_OK', 'FollowerSendSwitchToRF1Leader', 'ElectorAckSwitchToRF1Leader', 'LeaderSendAE_RF1', 'ElectorAckAE_RF1', 'LeaderProcessAckAE_RF1_OK', 'LeaderSendSwitchToRF2_P1', 'FollowerAckSwitchToRF2_P1', 'LeaderProcessAckSwitchToRF2_P1', 'ElectorAckSwitchToRF2_P2', 'DropMsg'])
      expect(names, a).toContain(a);
  });
});
