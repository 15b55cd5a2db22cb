// export-spec-trace --annotate: each exported state's "$action" names the step that led to it.
// Regression: a user's `duplicate` copies a message sent earlier. The exporter took its copy for
// one the network made as it was sent: it relabelled the state BEFORE the duplicate (TLC's
// CandidateProcessSwitchToRF1Leader_OK, state 14 of p2-elector-amnesia-rf-safety) as the
// duplicate, and called the user's duplicate a network one.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportSpecTrace } from '../../src/protocols/janus-published/tlc/export';
import { replayTlcTrace } from '../../src/protocols/janus-published/tlc/replay';
import { SAMPLE_FILES, SAMPLES_DIR } from '../support/tlc-samples';

/** TLC's action of a state, as the exporter's label starts: MCHardReset → HardReset, MCDropMsg → drop. */
function tlcAction(action: string | null): string {
  if (action === null) return 'Init';
  if (action === 'MCDropMsg') return 'drop';
  return action.replace(/^MC/, '');
}

const labelAction = (label: unknown) => String(label).split(/[: ]/)[0];

function annotated(file: string) {
  const r = replayTlcTrace(readFileSync(SAMPLES_DIR + file, 'utf8'));
  expect(r.ok).toBe(true);
  const states = exportSpecTrace({ spec: r.spec, actions: r.actions }, { until: 0, annotate: true });
  return { r, states };
}

describe('export-spec-trace --annotate', () => {
  it('p2-elector-amnesia-rf-safety: state 14 is d1 taking its grant, state 15 the user\'s DupMsg', () => {
    const { r, states } = annotated('p2-elector-amnesia-rf-safety.txt');
    expect(r.trace.states[13]!.label).toMatch(/^CandidateProcessSwitchToRF1Leader_OK\("d1"\)/);
    expect(states[13]!.$action).toBe('CandidateProcessSwitchToRF1Leader_OK: deliver #10 SwitchToRF1Leader Resp E→D1');
    expect(r.trace.states[14]!.action).toBe('DupMsg');
    expect(states[14]!.$action).toBe('DupMsg: duplicate #8 AppendEntries RF2 D2→E');
    expect(states.some((s) => /network/.test(String(s.$action)))).toBe(false);
  });

  for (const f of SAMPLE_FILES) {
    it(`${f}: every state is labelled with TLC's action`, () => {
      const { r, states } = annotated(f);
      expect(states.map((s) => labelAction(s.$action))).toEqual(r.trace.states.map((s) => tlcAction(s.action)));
    });
  }

  it('a duplicate made by the network as the message is sent is still its own DupMsg state, after the send', () => {
    const states = exportSpecTrace({ spec: { protocol: 'janus-published', seed: 3, link: { loss: 0, dup: 1 } }, actions: [] }, { until: 3000, annotate: true });
    const labels = states.map((s) => String(s.$action));
    const net = labels.flatMap((l, i) => (l.startsWith('DupMsg (the network duplicated') ? [i] : []));
    expect(net.length).toBeGreaterThan(2);
    for (const i of net) expect(labels[i - 1]).toMatch(/\(before the network duplicates\)$|^DupMsg \(the network duplicated/);
    // Each network copy adds exactly one message to the state before it.
    for (const i of net) expect((states[i]!.Messages as unknown[]).length).toBe((states[i - 1]!.Messages as unknown[]).length + 1);
  });
});
