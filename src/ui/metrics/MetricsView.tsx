// The Metrics tab: this run's cost figures up to the cursor, live. Per-entry costs count only the
// steady-state replication; elections and heartbeats are counted apart. The author's claims (the
// plug-in's `metrics.claims`) are not set against this run alone: the tab links to the Compare
// view, where they are measured against Raft on the same workload. Every figure
// carries data-testid="metric-<name>" and data-value (a number; empty when not measurable yet).

import type { Claim } from '../../contracts';
import { useLabStore, type Traffic } from '../../store';
import { useComparisonsOf } from '../../store/comparisons';
// Not from the store's index: the metrics code loads with this tab (store/metrics.ts).
import { useMetrics } from '../../store/metrics';
import { CoverageBadges } from './Badges';

const fmt = (v: number | null | undefined, digits = 0): string => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits));

function M({ name, value, digits = 0, unit = '' }: { name: string; value: number | null | undefined; digits?: number; unit?: string }) {
  const ok = value !== null && value !== undefined && Number.isFinite(value);
  return (
    <span className="metric" data-testid={`metric-${name}`} data-value={ok ? String(value) : ''}>
      {fmt(value, digits)}
      {ok && unit ? ` ${unit}` : ''}
    </span>
  );
}

function TrafficRow({ label, t, name }: { label: string; t: Traffic; name: string }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>
        <M name={`${name}-msgs`} value={t.msgs} />
      </td>
      <td>
        <M name={`${name}-bytes`} value={t.bytes} />
      </td>
      <td>
        <M name={`${name}-data-bytes`} value={t.dataBytes} />
      </td>
      <td>
        <M name={`${name}-control-bytes`} value={t.controlBytes} />
      </td>
    </tr>
  );
}

const HEAD = (
  <thead>
    <tr>
      <th>
        <span className="sr-only">traffic</span>
      </th>
      <th>messages</th>
      <th>bytes</th>
      <th>data B</th>
      <th>control B</th>
    </tr>
  </thead>
);

/**
 * Where the running protocol's claims are measured: only in the Compare view, against Raft on the
 * same workload (never against this run alone). A link per comparison that runs this shape.
 */
function ClaimsElsewhere({ claims, shape }: { claims: readonly Claim[]; shape: string }) {
  const comparisons = useComparisonsOf(shape);
  return (
    <section aria-labelledby="h-claims" className="claims" data-testid="claims-elsewhere">
      <h3 id="h-claims">The author's claims</h3>
      <p>
        {claims.length} claim{claims.length === 1 ? '' : 's'} of this protocol's author ({claims.map((c) => `"${c.text}"`).join('; ')}) compare it with Raft and Paxos. One run cannot
        measure them: they are measured side by side with Raft, on the same writes and faults, in the Compare view
        {comparisons.length ? ': ' : '.'}
        {comparisons.map((c, k) => (
          <span key={c.id}>
            {k ? ', ' : ''}
            <a href={`#compare/${c.id}`} data-testid={`open-compare-${c.id}`}>
              {c.title}
            </a>
          </span>
        ))}
      </p>
    </section>
  );
}

const PURPOSE_TEXT: Record<string, string> = {
  replication: 'replication (log entries, their acknowledgements, catch-up)',
  election: 'elections (votes, takeovers, a new leader’s first messages)',
  heartbeat: 'heartbeats (timers at the leader, and their replies)',
  other: 'other (restarts, operator steps)',
};

