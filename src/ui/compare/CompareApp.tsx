// The Compare view (docs/compare.md): two labs in one page on one shared clock, the same writes
// and the same role-named faults on both, and the claims table measured on the two runs at the
// cursor. Opened by #compare, #compare/<preset>[/<script>] or a #c1.… link; loaded as its own
// chunk. Every figure carries data-testid and data-value (a number, empty when not measurable).

import { useEffect, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Registry } from '../../contracts';
import { LabProvider, useLabStore, useShallow } from '../../store';
import { createCompareStore, FAULT_BUTTONS, type ClaimRow, type CompareState, type CompareStore, type SideFigures } from '../../store/compare';
import './compare.css';

type Sources = Readonly<Record<string, () => Promise<string>>>;

const fmt = (v: number | null | undefined, digits = 0) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

function V({ id, value, digits = 0, unit = '' }: { id: string; value: number | null | undefined; digits?: number; unit?: string }) {
  const ok = value !== null && value !== undefined && Number.isFinite(value);
  return (
    <span data-testid={id} data-value={ok ? String(value) : ''}>
      {fmt(value, digits)}
      {ok && unit ? ` ${unit}` : ''}
    </span>
  );
}

function useCmp<T>(cmp: CompareStore, sel: (s: CompareState) => T): T {
  return useStore(cmp, sel);
}

