// TLC traces out: a run of the janus-published mode as the spec's states in JSON.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportSpecTrace, readScenario } from '../../src/protocols/janus-published/tlc/export';
import { replayTlcTrace } from '../../src/protocols/janus-published/tlc/replay';
import { EXPORT_VARS } from '../../src/protocols/janus-published/tlc/specvars';
import { canonical, parseTlcValue } from '../../src/protocols/janus-published/tlc/value';

import { SAMPLES_DIR as DIR } from '../support/tlc-samples';

describe('export-spec-trace', () => {
  it('writes the JSON conventions: sequences as arrays, records and functions as objects, sets as {"$set": [...]}', () => {
    expect(JSON.parse(JSON.stringify(parseTlcValue('{"d1", "e1"}')))).toEqual({ $set: ['d1', 'e1'] });
    const states = exportSpecTrace({ spec: { protocol: 'janus-published', seed: 3, link: { loss: 0, dup: 0 } }, actions: [] }, { until: 5000 });
    const s0 = states[0]!;
    expect(Object.keys(s0)).toEqual([...EXPORT_VARS]);
    expect(s0).toEqual({
      LoggedIdx: { d1: { term: 0, index: 0 }, d2: { term: 0, index: 0 } },
      CommittedIdx: { d1: { term: 0, index: 0 }, d2: { term: 0, index: 0 }, e1: { term: 0, index: 0 } },
      Term: { d1: 0, d2: 0, e1: 0 },
      Role: { d1: 'follower', d2: 'follower', e1: 'elector' },
      ReplicationFactor: { d1: 2, d2: 2, e1: 2 },
      CurrentLeader: { d1: 'none', d2: 'none', e1: 'none' },
      DmlLog: { d1: [], d2: [] },
      NumFailures: 0,
      Messages: [],
    });
    // The timers elect a leader by InitWorkload within 5 s; each exported state differs from the one before.
    expect(states.some((s) => Object.values(s.Role as Record<string, string>).includes('leader'))).toBe(true);
    for (let i = 1; i < states.length; i++) expect(canonical(states[i]!)).not.toBe(canonical(states[i - 1]!));
    const msgs = states.flatMap((s) => s.Messages as Record<string, unknown>[]);
    expect(msgs[0]).toMatchObject({ rpc_type: 'InitWorkload', logged_index: { term: 0, index: 0 } });
    expect(['d1', 'd2']).toContain(msgs[0]!.source);
  });

  it('writes integer commands as the spec\'s numeric data and other commands as strings', () => {
    const r = replayTlcTrace(readFileSync(DIR + 'p3-data-disk-loss-leader-completeness.txt', 'utf8'));
    const actions = [...r.actions, { at: r.sim.eventCount, t: 0, action: { type: 'write' as const, node: 'D1', command: 'hello' } }];
    const states = exportSpecTrace({ spec: r.spec, actions }, { until: 0 });
    const log = (states[states.length - 1]!.DmlLog as Record<string, { data: unknown }[]>).d1!;
    expect(log.map((e) => e.data)).toEqual(['hello']);
    const d2 = (states[states.length - 1]!.DmlLog as Record<string, { data: unknown }[]>).d2!;
    expect(d2.every((e) => typeof e.data === 'number')).toBe(true);
  });

  for (const f of readdirSync(DIR).filter((x) => x.endsWith('.txt')).sort()) {
    it(`round trip: the replay of ${f} exports TLC's own states`, () => {
      const r = replayTlcTrace(readFileSync(DIR + f, 'utf8'));
      expect(r.ok).toBe(true);
      const states = exportSpecTrace({ spec: r.spec, actions: r.actions }, { until: 0 });
      const tlc = r.trace.states.map((s) => Object.fromEntries(EXPORT_VARS.map((v) => [v, s.vars[v]!])));
      expect(states.map(canonical)).toEqual(tlc.map(canonical));
    });
  }

  it('reads scenario files and refuses bad ones with a clear message', () => {
    expect(() => readScenario(42)).toThrow(/JSON object/);
    expect(() => readScenario({ spec: { protocol: 'janus-published' } })).toThrow(/"seed"/);
    expect(() => readScenario({ spec: { protocol: 'janus-published', seed: 1 }, actions: [{ at: 0 }] })).toThrow(/action 1/);
    expect(() => exportSpecTrace({ spec: { protocol: 'janus-2+1', seed: 1 }, actions: [] })).toThrow(/only in the 'janus-published' mode/);
  });

  it('runs as npm run export-spec-trace on a scenario file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spec-export-'));
    const file = join(dir, 'sc.json');
    writeFileSync(file, JSON.stringify({ spec: { protocol: 'janus-published', seed: 5 }, actions: [], until: 4000 }));
    const out = execFileSync('node_modules/.bin/tsx', ['scripts/export-spec-trace.ts', file], { encoding: 'utf8' });
    const states = JSON.parse(out) as unknown[];
    expect(states.length).toBeGreaterThan(1);
    expect(Object.keys(states[0] as object)).toEqual([...EXPORT_VARS]);
    let failed = '';
    try {
      execFileSync('node_modules/.bin/tsx', ['scripts/export-spec-trace.ts', join(dir, 'missing.json')], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      failed = String((e as { stderr?: string }).stderr);
    }
    expect(failed).toMatch(/neither a file nor a scenario link/);
  });
});