export function MetricsView() {
  const m = useMetrics();
  const claims = useLabStore((s) => s.protocol.claims);
  const shape = useLabStore((s) => s.spec.protocol);
  const pe = m.perEntry;
  const a = m.availability;
  const rfKeys = Object.keys(a.rfTime).sort();
  return (
    <section className="panel metrics" aria-label="Metrics" data-testid="metrics">
      <p className="hint">
        Events 0–{m.upTo} ({m.tEnd.toFixed(1)} ms). Sizes from the wire encoding of docs/protocol.md ("Message encoding").
        {m.unresolved ? ` ${m.unresolved} message sizes unknown.` : ''}
      </p>
      <CoverageBadges />
      {claims.length > 0 && <ClaimsElsewhere claims={claims} shape={shape} />}
      <h3>Messages and bytes sent</h3>
      <table className="metrics-table">
        {HEAD}
        <tbody>
          <TrafficRow label="all" t={m.total} name="total" />
          {m.nodes.map((n) => (
            <TrafficRow key={n.id} label={`${n.id} sent`} t={m.sent[n.id]!} name={`sent-${n.id}`} />
          ))}
          {m.nodes.map((n) => (
            <TrafficRow key={n.id} label={`${n.id} received`} t={m.received[n.id]!} name={`recv-${n.id}`} />
          ))}
        </tbody>
      </table>
      <h3>Per directed link</h3>
      <table className="metrics-table">
        {HEAD}
        <tbody>
          {Object.keys(m.links)
            .sort()
            .map((k) => (
              <TrafficRow key={k} label={k} t={m.links[k]!} name={`link-${k.replace('→', '-')}`} />
            ))}
        </tbody>
      </table>
      <h3>Per committed entry (steady-state replication)</h3>
      <p>
        Committed entries <M name="committed" value={m.committed} />. Replication cost per entry: <M name="entry-msgs" value={pe?.replication.msgs ?? null} digits={2} /> messages,{' '}
        <M name="entry-bytes" value={pe?.replication.bytes ?? null} digits={1} unit="B" /> (data <M name="entry-data-bytes" value={pe?.replication.dataBytes ?? null} digits={1} unit="B" />, control{' '}
        <M name="entry-control-bytes" value={pe?.replication.controlBytes ?? null} digits={1} unit="B" />); of which the leader sent <M name="entry-leader-msgs" value={pe?.leader.msgs ?? null} digits={2} /> messages,{' '}
        <M name="entry-leader-bytes" value={pe?.leader.bytes ?? null} digits={1} unit="B" />. Each entry is stored in <M name="entry-copies" value={pe?.copies ?? null} digits={2} /> copies.
      </p>
      <p className="hint">
        Elections and heartbeats are not divided by the entries: they are counted apart below, for the whole run. A message's purpose is read from the trace: what the event that sent it
        handled (docs/compare.md).
      </p>
      <table className="metrics-table" data-testid="purposes">
        {HEAD}
        <tbody>
          {(['replication', 'election', 'heartbeat', 'other'] as const).map((k) => (
            <TrafficRow key={k} label={PURPOSE_TEXT[k]!} t={m.purposes[k]} name={`purpose-${k}`} />
          ))}
        </tbody>
      </table>
      <h3>Durable state</h3>
      <p>
        {m.nodes.map((n) => (
          <span key={n.id}>
            {n.id}: <M name={`durable-${n.id}`} value={m.durable[n.id]} unit="B" />
            {' · '}
          </span>
        ))}
        data nodes <M name="durable-data-nodes" value={m.durableData} unit="B" />, elector <M name="durable-elector" value={m.durableElector} unit="B" />
      </p>
      <h3>Availability</h3>
      <p>
        No leader for <M name="no-leader-ms" value={a.noLeaderMs} digits={1} unit="ms" />. Commit latency median <M name="commit-latency-median" value={a.commitLatency.median} digits={1} unit="ms" />, max{' '}
        <M name="commit-latency-max" value={a.commitLatency.max} digits={1} unit="ms" /> over <M name="commits-measured" value={a.commitLatency.count} /> writes (
        <M name="uncommitted-writes" value={a.uncommittedWrites} /> not committed). Leader crashes <M name="leader-crashes" value={a.failovers.length} />: leader crash → new leader{' '}
        <M name="failover-leader-ms" value={a.failoverToLeaderMs} digits={1} unit="ms" />, → first commit in the new term <M name="failover-ms" value={a.failoverMs} digits={1} unit="ms" />
        {a.failoverMs === null ? ' (crash the leader and write to the new one to measure it)' : ''}.
      </p>
      <p>
        Time at each RF:{' '}
        {rfKeys.map((k) => (
          <span key={k}>
            {k === 'none' ? 'no leader' : `RF ${k}`} <M name={`rf-time-${k}`} value={a.rfTime[k]} digits={1} unit="ms" />
            {' · '}
          </span>
        ))}
      </p>
    </section>
  );
}
