// The Check tab's view: a form (shape, mutant, bounds), the run's figures with a small chart of
// new states per depth, pause / resume / cancel, the verdict and "Open counterexample in the lab";
// below, "What can happen next": the enabled actions of the untimed view, to click through.

import { useMemo, useState, type FormEvent } from 'react';
import { useLabApi, useLabStore } from '../../store';
import { checkControls, useCheckState, type CheckInput } from '../../store/check';

const fmt = (n: number) => Math.round(n).toLocaleString('en');

export default function CheckView() {
  const lab = useLabApi();
  const ctl = useMemo(() => checkControls(lab), [lab]);
  const current = useLabStore((s) => s.spec.protocol);
  const first = ctl.shapes.find((s) => s.id === current)?.id ?? ctl.shapes[0]?.id ?? '';
  const [input, setInput] = useState<CheckInput>({ protocol: first, mutant: '', maxTerm: '2', maxLog: '1', crashes: '0', inFlight: '3', maxStates: '200000', liveness: false });
  const mode = useCheckState(ctl, (s) => s.mode);
  const p = useCheckState(ctl, (s) => s.progress);
  const error = useCheckState(ctl, (s) => s.error);
  const notice = useCheckState(ctl, (s) => s.notice);
  const runner = useCheckState(ctl, (s) => s.runner);
  const live = useCheckState(ctl, (s) => s.liveness);
  const walk = useCheckState(ctl, (s) => s.walk);
  const shape = ctl.shapes.find((s) => s.id === input.protocol);
  const set = (k: keyof CheckInput) => (e: { target: { value: string } }) => setInput({ ...input, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    ctl.start(input);
  };
  const peak = p ? Math.max(1, ...p.statesPerDepth) : 1;
  if (!ctl.shapes.length) return <p className="hint">No protocol of this lab declares an exhaustive check.</p>;
  return (
    <div className="check-view">
      <form className="check-form" data-testid="check-form" aria-label="Check settings" onSubmit={submit}>
        <label>
          Shape{' '}
          <select value={input.protocol} onChange={set('protocol')} aria-label="Shape to check">
            {ctl.shapes.map((s) => (
              <option key={s.id} value={s.id}>
                {s.id}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          Mutant{' '}
          <select value={input.mutant} onChange={set('mutant')} aria-label="Mutant">
            <option value="">none</option>
            {(shape?.mutants ?? []).map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          Max term <input size={3} value={input.maxTerm} onChange={set('maxTerm')} aria-label="Max term" />
        </label>{' '}
        <label>
          Max log <input size={3} value={input.maxLog} onChange={set('maxLog')} aria-label="Max log" />
        </label>{' '}
        <label>
          Crashes <input size={3} value={input.crashes} onChange={set('crashes')} aria-label="Crashes" />
        </label>{' '}
        <label>
          In flight <input size={3} value={input.inFlight} onChange={set('inFlight')} aria-label="Messages in flight" />
        </label>{' '}
        <label>
          Max states <input size={8} value={input.maxStates} onChange={set('maxStates')} aria-label="Max states" />
        </label>{' '}
        <label title={shape?.liveness ? 'After a check without violation: from 10 sampled states, with the failures the protocol promises to survive made permanent, is a new commit still reachable?' : 'This protocol declares no liveness promise'}>
          <input
            type="checkbox"
            checked={!!input.liveness && !!shape?.liveness}
            disabled={!shape?.liveness}
            onChange={(e) => setInput({ ...input, liveness: e.target.checked })}
          />{' '}
          Liveness sanity check
        </label>{' '}
        <button type="submit" data-testid="check-run">
          Check
        </button>{' '}
        {mode === 'running' && (
          <button type="button" onClick={() => ctl.pause()}>
            Pause checking
          </button>
        )}
        {mode === 'paused' && (
          <button type="button" onClick={() => ctl.resume()}>
            Resume checking
          </button>
        )}
        {(mode === 'running' || mode === 'paused' || live === 'running') && (
          <button type="button" onClick={() => ctl.cancel()}>
            Cancel checking
          </button>
        )}
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {p && (
        <div data-testid="check-status" data-mode={mode} data-verdict={p.verdict} data-runner={runner ?? undefined} aria-live="polite">
          <p data-testid="check-figures" data-states={p.states} data-depth={p.depth} data-states-per-sec={p.statesPerSec} data-seconds={p.seconds}>
            {mode === 'running' ? 'Checking: ' : mode === 'paused' ? 'Paused: ' : ''}
            {fmt(p.states)} states, {fmt(p.transitions)} transitions, depth {p.depth}, {fmt(p.statesPerSec)} states/s, {p.seconds.toFixed(1)} s
            {p.symmetry.on ? ` (symmetry: ${p.symmetry.renamings} renamings)` : ''}
            {runner === 'worker' ? ', in a background worker' : runner === 'main' ? ', on the page' : ''}.
          </p>
          <svg className="check-chart" width={Math.max(60, p.statesPerDepth.length * 8)} height={40} role="img" aria-label="New states per depth">
            {p.statesPerDepth.map((n, d) => (
              <rect key={d} x={d * 8} width={6} y={40 - (36 * n) / peak} height={(36 * n) / peak} fill="currentColor">
                <title>{`depth ${d}: ${fmt(n)} new states`}</title>
              </rect>
            ))}
          </svg>
          {p.verdict === 'ok' && <p data-testid="check-verdict">No violation: every state within the bounds was checked.</p>}
          {p.verdict === 'limit' && <p data-testid="check-verdict">Stopped at the state limit: no violation so far.</p>}
          {p.verdict === 'violation' && p.finding && (
            <div data-testid="check-verdict" data-property={p.finding.property} data-length={p.finding.depth}>
              <p>
                <strong>{p.finding.property}</strong> violated after {p.finding.depth} steps: {p.finding.message}
              </p>
              <button type="button" data-testid="check-open-counterexample" onClick={() => ctl.openCounterexample()}>
                Open counterexample in the lab
              </button>
            </div>
          )}
        </div>
      )}
      {p && live && (
        <p
          data-testid="check-liveness"
          data-state={live === 'running' ? 'running' : live.failures.length ? 'failed' : 'ok'}
          data-sampled={live === 'running' ? undefined : live.sampled}
          data-failures={live === 'running' ? undefined : live.failures.length}
        >
          {live === 'running' ? (
            mode === 'done' ? (
              'Liveness sanity check: searching from 10 sampled states…'
            ) : (
              'Liveness sanity check: after the check.'
            )
          ) : live.failures.length === 0 ? (
            `Liveness sanity check: from ${live.sampled} sampled states (${live.noPromise} without a promise), a new commit is reachable under every promised permanent failure (${live.searches} searches, at most ${live.deepest} steps, ${live.seconds.toFixed(1)} s).`
          ) : (
            <>
              <strong>Liveness sanity check: {live.failures.length} finding{live.failures.length === 1 ? '' : 's'}</strong> from {live.sampled} sampled states. First (sample {live.failures[0]!.sample},{' '}
              {live.failures[0]!.length} steps): {live.failures[0]!.message} The path: <code>npm run check -- --liveness {live.sampled}</code> with these bounds.
            </>
          )}
        </p>
      )}
      {notice && <p className="notice">{notice}</p>}
      <h3>What can happen next</h3>
      {!walk || walk.protocol !== input.protocol ? (
        <button type="button" onClick={() => ctl.walkStart(input.protocol)}>
          Start a walk through {input.protocol}
        </button>
      ) : (
        <div>
          {walk.taken.length > 0 && (
            <p>
              {walk.taken.length} step{walk.taken.length === 1 ? '' : 's'} taken; last: {walk.taken[walk.taken.length - 1]}{' '}
              <button type="button" onClick={() => ctl.walkBack()}>
                Back
              </button>
            </p>
          )}
          <ol className="check-next" data-testid="check-next-list">
            {walk.next.map((a, i) => (
              <li key={i}>
                <button type="button" className="linkish" onClick={() => ctl.walkTake(i)}>
                  {a.text}
                </button>
              </li>
            ))}
          </ol>
          {walk.next.length === 0 && <p>Nothing can happen: a deadlock.</p>}
        </div>
      )}
    </div>
  );
}
