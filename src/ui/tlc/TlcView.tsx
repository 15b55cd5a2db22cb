// The "TLC trace" tab's content (loaded on demand by TlcPanel.tsx): TLC traces in and out of the
// page, through the TLC service a plug-in of the lab offers (`extras.tlc`, typed in
// src/contracts/tlc.ts; the store keeps the panel's state and acts, store/tlc.ts).
// In: paste or upload the error trace TLC printed for the spec, replay it in the plug-in's mode,
// and walk its states with the values that change at each step highlighted; "Open in the lab"
// shows the replayed run in the cluster view, and selecting a step then moves the lab's cursor to
// that state. Out: download the lab's current run as the spec's states.
//
// The samples are the real TLC counterexamples the plug-in carries (or the page supplies); each
// is loaded on demand as raw text, so they stay out of the main bundle.

import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import type { TlcService } from '../../contracts';
import { tlcActions, useLabApi, useLabStore, useTlcStore, type TlcActions, type TlcInfo } from '../../store';
import { download, FileInput } from '../files';
import './tlc.css';

function Input({ tlc, act }: { tlc: TlcInfo; act: TlcActions }) {
  const text = useTlcStore((s) => s.text);
  const svc = tlc.service;
  const files = useMemo(() => Object.keys(tlc.samples).sort(), [tlc]);
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
        onChange={(e) => act.setText(e.target.value)}
      />
      <div className="tlc-row">
        <FileInput
          label="Upload a .txt file"
          accept=".txt,text/plain"
          testid="tlc-file"
          onFile={async (file) => {
            if (act.refuseSize(file.size)) return;
            try {
              const t = await file.text();
              act.loaded(t, file.name.slice(0, 80), `Read ${file.name.slice(0, 80)} (${(file.size / 1024).toFixed(1)} kB).`);
            } catch (err) {
              act.failed(`Could not read ${file.name.slice(0, 80)}: ${err instanceof Error ? err.message : String(err)}`);
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
              const load = tlc.samples[key];
              if (!load) return;
              try {
                const t = await load();
                act.loaded(t, svc.sampleTitle(key), `Sample ${svc.sampleTitle(key)} (a trace printed by TLC).`);
              } catch (err) {
                act.failed(`The sample could not be loaded: ${err instanceof Error ? err.message : String(err)}`);
              }
            }}
          >
            <option value="">choose…</option>
            {files.map((k) => (
              <option key={k} value={k}>
                {svc.sampleTitle(k)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="primary" data-testid="tlc-replay" onClick={act.replay} disabled={!text.trim()}>
          Replay TLC trace
        </button>
      </div>
    </div>
  );
}

function Status() {
  const result = useTlcStore((s) => s.result);
  const inputError = useTlcStore((s) => s.inputError);
  const info = useTlcStore((s) => s.info);
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

function StepList({ act }: { act: TlcActions }) {
  const rows = useTlcStore((s) => s.rows);
  const selected = useTlcStore((s) => s.selected);
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
    act.select(to);
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
          onClick={() => act.select(i)}
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

function StepDetail({ svc }: { svc: TlcService }) {
  const rows = useTlcStore((s) => s.rows);
  const selected = useTlcStore((s) => s.selected);
  const row = rows[selected];
  const prev = rows[selected - 1];
  const table = useMemo(() => (row ? svc.stateTable(row.state, row.changedPaths, row.step?.diff, prev?.state) : []), [svc, row, prev]);
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
              First difference: <code data-testid="tlc-diff-where">{svc.diffWhere(step.diff)}</code> — the trace says <code data-testid="tlc-diff-expected">{step.diff.expected}</code>, this mode gives{' '}
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
            {svc.NODE_COLS.map((c) => (
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
                  colSpan={t.perNode ? 1 : svc.NODE_COLS.length}
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

function LabButtons({ tlc, act }: { tlc: TlcInfo; act: TlcActions }) {
  const result = useTlcStore((s) => s.result);
  const protocol = useLabStore((s) => s.spec.protocol);
  const here = protocol === tlc.shape;
  const why = here
    ? "The lab's run up to its cursor, as a JSON array of the spec's states (its variables at each step)."
    : `The spec's variables exist only in the published-spec mode (${tlc.shape}); this run is ${protocol}.`;
  return (
    <div className="tlc-row tlc-out">
      <button type="button" onClick={act.openInLab} disabled={!result || !!result.parseError} data-testid="tlc-open" title={`Show the replayed run in the cluster view (${tlc.shape})`}>
        Open in the lab
      </button>
      <button
        type="button"
        data-testid="spec-trace-download"
        disabled={!here}
        title={why}
        aria-describedby="spec-trace-why"
        onClick={() => {
          const json = act.specTrace();
          if (json !== null) download('janus-spec-trace.json', json);
        }}
      >
        Download spec trace (JSON)
      </button>
      <span id="spec-trace-why" className="hint" data-testid="spec-trace-why">
        {here ? '' : why}
      </span>
    </div>
  );
}

export default function TlcView() {
  const store = useLabApi();
  const tlc = useLabStore((s) => s.tlc);
  const act = useMemo(() => tlcActions(store), [store]);
  if (!tlc || !act) return null;
  return (
    <div className="tlc" data-testid="tlc-panel">
      <p className="hint">
        Replay a TLC error trace of the published spec in its mode ({tlc.shape}): each state is checked against this mode, and the values that change at each step
        are highlighted.
      </p>
      <Input tlc={tlc} act={act} />
      <Status />
      <LabButtons tlc={tlc} act={act} />
      <div className="tlc-body">
        <StepList act={act} />
        <StepDetail svc={tlc.service} />
      </div>
    </div>
  );
}
