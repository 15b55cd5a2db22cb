// The explorer in the page (loaded by ExplorePanel): a form (protocol, mutant, runs, seed), the
// live progress of the exploration, and its finding, shrunk, with "Open in the lab".

import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useExploreStore, useLabApi, useLabStore, useShallow, type LabState } from '../../store';
import { RUNS_MAX, exploreControls, formatPlanned, type ExploreControls, type ExploreFinding, type ExploreInput, type ExploreProgress } from '../../store/explore';
import './explore.css';
import { Options } from '../options';

const DEFAULT_RUNS = '200';

/** The form's first values: the lab's shape if it can be explored, else the first that can. */
function defaultInput(s: Pick<LabState, 'spec' | 'shapes' | 'defaultShape'>): ExploreInput {
  const explored = s.shapes.filter((x) => x.explored).map((x) => x.id);
  const p = s.spec.protocol;
  const protocol = explored.includes(p) ? p : explored.includes(s.defaultShape) ? s.defaultShape : (explored[0] ?? p);
  return { protocol, mutant: 'none', runs: DEFAULT_RUNS, seed: '1' };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const plural = (n: number, what: string) => `${fmt(n)} ${what}${n === 1 ? '' : 's'}`;

export default function ExploreView() {
  const store = useLabApi();
  const ctl = useMemo(() => exploreControls(store), [store]);
  const shapes = useLabStore((s) => s.shapes);
  const fallback = useLabStore(useShallow((s) => defaultInput(s)));
  useEffect(() => {
    if (!store.explore.getState().input) store.explore.setState({ input: defaultInput(store.getState()) });
  }, [store]);
  const { mode, progress, findings, error, notice, config } = useExploreStore(
    useShallow((s) => ({ mode: s.mode, progress: s.progress, findings: s.findings, error: s.error, notice: s.notice, config: s.config })),
  );
  const input = useExploreStore((s) => s.input) ?? fallback;
  const set = (patch: Partial<ExploreInput>) => store.explore.setState({ input: { ...input, ...patch }, error: null });
  const busy = mode === 'running' || mode === 'paused' || mode === 'shrinking';
  const shapeOf = (id: string) => shapes.find((x) => x.id === id);
  const mutants = shapeOf(input.protocol)?.mutants ?? {};
  const explored = shapes.filter((x) => x.explored).map((x) => x.id);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!busy) ctl.start(input);
  };

  return (
    <div className="explore">
      <form className="explore-form" onSubmit={submit} aria-label="Exploration settings">
        <label>
          Protocol{' '}
          <select value={input.protocol} disabled={busy} onChange={(e) => set({ protocol: e.target.value, mutant: input.mutant in (shapeOf(e.target.value)?.mutants ?? {}) ? input.mutant : 'none' })}>
            <Options values={explored} />
          </select>
        </label>
        <label>
          Mutant{' '}
          <select value={input.mutant} disabled={busy} onChange={(e) => set({ mutant: e.target.value })} title={mutants[input.mutant] ?? 'The protocol as designed'}>
            <option value="none">none</option>
            <Options values={Object.keys(mutants)} />
          </select>
        </label>
        <label>
          Runs{' '}
          <input type="text" inputMode="numeric" size={7} value={input.runs} disabled={busy} onChange={(e) => set({ runs: e.target.value })} aria-describedby="explore-runs-hint" />
        </label>
        <label>
          Seed{' '}
          <input type="text" inputMode="numeric" size={10} value={input.seed} disabled={busy} onChange={(e) => set({ seed: e.target.value })} />
        </label>
        {!busy && (
          <button type="submit" className="primary">
            Start exploring
          </button>
        )}
        {mode === 'running' && (
          <button type="button" onClick={ctl.pause}>
            Pause exploring
          </button>
        )}
        {mode === 'paused' && (
          <button type="button" className="primary" onClick={ctl.resume}>
            Resume exploring
          </button>
        )}
        {busy && (
          <button type="button" onClick={ctl.cancel}>
            Cancel exploring
          </button>
        )}
      </form>
      <p className="hint" id="explore-runs-hint">
        Seeded random runs with faults, then a heal, as <code>npm run explore -- --protocol {input.protocol} --runs {input.runs.trim() || '…'} --seed {input.seed.trim() || '…'}
        {input.mutant !== 'none' ? ` --mutant ${input.mutant}` : ''}</code> (1 to {fmt(RUNS_MAX)} runs).{' '}
        {shapeOf(input.protocol)?.keepGoing
          ? 'A protocol expected to fail is explored to the end: the first run of each kind of failure is shrunk.'
          : 'It stops at the first failing run and shrinks it.'}
        {input.mutant !== 'none' && mutants[input.mutant] ? ` Mutant: ${mutants[input.mutant]}` : ''}
      </p>
      {error && (
        <p className="explore-error" role="alert" data-testid="explore-error">
          {error}
        </p>
      )}
      {progress && config && <Progress mode={mode} progress={progress} kinds={findings.length} />}
      {mode !== 'idle' && findings.length > 1 && (
        <p className="explore-summary">
          {findings.length} kinds of failure in {fmt(progress?.done ?? 0)} runs (the first run of each kind is shown, shrunk):{' '}
          {findings.map((f) => `${f.classification} ×${f.count}`).join(', ')}.
        </p>
      )}
      {mode !== 'idle' &&
        // A finding's card starts afresh (no stale link) once it is shrunk: its key changes.
        findings.map((f) => <Finding key={`${f.seed}:${f.shrunk === null ? 'raw' : 'shrunk'}`} ctl={ctl} finding={f} shrinking={f.shrunk === null} protocol={config?.protocol ?? ''} mutant={config?.mutant ?? null} />)}
      {notice && (
        <p className="hint" role="status">
          {notice}
        </p>
      )}
    </div>
  );
}

