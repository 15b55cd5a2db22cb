// Fault and write controls: nodes (crash, restart, write to), links (cut, heal, per direction
// or both), messages in flight (select, then drop, duplicate or deliver now), the elector
// (replace) and "Heal everything". Every button is named verb + target.

import type { NodeId, Timeline } from '../kernel';
import { leaderView, operatorButtons, type OperatorButton } from '../protocols/view';
import { useLab } from '../store';
import { msgLabel } from './describe';
import { useRun } from './hooks';
import { WhyNode } from './why/Why';

/** The data node a plain "Write" goes to: the up leader of the highest term, if any. */
export function currentLeader(tl: Timeline): NodeId | null {
  return leaderView(tl.protocol, tl.sim.nodeIds, (id) => tl.sim.state(id), (id) => tl.sim.isUp(id))?.id ?? null;
}

function NodeControls() {
  const { timeline: tl } = useRun();
  const act = useLab((s) => s.act);
  const selected = useLab((s) => s.selectedNode);
  const ids = tl.sim.nodeIds;
  const leader = currentLeader(tl);
  // Without a leader, the write goes to the first live data node, which says why it fails.
  const firstData = ids.find((id) => id !== 'E' && tl.sim.isUp(id)) ?? ids[0]!;
  const ops = operatorButtons(tl.protocol, run(tl));
  return (
    <section className="panel" aria-labelledby="h-nodes">
      <h2 id="h-nodes">Nodes &amp; writes</h2>
      <div className="write-row">
        <button
          type="button"
          className="primary"
          onClick={() => act({ type: 'write', node: leader ?? firstData })}
          title={leader ? `Write to the leader (${leader})` : `No leader is known: the write goes to ${firstData}, which answers why it cannot take it`}
        >
          Write
        </button>
        <span className="hint">{leader ? `to leader ${leader}` : 'no leader now'}</span>
      </div>
      <table className="node-table">
        <tbody>
          {ids.map((id) => {
            const up = tl.sim.isUp(id);
            return (
              <tr key={id} className={selected === id ? 'selected' : ''}>
                <th scope="row">
                  <span className={`dot ${up ? 'up' : 'down'}`} aria-hidden="true" />
                  {id}
                  <WhyNode id={id} />
                </th>
                <td>
                  <button type="button" disabled={!up} onClick={() => act({ type: 'crash', node: id })}>
                    Crash {id}
                  </button>
                </td>
                <td>
                  <button type="button" disabled={up} onClick={() => act({ type: 'restart', node: id })}>
                    Restart {id}
                  </button>
                </td>
                <td>
                  {id !== 'E' && (
                    <button type="button" onClick={() => act({ type: 'write', node: id })}>
                      Write to {id}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="row">
        {ops.length <= 2 && ops.map((op) => <OperatorBtn key={op.label} op={op} act={act} />)}
        <button type="button" className="heal" onClick={() => act({ type: 'healAll' })}>
          Heal everything
        </button>
      </div>
    </section>
  );
}

const run = (tl: Timeline) => ({ nodeIds: tl.sim.nodeIds, state: (id: NodeId) => tl.sim.state(id), isUp: (id: NodeId) => tl.sim.isUp(id) });

function OperatorBtn({ op, act }: { op: OperatorButton; act: (a: import('../kernel').Action) => boolean }) {
  return (
    <button type="button" className="small" disabled={op.disabled !== null} title={op.disabled ? `${op.title} — ${op.disabled}` : op.title} onClick={() => act(op.action)}>
      {op.label}
    </button>
  );
}

/**
 * A protocol's own steps taken by hand (the published spec lets its actions fire at any time
 * their guard holds; here timers drive them, and each is also a button). Shown when there are
 * more than a couple of them.
 */
function OperatorControls() {
  const { timeline: tl } = useRun();
  const act = useLab((s) => s.act);
  const ops = operatorButtons(tl.protocol, run(tl));
  if (ops.length <= 2) return null;
  const groups = new Map<string, OperatorButton[]>();
  for (const op of ops) {
    const a = op.action;
    const key = a.type === 'operator' && (a.name === 'HardReset' || a.name === 'Restart') ? 'Failures the spec defines' : a.type === 'operator' && a.node ? `${a.node}` : 'other';
    groups.set(key, [...(groups.get(key) ?? []), op]);
  }
  return (
    <section className="panel" aria-labelledby="h-ops" data-testid="spec-actions">
      <h2 id="h-ops">Spec actions, by hand</h2>
      <p className="hint">Timers take these steps on their own; take one now to choose the order yourself. Greyed out: its guard does not hold.</p>
      {[...groups].map(([key, list]) => (
        <div key={key} className="op-group" role="group" aria-label={key}>
          <div className="op-head">{key}</div>
          <div className="op-buttons">
            {list.map((op) => (
              <OperatorBtn key={op.label} op={op} act={act} />
            ))}
          </div>
        </div>
      ))}
    </section>
  );
}

function LinkControls() {
  const { timeline: tl } = useRun();
  const act = useLab((s) => s.act);
  const ids = tl.sim.nodeIds;
  const pairs: [NodeId, NodeId][] = [];
  for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) pairs.push([ids[i]!, ids[j]!]);
  return (
    <section className="panel" aria-labelledby="h-links">
      <h2 id="h-links">Links</h2>
      <table className="link-table">
        <thead>
          <tr>
            <th scope="col">pair</th>
            <th scope="col">→</th>
            <th scope="col">←</th>
            <th scope="col">both</th>
          </tr>
        </thead>
        <tbody>
          {pairs.map(([a, b]) => {
            const ab = tl.sim.link(a, b).cut;
            const ba = tl.sim.link(b, a).cut;
            return (
              <tr key={`${a}${b}`}>
                <th scope="row">
                  {a}–{b}
                </th>
                <td>
                  <LinkButton cut={ab} from={a} to={b} act={act} />
                </td>
                <td>
                  <LinkButton cut={ba} from={b} to={a} act={act} />
                </td>
                <td className="both">
                  <button type="button" className="small" onClick={() => act({ type: 'cut', from: a, to: b, both: true })}>
                    Cut {a}↔{b}
                  </button>
                  <button type="button" className="small" onClick={() => act({ type: 'heal', from: a, to: b, both: true })}>
                    Heal {a}↔{b}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function LinkButton({ cut, from, to, act }: { cut: boolean; from: NodeId; to: NodeId; act: (a: import('../kernel').Action) => boolean }) {
  return (
    <span className="link-pair">
      <button type="button" className={`small${cut ? ' on' : ''}`} aria-pressed={cut} onClick={() => act({ type: 'cut', from, to })}>
        Cut {from}→{to}
      </button>
      <button type="button" className="small" onClick={() => act({ type: 'heal', from, to })}>
        Heal {from}→{to}
      </button>
    </span>
  );
}

const MAX_LISTED = 30;

function MessageControls() {
  const { timeline: tl } = useRun();
  const act = useLab((s) => s.act);
  const selected = useLab((s) => s.selectedMsg);
  const selectMsg = useLab((s) => s.selectMsg);
  const msgs = tl.sim.messages();
  const sel = selected !== null ? msgs.find((m) => m.id === selected) : undefined;
  return (
    <section className="panel" aria-labelledby="h-msgs">
      <h2 id="h-msgs">
        Messages in flight <span className="count">{msgs.length}</span>
      </h2>
      <div className="msg-actions" aria-live="off">
        {sel ? (
          <>
            <span className="sel-label">{msgLabel(tl.protocol, sel)}</span>
            <button type="button" className="small" onClick={() => act({ type: 'drop', msg: sel.id })}>
              Drop #{sel.id}
            </button>
            <button type="button" className="small" onClick={() => act({ type: 'duplicate', msg: sel.id })}>
              Duplicate #{sel.id}
            </button>
            <button type="button" className="small" onClick={() => act({ type: 'deliver', msg: sel.id })}>
              Deliver #{sel.id}
            </button>
          </>
        ) : (
          <span className="hint">{msgs.length ? 'Select a message (click it in the view or below).' : 'None: step or play to send some.'}</span>
        )}
      </div>
      <ul className="msg-list">
        {msgs.slice(0, MAX_LISTED).map((m) => (
          <li key={m.id}>
            <button
              type="button"
              className={`chip${m.id === selected ? ' on' : ''}`}
              aria-pressed={m.id === selected}
              aria-label={`Select message ${msgLabel(tl.protocol, m)}`}
              onClick={() => selectMsg(m.id === selected ? null : m.id)}
            >
              {msgLabel(tl.protocol, m)}
            </button>
          </li>
        ))}
        {msgs.length > MAX_LISTED && <li className="hint">… and {msgs.length - MAX_LISTED} more</li>}
      </ul>
    </section>
  );
}

export function Controls() {
  return (
    <div className="controls">
      <NodeControls />
      <OperatorControls />
      <LinkControls />
      <MessageControls />
    </div>
  );
}
