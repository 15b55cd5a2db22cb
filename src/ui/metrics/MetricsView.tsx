// The Metrics tab: this run's cost figures up to the cursor, live, and the claims the running
// protocol's author makes (its plug-in's `metrics.claims`) stated next to them. Every figure
// carries data-testid="metric-<name>" and data-value (a number; empty when not measurable yet).

import type { Claim } from '../../contracts';
import { useLabStore, useMetrics, type RunMetrics, type Traffic } from '../../store';
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
      <th />
      <th>messages</th>
      <th>bytes</th>
      <th>data B</th>
      <th>control B</th>
    </tr>
  </thead>
);

/** The figures this run measures for a claim, by the claim's id (a claim without figures is stated alone). */
function ClaimFigures({ id, m }: { id: string; m: RunMetrics }) {
  const data = m.nodes.filter((n) => n.kind === 'data').length;
  const f = m.availability.failoverMs;
  switch (id) {
    case 'hardware':
      return (
        <>
          This run tolerates {data - 1} data-node failures with <M name="full-nodes" value={data} /> full nodes
          {m.elector ? (
            <>
              {' '}plus an elector holding <M name="elector-durable-bytes" value={m.durable[m.elector.id] ?? null} unit="B" /> on disk
            </>
          ) : null}{' '}
          (data nodes: <M name="durable-data" value={m.durableData} unit="B" /> together). Raft needs {2 * (data - 1) + 1} full nodes to tolerate {data - 1} failures.
        </>
      );
    case 'bandwidth':
      return (
        <>
          The elector received <M name="elector-recv-bytes" value={m.elector?.received.bytes ?? null} unit="B" /> against{' '}
          <M name="data-node-recv-bytes" value={m.elector?.dataNodeMeanBytes ?? null} digits={0} unit="B" /> for a data node on average (ratio{' '}
          <M name="elector-ratio" value={m.elector?.ratio ?? null} digits={3} />
          ); log entries cost <M name="entry-data-bytes" value={m.perEntry?.dataBytes ?? null} digits={1} unit="B" /> of data messages per committed entry, stored in{' '}
          <M name="entry-copies-claim" value={m.perEntry?.copies ?? null} digits={2} /> copies.
        </>
      );
    case 'failover':
      return (
        <>
          Measured here: leader crash → new leader <M name="failover-leader-ms" value={m.availability.failoverToLeaderMs} digits={1} unit="ms" />, → first commit in the new term{' '}
          <M name="failover-ms" value={f} digits={1} unit="ms" />
          {f === null ? ' (crash the leader and write to the new one to measure it)' : ''}.
        </>
      );
    default:
      return null;
  }
}

function Claims({ claims, m }: { claims: readonly Claim[]; m: RunMetrics }) {
  return (
    <section aria-labelledby="h-claims" className="claims">
      <h3 id="h-claims">The author's claims, against this run</h3>
      <ul>
        {claims.map((c) => (
          <li key={c.id} data-testid={`claim-${c.id}`}>
            <b>"{c.text}."</b> <span className="hint">({c.source})</span> <ClaimFigures id={c.id} m={m} />
          </li>
        ))}
      </ul>
      <p className="hint">Raft's figures on the same script will join these later.</p>
    </section>
  );
}

export function MetricsView() {
  const m = useMetrics();
  const claims = useLabStore((s) => s.protocol.claims);
  const a = m.availability;
  const rfKeys = Object.keys(a.rfTime).sort();
  return (
    <section className="panel metrics" aria-label="Metrics" data-testid="metrics">
      <p className="hint">
        Events 0–{m.upTo} ({m.tEnd.toFixed(1)} ms). Sizes from the wire encoding of docs/protocol.md ("Message encoding").
        {m.unresolved ? ` ${m.unresolved} message sizes unknown.` : ''}
      </p>
      <CoverageBadges />
      {claims.length > 0 && <Claims claims={claims} m={m} />}
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
      <h3>Per committed entry</h3>
      <p>
        Committed entries <M name="committed" value={m.committed} />: <M name="entry-msgs" value={m.perEntry?.msgs ?? null} digits={1} /> messages,{' '}
        <M name="entry-bytes" value={m.perEntry?.bytes ?? null} digits={1} unit="B" /> each, stored in <M name="entry-copies" value={m.perEntry?.copies ?? null} digits={2} /> copies.
      </p>
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
        <M name="uncommitted-writes" value={a.uncommittedWrites} /> not committed). Leader crashes <M name="leader-crashes" value={a.failovers.length} />.
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