function Progress({ mode, progress: p, kinds }: { mode: string; progress: ExploreProgress; kinds: number }) {
  const rate = p.elapsedMs > 0 ? (p.events / p.elapsedMs) * 1000 : 0;
  const runsPerSec = p.elapsedMs > 0 ? (p.done / p.elapsedMs) * 1000 : 0;
  const state =
    mode === 'running'
      ? 'Exploring'
      : mode === 'paused'
        ? 'Paused'
        : mode === 'shrinking'
          ? 'Shrinking the failing run…'
          : mode === 'found'
            ? kinds > 1
              ? `Found ${kinds} kinds of failing run`
              : 'Found a failing run'
            : mode === 'finished'
              ? `Finished: ${p.violations + p.livenessFailures === 0 ? 'no failure' : 'failures'} in ${fmt(p.done)} runs`
              : '';
  return (
    <div
      className="explore-progress"
      data-testid="explore-progress"
      data-mode={mode}
      data-done={p.done}
      data-runs={p.runs}
      data-violations={p.violations}
      data-liveness={p.livenessFailures}
      data-events={p.events}
    >
      <progress max={p.runs} value={p.done} aria-label="Runs done" />
      {mode === 'shrinking' && <span className="hint">{p.shrinkTrials} replays</span>}
      <span>
        {/* Only the state is announced (the figures change on every slice). */}
        <strong aria-live="polite">{state}</strong> · {fmt(p.done)} / {fmt(p.runs)} runs · {fmt(p.events)} events · {fmt(rate)} events/s ({runsPerSec.toFixed(0)} runs/s) ·{' '}
        <span className={p.violations ? 'bad' : ''}>{plural(p.violations, 'violation')}</span> ·{' '}
        <span className={p.livenessFailures ? 'bad' : ''}>{plural(p.livenessFailures, 'liveness failure')}</span>
      </span>
    </div>
  );
}

function Finding({ ctl, finding: f, shrinking, protocol, mutant }: { ctl: ExploreControls; finding: ExploreFinding; shrinking: boolean; protocol: string; mutant: string | null }) {
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    try {
      const url = await ctl.findingUrl(f, location.href);
      setLink(url);
      try {
        await navigator.clipboard.writeText(url);
        setCopied('Link copied.');
      } catch {
        setCopied('The browser refused the clipboard: copy the link from the field.');
      }
    } catch (e) {
      setCopied(`No link: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return (
    <section
      className="explore-finding"
      data-testid="explore-finding"
      data-seed={f.seed}
      data-property={f.property}
      data-kind={f.kind}
      data-classification={f.classification ?? ''}
      data-shrunk={f.shrunkActions ?? ''}
      data-count={f.count}
      aria-label="Finding"
    >
      <h3>
        {f.kind === 'safety' ? 'Violation' : 'Liveness failure'}: {f.property}
        {f.classification && (
          <span className="explore-class">
            {' '}
            — {f.classification}
            {f.count > 1 ? ` (${f.count} runs)` : ''}
          </span>
        )}
      </h3>
      <p>{f.message}</p>
      {f.classificationText && <p className="hint">{f.classificationText}</p>}
      <p>
        {f.count > 1 ? 'First at run' : 'Run'} {fmt(f.run)}, run seed <code>{f.seed}</code>.{' '}
        {f.shrunkActions === null ? (
          <span>Shrinking…</span>
        ) : (
          <span>
            Shrunk from {f.actions} to <strong data-testid="explore-shrunk">{f.shrunkActions}</strong> actions.
          </span>
        )}
      </p>
      {f.shrunk && (
        <details>
          <summary>The shrunk actions</summary>
          <pre className="explore-actions">{f.shrunk.map(formatPlanned).join('\n')}</pre>
        </details>
      )}
      <p className="hint">
        Replay on the command line: <code>npm run explore -- --protocol {protocol} --replay-seed {f.seed}{mutant ? ` --mutant ${mutant}` : ''}</code>
      </p>
      <div className="explore-row">
        <button type="button" className="primary" disabled={shrinking} onClick={() => ctl.openFinding(f)}>
          Open in the lab
        </button>
        <button type="button" disabled={shrinking} onClick={() => void copy()}>
          Copy link
        </button>
        {copied && <span className="hint" role="status">{copied}</span>}
      </div>
      {link && <input className="explore-link" readOnly value={link} aria-label="Link to the finding" onFocus={(e) => e.currentTarget.select()} />}
    </section>
  );
}
