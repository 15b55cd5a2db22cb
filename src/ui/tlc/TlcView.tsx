// The "TLC trace" tab's content (loaded on demand by TlcPanel.tsx): TLC traces in and out of the page, in the published spec's vocabulary.
// In: paste or upload the error trace TLC printed for the published spec (Janus.tla, d1, d2, e1),
// replay it in the `janus-published` mode (src/protocols/janus-published/tlc/replay.ts), and walk its states with the values
// that change at each step highlighted; "Open in the lab" shows the replayed run in the cluster
// view, and selecting a step then moves the lab's cursor to that state.
// Out: download the lab's current run as the spec-trace JSON (src/protocols/janus-published/tlc/export.ts).
//
// The samples are the real TLC counterexamples of /work/shared/janus/tlc-traces (copied unchanged
// into src/protocols/janus-published/tlc/samples/, see its README.md); Vite loads each one on demand as raw text, so they stay
// out of the main bundle.

import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { create } from 'zustand';
import type { Timeline } from '../../kernel';
import { selectScenario, useLab } from '../../store';
import { exportScenarioSpecTrace } from '../../protocols/janus-published/tlc/export';
import { replayScenario, replayTlcTrace, type ReplayResult } from '../../protocols/janus-published/tlc/replay';
import { diffWhere, inputTooLarge, NODE_COLS, sampleTitle, seekIndexOf, stateTable, stepRows, type StepRow } from '../../protocols/janus-published/tlc/steps';
import { download, FileInput } from '../files';
import './tlc.css';

const SAMPLES = import.meta.glob<string>('../../protocols/janus-published/tlc/samples/*.txt', { query: '?raw', import: 'default' });
const SAMPLE_FILES = Object.keys(SAMPLES).sort();

/** What the panel keeps while its tab is closed. */
interface TlcPanelState {
  text: string;
  /** Where the text came from (a file or sample name), for the scenario title. */
  source: string;
  result: ReplayResult | null;
  rows: StepRow[];
  selected: number;
  /** A problem with the input itself (too large, unreadable file): shown instead of a result. */
  inputError: string | null;
  /** The lab run opened from `result`: selecting a step seeks it while the lab still shows it. */
  opened: { result: ReplayResult; timeline: Timeline; actions: number } | null;
  info: string;
}

const useTlc = create<TlcPanelState>(() => ({ text: '', source: '', result: null, rows: [], selected: 0, inputError: null, opened: null, info: '' }));

function replay(): void {
  const { text, source } = useTlc.getState();
  const big = inputTooLarge(text.length);
  if (big) {
    useTlc.setState({ inputError: big, result: null, rows: [], opened: null, info: '' });
    return;
  }
  let r: ReplayResult;
  try {
    r = replayTlcTrace(text);
  } catch (e) {
    // replayTlcTrace reports bad input in its result; this is a last resort, never a crash.
    useTlc.setState({ inputError: `The trace could not be replayed: ${e instanceof Error ? e.message : String(e)}`, result: null, rows: [], opened: null, info: '' });
    return;
  }
  const rows = stepRows(r);
  const failed = rows.findIndex((x) => x.status === 'failed');
  useTlc.setState({ result: r, rows, selected: failed >= 0 ? failed : Math.max(0, rows.length - 1), inputError: null, opened: null, info: '', source });
}

/** Move the lab's cursor to the selected step, if the lab still shows the run opened from this result. */
function followInLab(i: number): void {
  const { opened, result, rows } = useTlc.getState();
  const lab = useLab.getState();
  if (!opened || opened.result !== result || lab.timeline !== opened.timeline || lab.timeline.actions.length !== opened.actions) return;
  const at = rows[i] ? seekIndexOf(rows[i]) : null;
  if (at !== null) lab.seekEvent(at);
}

function select(i: number): void {
  const { rows } = useTlc.getState();
  if (!rows.length) return;
  const k = Math.max(0, Math.min(rows.length - 1, i));
  useTlc.setState({ selected: k });
  followInLab(k);
}