/** One side: its nodes as the plug-in's view shows them, at the shared cursor. */
function SidePane({ side, title }: { side: 'left' | 'right'; title: string }) {
  const nodes = useLabStore((s) => s.nodes);
  const { now, violations } = useLabStore(useShallow((s) => ({ now: s.now, violations: s.violations.length })));
  return (
    <section className="cmp-side" data-testid={`cmp-side-${side}`} data-time={String(now)} aria-label={title}>
      <h3>{title}</h3>
      <p className="hint">
        t = {fmt(now, 1)} ms · {violations ? `${violations} safety violation(s)` : 'every safety property holds'}
      </p>
      <ul className="cmp-nodes">
        {nodes.map((n) => (
          <li
            key={n.id}
            className={`cmp-node ${n.up ? '' : 'down'} ${n.view.leader ? 'leader' : ''}`}
            data-testid={`cmp-node-${side}-${n.id}`}
            data-role={n.up ? n.view.role : 'down'}
            data-kind={n.view.kind}
          >
            <b>{n.id}</b> {n.up ? n.view.role : 'down'}
            <span className="hint">
              {' '}
              term {n.view.term}
              {n.view.kind === 'data' ? ` · log ${n.view.log.length} · commit ${n.view.commitIndex}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

const ROWS: { key: string; label: string; get: (s: SideFigures) => number | null; digits?: number; unit?: string }[] = [
  { key: 'full-replicas', label: 'Full replicas', get: (s) => s.fullReplicas },
  { key: 'total-nodes', label: 'Nodes (machines)', get: (s) => s.totalNodes },
  { key: 'durable-full', label: 'Durable bytes, one full replica', get: (s) => s.durableFullReplica, unit: 'B' },
  { key: 'durable-other', label: 'Durable bytes, the elector', get: (s) => s.durableOther, unit: 'B' },
  { key: 'durable-total', label: 'Durable bytes, all nodes', get: (s) => s.durableTotal, unit: 'B' },
  { key: 'committed', label: 'Committed entries', get: (s) => s.committed },
  { key: 'entry-bytes', label: 'Replication bytes per entry, cluster (this run)', get: (s) => s.perEntry?.cluster.bytes ?? null, digits: 1, unit: 'B' },
  { key: 'entry-data-bytes', label: '… of which data', get: (s) => s.perEntry?.cluster.dataBytes ?? null, digits: 1, unit: 'B' },
  { key: 'entry-control-bytes', label: '… of which control', get: (s) => s.perEntry?.cluster.controlBytes ?? null, digits: 1, unit: 'B' },
  { key: 'entry-msgs', label: 'Replication messages per entry, cluster', get: (s) => s.perEntry?.cluster.msgs ?? null, digits: 2 },
  { key: 'entry-leader-bytes', label: 'Replication bytes per entry, the leader', get: (s) => s.perEntry?.leader.bytes ?? null, digits: 1, unit: 'B' },
  { key: 'steady-bytes', label: 'Steady state (same writes, no fault): bytes per entry, cluster', get: (s) => s.steady?.perEntry?.cluster.bytes ?? null, digits: 1, unit: 'B' },
  { key: 'steady-leader-bytes', label: 'Steady state: bytes per entry, the leader', get: (s) => s.steady?.perEntry?.leader.bytes ?? null, digits: 1, unit: 'B' },
  { key: 'steady-msgs', label: 'Steady state: messages per entry, cluster', get: (s) => s.steady?.perEntry?.cluster.msgs ?? null, digits: 2 },
  { key: 'heartbeat-bytes', label: 'Heartbeat bytes (whole run, apart)', get: (s) => s.heartbeats.bytes, unit: 'B' },
  { key: 'election-bytes', label: 'Election bytes (whole run, apart)', get: (s) => s.elections.bytes, unit: 'B' },
  { key: 'failover-ms', label: 'Failover: leader crash → next commit', get: (s) => s.failoverMs, digits: 1, unit: 'ms' },
  { key: 'no-leader-ms', label: 'Time without a leader', get: (s) => s.noLeaderMs, digits: 1, unit: 'ms' },
  { key: 'recovery-ms', label: 'Restart → back to full strength', get: (s) => s.recoveryMs, digits: 1, unit: 'ms' },
  { key: 'loc-core', label: 'Lines of code, protocol core', get: (s) => s.loc?.coreLines ?? null },
  { key: 'loc-folder', label: "Lines of code, the protocol's folder", get: (s) => s.loc?.lines ?? null },
];

function Figures({ cmp }: { cmp: CompareStore }) {
  const table = useCmp(cmp, (s) => s.table);
  if (!table) return null;
  const { left: L, right: R } = table;
  return (
    <table className="metrics-table cmp-figures" data-testid="cmp-figures">
      <thead>
        <tr>
          <th />
          <th scope="col">{L.shape}</th>
          <th scope="col">{R.shape}</th>
        </tr>
      </thead>
      <tbody>
        {ROWS.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            <td>
              <V id={`cmp-left-${r.key}`} value={r.get(L)} digits={r.digits} unit={r.unit} />
            </td>
            <td>
              <V id={`cmp-right-${r.key}`} value={r.get(R)} digits={r.digits} unit={r.unit} />
            </td>
          </tr>
        ))}
        <tr>
          <th scope="row">Faults of the script survived</th>
          {[L, R].map((s, k) => (
            <td key={k} data-testid={`cmp-${k ? 'right' : 'left'}-faults`}>
              {s.faults.length
                ? s.faults.map((f, i) => (
                    <div key={i} data-outcome={f.outcome}>
                      {f.text}: {f.outcome}
                    </div>
                  ))
                : 'none yet'}
            </td>
          ))}
        </tr>
      </tbody>
    </table>
  );
}

function Claim({ c }: { c: ClaimRow }) {
  return (
    <tr data-testid={`cmp-claim-${c.id}`} data-verdict={c.verdict}>
      <th scope="row">
        "{c.text}" <span className="hint">({c.source})</span>
      </th>
      <td className={`verdict ${c.verdict.replace(/ /g, '-')}`}>{c.verdict}</td>
      <td>{c.figures}</td>
    </tr>
  );
}

function Claims({ cmp }: { cmp: CompareStore }) {
  const table = useCmp(cmp, (s) => s.table);
  if (!table || !table.claims.length) return null;
  return (
    <section aria-labelledby="h-cmp-claims">
      <h3 id="h-cmp-claims">The README's claims, on this run</h3>
      <table className="metrics-table cmp-claims">
        <thead>
          <tr>
            <th>claim</th>
            <th>verdict</th>
            <th>the figures behind it</th>
          </tr>
        </thead>
        <tbody>
          {table.claims.map((c) => (
            <Claim key={c.id} c={c} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Patterns({ cmp }: { cmp: CompareStore }) {
  const { patterns, busy, specs } = useCmp(cmp, useShallow((s) => ({ patterns: s.patterns, busy: s.patternsBusy, specs: s.specs })));
  const [seeds, setSeeds] = useState(5);
  const shapes = [specs.left.protocol, specs.right.protocol];
  return (
    <section aria-labelledby="h-cmp-patterns" data-testid="cmp-patterns">
      <h3 id="h-cmp-patterns">Failure patterns, measured</h3>
      <p className="hint">
        Each pattern is run on seeded runs with random link delays; available: commits still happen 2–10 s after the last failure; safe: no monitor fired.
      </p>
      <label>
        Runs per pattern{' '}
        <input type="number" min={1} max={50} value={seeds} onChange={(e) => setSeeds(Number(e.target.value) || 1)} aria-label="Runs per pattern" />
      </label>{' '}
      <button type="button" disabled={busy} onClick={() => void cmp.getState().measurePatterns(seeds)} data-testid="cmp-measure-patterns">
        {busy ? 'Measuring…' : 'Measure failure patterns'}
      </button>
      {patterns && (
        <table className="metrics-table">
          <thead>
            <tr>
              <th>failures</th>
              {shapes.map((s) => (
                <th key={s}>{s}: available / safe</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {patterns.rows.map((r) => (
              <tr key={r.pattern.id} data-testid={`cmp-pattern-${r.pattern.id}`}>
                <th scope="row">{r.pattern.text}</th>
                {shapes.map((s) => {
                  const x = r.bySide[s];
                  return (
                    <td key={s} data-available={x?.available ?? ''} data-safe={x?.safe ?? ''} data-runs={x?.runs ?? ''}>
                      {!x || x.runs === 0 ? 'does not apply' : `${x.available}/${x.runs} · ${x.safe}/${x.runs}`}
                    </td>
                  );
                })}
              </tr>
            ))}
            <tr>
              <th scope="row">Any failures at once, always survived</th>
              {shapes.map((s) => (
                <td key={s} data-testid={`cmp-tolerates-${s === shapes[0] ? 'left' : 'right'}`} data-value={patterns.tolerates[s]?.anyAtOnce ?? ''}>
                  {patterns.tolerates[s]?.anyAtOnce ?? '—'}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      )}
    </section>
  );
}

function Controls({ cmp }: { cmp: CompareStore }) {
  const s = useCmp(cmp, useShallow((x) => ({ t: x.t, end: x.end, mode: x.mode, preset: x.preset, script: x.script, presets: x.presets, scripts: x.scripts })));
  const api = cmp.getState();
  const [link, setLink] = useState('');
  return (
    <div className="cmp-controls">
      <label>
        Comparison{' '}
        <select data-testid="cmp-preset" value={s.preset?.id ?? ''} onChange={(e) => (location.hash = `#compare/${e.target.value}`)}>
          {s.presets.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        Script{' '}
        <select data-testid="cmp-script" value={s.scripts.some((x) => x.id === s.script.id) ? s.script.id : ''} onChange={(e) => cmp.getState().setScript(e.target.value)}>
          {!s.scripts.some((x) => x.id === s.script.id) && <option value="">{s.script.title} (with your faults)</option>}
          {s.scripts.map((x) => (
            <option key={x.id} value={x.id}>
              {x.title}
            </option>
          ))}
        </select>
      </label>
      <div className="cmp-clock">
        <button type="button" onClick={() => api.togglePlay()} data-testid="cmp-play">
          {s.mode === 'playing' ? 'Pause both' : 'Play both'}
        </button>{' '}
        <button type="button" onClick={() => api.step(100)} data-testid="cmp-step">
          Step both 100 ms
        </button>{' '}
        <button type="button" onClick={() => api.rewind()} data-testid="cmp-rewind">
          Rewind both
        </button>{' '}
        <button type="button" onClick={() => api.seek(s.end)} data-testid="cmp-end">
          To the end
        </button>{' '}
        <input
          type="range"
          min={0}
          max={s.end}
          step={10}
          value={s.t}
          aria-label="Shared time"
          data-testid="cmp-time"
          onChange={(e) => api.seek(Number(e.target.value))}
        />{' '}
        <span data-testid="cmp-clock" data-time={String(s.t)}>
          {fmt(s.t / 1000, 3)} s of {fmt(s.end / 1000, 1)} s
        </span>
      </div>
      <div className="cmp-faults" role="group" aria-label="Faults by role, on both sides at the cursor">
        {FAULT_BUTTONS.map((b) => (
          <button key={b.id} type="button" data-testid={`cmp-fault-${b.id}`} onClick={() => api.fault(b.fault)}>
            {b.label}
          </button>
        ))}
      </div>
      <div className="cmp-link">
        <button
          type="button"
          data-testid="cmp-make-link"
          onClick={() =>
            void cmp
              .getState()
              .link()
              .then((h) => setLink(location.href.replace(/#.*$/, '') + h))
          }
        >
          Compare link
        </button>{' '}
        {link && <input readOnly value={link} aria-label="Compare link" data-testid="cmp-link" size={60} onFocus={(e) => e.target.select()} />}
      </div>
    </div>
  );
}

function Script({ cmp }: { cmp: CompareStore }) {
  const { faults, titles } = useCmp(cmp, useShallow((s) => ({ faults: s.faults, titles: s.titles })));
  return (
    <section aria-labelledby="h-cmp-script">
      <h3 id="h-cmp-script">The script, as each side read it</h3>
      <table className="metrics-table" data-testid="cmp-script-lines">
        <thead>
          <tr>
            <th>fault</th>
            <th>{titles.left}</th>
            <th>{titles.right}</th>
          </tr>
        </thead>
        <tbody>
          {faults.map((f, k) => (
            <tr key={k} data-testid="cmp-script-line">
              <th scope="row">{f.text}</th>
              <td>{f.left}</td>
              <td>{f.right}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The comparisons gallery: every preset under every role script, each a link. */
function Gallery({ cmp }: { cmp: CompareStore }) {
  const { presets, scripts } = useCmp(cmp, useShallow((s) => ({ presets: s.presets, scripts: s.scripts })));
  return (
    <details className="cmp-gallery" data-testid="cmp-gallery">
      <summary>Gallery of comparisons</summary>
      <ul>
        {presets.map((p) =>
          scripts.map((x) => (
            <li key={`${p.id}/${x.id}`}>
              <a href={`#compare/${p.id}/${x.id}`} data-testid={`cmp-gallery-${p.id}-${x.id}`}>
                {p.title}: {x.title}
              </a>
            </li>
          )),
        )}
      </ul>
    </details>
  );
}

function Notice({ cmp }: { cmp: CompareStore }) {
  const n = useCmp(cmp, (s) => s.notice);
  if (!n) return null;
  return (
    <p className={`notice ${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'} data-testid="cmp-notice">
      {n.text}
    </p>
  );
}

function Sides({ cmp }: { cmp: CompareStore }) {
  const { left, right, titles } = useCmp(cmp, useShallow((s) => ({ left: s.left, right: s.right, titles: s.titles })));
  return (
    <div className="cmp-sides">
      <LabProvider store={left}>
        <SidePane side="left" title={titles.left} />
      </LabProvider>
      <LabProvider store={right}>
        <SidePane side="right" title={titles.right} />
      </LabProvider>
    </div>
  );
}

export function CompareView({ cmp, children }: { cmp: CompareStore; children?: ReactNode }) {
  const preset = useCmp(cmp, (s) => s.preset);
  return (
    <main className="compare" data-testid="compare" aria-label="Compare">
      <header>
        <h2>Side by side{preset ? `: ${preset.title}` : ''}</h2>
        {preset && <p className="hint">{preset.text} The same writes at the same virtual times, the same faults named by role.</p>}
        <a href="#" data-testid="cmp-back">
          Back to the lab
        </a>
        {children}
      </header>
      <Notice cmp={cmp} />
      <Controls cmp={cmp} />
      <Sides cmp={cmp} />
      <Script cmp={cmp} />
      <Claims cmp={cmp} />
      <Figures cmp={cmp} />
      <Patterns cmp={cmp} />
      <Gallery cmp={cmp} />
    </main>
  );
}

/** The route: makes the compare store, opens the address bar's comparison, follows its changes. */
export default function CompareApp({ registry, sources, hash }: { registry: Registry; sources?: Sources; hash: string }) {
  const [cmp] = useState(() => createCompareStore(registry, { sources }));
  useEffect(() => {
    void cmp.getState().openHash(hash);
  }, [cmp, hash]);
  // Stop the shared clock when the view goes (the labs stay usable: StrictMode mounts twice).
  useEffect(() => () => cmp.getState().pause(), [cmp]);
  return <CompareView cmp={cmp} />;
}