function openInLab(): void {
  const { result, source } = useTlc.getState();
  if (!result || result.parseError) return;
  const sc = replayScenario(result, `TLC trace${source ? `: ${source}` : ''}`);
  try {
    useLab.getState().loadScenario(sc);
  } catch (e) {
    useTlc.setState({ info: `The replayed run could not be opened: ${e instanceof Error ? e.message : String(e)}` });
    return;
  }
  const tl = useLab.getState().timeline;
  useTlc.setState({ opened: { result, timeline: tl, actions: tl.actions.length }, info: `Opened in the lab: ${result.steps.length} states, ${tl.actions.length} actions. Select a step to move the lab's cursor.` });
  followInLab(useTlc.getState().selected);
}

function Input() {
  const text = useTlc((s) => s.text);
  return (
    <div className="tlc-input">
      <label htmlFor="tlc-input-text">TLC error trace</label>
      <textarea
        id="tlc-input-text"
        data-testid="tlc-input"
        rows={7}
        spellCheck={false}
        autoComplete="off"
        placeholder={'Error: Invariant LeaderSafety is violated.\nError: The behavior up to this point is:\nState 1: <Initial predicate>\n/\\ Term = [d1 |-> 0, d2 |-> 0, e1 |-> 0]\n…'}
        value={text}
        onChange={(e) => useTlc.setState({ text: e.target.value, source: '' })}
      />
      <div className="tlc-row">
        <FileInput
          label="Upload a .txt file"
          accept=".txt,text/plain"
          testid="tlc-file"
          onFile={async (file) => {
              const big = inputTooLarge(file.size);
              if (big) {
                useTlc.setState({ inputError: big, result: null, rows: [], opened: null, info: '' });
                return;
              }
              try {
                const t = await file.text();
                useTlc.setState({ text: t, source: file.name.slice(0, 80), inputError: null, info: `Read ${file.name.slice(0, 80)} (${(file.size / 1024).toFixed(1)} kB).` });
                replay();
              } catch (err) {
                useTlc.setState({ inputError: `Could not read ${file.name.slice(0, 80)}: ${err instanceof Error ? err.message : String(err)}`, result: null, rows: [], opened: null });
              }
            }}
        />
        <label>
          Load a sample{' '}
          <select
            data-testid="tlc-sample"
            value=""
            onChange={async (e) => {
              const key = e.target.value;
              const load = SAMPLES[key];
              if (!load) return;
              try {
                const t = await load();
                useTlc.setState({ text: t, source: sampleTitle(key), inputError: null, info: `Sample ${sampleTitle(key)} (from tlc-traces/, printed by TLC).` });
                replay();
              } catch (err) {
                useTlc.setState({ inputError: `The sample could not be loaded: ${err instanceof Error ? err.message : String(err)}` });
              }
            }}
          >
            <option value="">choose…</option>
            {SAMPLE_FILES.map((k) => (
              <option key={k} value={k}>
                {sampleTitle(k)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="primary" data-testid="tlc-replay" onClick={replay} disabled={!text.trim()}>
          Replay TLC trace
        </button>
      </div>
    </div>
  );
}

function Status() {
  const result = useTlc((s) => s.result);
  const inputError = useTlc((s) => s.inputError);
  const info = useTlc((s) => s.info);
  const ok = !inputError && !!result?.ok;
  const text = inputError ?? result?.message ?? '';
  return (
    <>
      <p className="tlc-status" data-testid="tlc-status" data-ok={text ? String(ok) : ''} data-line={result?.parseError?.line ?? ''} role="status">
        {text}
      </p>
      {result && !result.parseError && (
        <p className="hint" data-testid="tlc-summary">
          {result.trace.errors[0] ? `TLC: ${result.trace.errors[0]} ` : ''}
          {result.violations.length
            ? `Monitors here: ${[...new Set(result.violations.map((v) => v.property))].join(', ')} violated. `
            : 'No monitor fired during the replay. '}
          {result.stuck ? `No leader can emerge: ${result.stuck}` : ''}
        </p>
      )}
      {info && (
        <p className="hint" data-testid="tlc-info">
          {info}
        </p>
      )}
    </>
  );
}

function StepList() {
  const rows = useTlc((s) => s.rows);
  const selected = useTlc((s) => s.selected);
  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    const el = listRef.current?.querySelector<HTMLElement>(`[data-index="${selected}"]`);
    el?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  if (!rows.length) return null;
  const onKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const moves: Record<string, number> = { ArrowDown: selected + 1, ArrowRight: selected + 1, ArrowUp: selected - 1, ArrowLeft: selected - 1, Home: 0, End: rows.length - 1, PageDown: selected + 10, PageUp: selected - 10 };
    const to = moves[e.key];
    if (to === undefined) return;
    e.preventDefault();
    e.stopPropagation(); // the lab's global arrows step the run; here they move through the trace
    select(to);
  };
  return (
    <ul
      ref={listRef}
      className="tlc-steps"
      data-testid="tlc-steps"
      role="listbox"
      tabIndex={0}
      aria-label="TLC states (arrow keys move)"
      aria-activedescendant={`tlc-step-${selected}`}
      onKeyDown={onKey}
    >
      {rows.map((r, i) => (
        <li
          key={r.n}
          id={`tlc-step-${i}`}
          role="option"
          aria-selected={i === selected}
          data-index={i}
          data-testid="tlc-step"
          data-n={r.n}
          data-ok={r.status === 'ok' ? 'true' : r.status === 'failed' ? 'false' : ''}
          data-status={r.status}
          className={`tlc-step ${r.status}${i === selected ? ' selected' : ''}`}
          title={r.state.label}
          onClick={() => select(i)}
        >
          <span className="tlc-mark" aria-hidden="true">
            {r.status === 'ok' ? '✓' : r.status === 'failed' ? '✗' : '·'}
          </span>
          <span className="tlc-step-title">
            {r.title}
            {r.status === 'failed' && <span className="sr-only"> (not reproduced)</span>}
            {r.status === 'not-replayed' && <span className="sr-only"> (not replayed)</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}

function StepDetail() {
  const rows = useTlc((s) => s.rows);
  const selected = useTlc((s) => s.selected);
  const row = rows[selected];
  const prev = rows[selected - 1];
  const table = useMemo(() => (row ? stateTable(row.state, row.changedPaths, row.step?.diff, prev?.state) : []), [row, prev]);
  if (!row) return null;
  const step = row.step;
  const acting = row.state.vars.ActivatedNode;
  return (
    <div className="tlc-detail" data-testid="tlc-detail" data-n={row.n}>
      <h3>
        {row.title}
        {typeof acting === 'string' && acting !== 'none' ? <span className="hint"> · ActivatedNode = "{acting}"</span> : null}
      </h3>
      {step && step.kernel.length > 0 && (
        <p className="hint" data-testid="tlc-kernel">
          Here: {step.kernel.map((a) => (a.type === 'operator' ? `${a.name}${a.node ? ` at ${a.node}` : ''}` : a.type === 'deliver' || a.type === 'drop' || a.type === 'duplicate' ? `${a.type} message #${a.msg}` : 'node' in a && a.node ? `${a.type} ${a.node}` : a.type)).join(', ')}
        </p>
      )}
      {row.status === 'failed' && (
        <div className="tlc-diff" data-testid="tlc-diff" role="note">
          <b>This step is not reproduced by the mode.</b>{' '}
          {step?.error ? <span data-testid="tlc-diff-error">{step.error}</span> : null}
          {step?.diff && (
            <span>
              First difference: <code data-testid="tlc-diff-where">{diffWhere(step.diff)}</code> — the trace says <code data-testid="tlc-diff-expected">{step.diff.expected}</code>, this mode gives{' '}
              <code data-testid="tlc-diff-actual">{step.diff.actual}</code>.
            </span>
          )}
        </div>
      )}
      {row.status === 'not-replayed' && <p className="hint">Not replayed: the replay stopped at an earlier state. The values below are the trace's, with its changes marked.</p>}
      <table className="tlc-vars" data-testid="tlc-vars">
        <thead>
          <tr>
            <th scope="col">variable</th>
            {NODE_COLS.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.map((t) => (
            <tr key={t.variable} data-var={t.variable}>
              <th scope="row">{t.variable}</th>
              {t.cells.map((c) => (
                <td
                  key={c.col ?? '*'}
                  colSpan={t.perNode ? 1 : NODE_COLS.length}
                  data-var={t.variable}
                  data-node={c.col ?? ''}
                  data-changed={c.changed ? 'true' : 'false'}
                  data-diff={c.diff ? 'true' : undefined}
                  className={`${c.changed ? 'changed' : ''}${c.diff ? ' diff' : ''}`.trim() || undefined}
                  title={c.full && c.full !== c.text ? c.full : undefined}
                >
                  {t.messages ? (
                    <>
                      {t.messages.length === 0 && <span className="hint">none in flight</span>}
                      {t.messages.map((m, i) => (
                        <div key={i} className={`tlc-msg${m.added ? ' added' : ''}`} title={m.full} data-added={m.added ? 'true' : undefined}>
                          {m.added ? '+ ' : '  '}
                          {m.text}
                        </div>
                      ))}
                      {t.consumed?.map((m, i) => (
                        <div key={`c${i}`} className="tlc-msg consumed" title={m.full} data-consumed="true">
                          {'− '}
                          {m.text}
                        </div>
                      ))}
                    </>
                  ) : (
                    c.text
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">
        Highlighted: values that change at this step. Values are the trace's; (t,i) is [term |-&gt; t, index |-&gt; i] and (t,i)=d a log entry (hover for TLC's syntax).
        Messages: + sent at this step, − taken out of flight (received, lost or wiped).
      </p>
    </div>
  );
}

function LabButtons() {
  const result = useTlc((s) => s.result);
  const protocol = useLab((s) => s.spec.protocol);
  const published = protocol === 'janus-published';
  const why = published
    ? "The lab's run up to its cursor, as a JSON array of the spec's states (LoggedIdx, CommittedIdx, Term, Role, ReplicationFactor, CurrentLeader, DmlLog, NumFailures, Messages)."
    : `The spec's variables exist only in the published-spec mode (janus-published); this run is ${protocol}.`;
  return (
    <div className="tlc-row tlc-out">
      <button type="button" onClick={openInLab} disabled={!result || !!result.parseError} data-testid="tlc-open" title="Show the replayed run in the cluster view (published-spec mode)">
        Open in the lab
      </button>
      <button
        type="button"
        data-testid="spec-trace-download"
        disabled={!published}
        title={why}
        aria-describedby="spec-trace-why"
        onClick={() => {
          try {
            download('janus-spec-trace.json', exportScenarioSpecTrace(selectScenario(useLab.getState())));
          } catch (e) {
            useTlc.setState({ info: `The spec trace could not be written: ${e instanceof Error ? e.message : String(e)}` });
          }
        }}
      >
        Download spec trace (JSON)
      </button>
      <span id="spec-trace-why" className="hint" data-testid="spec-trace-why">
        {published ? '' : why}
      </span>
    </div>
  );
}

export default function TlcView() {
  return (
    <div className="tlc" data-testid="tlc-panel">
      <p className="hint">
        Replay a TLC error trace of the published spec (Janus.tla, nodes d1, d2 and elector e1) in the published-spec mode: each state is checked against this
        mode, and the values that change at each step are highlighted.
      </p>
      <Input />
      <Status />
      <LabButtons />
      <div className="tlc-body">
        <StepList />
        <StepDetail />
      </div>
    </div>
  );
}
