// Fault and write controls: nodes (crash, restart, write to), messages in flight (select, then
// drop, duplicate or deliver now), the protocol's own operator steps and "Heal everything". Every
// button is named verb + target. Links are cut and healed in the picture (its lanes' menus and its
// Links menu, src/ui/cluster/Menus.tsx).

import { useRef } from 'react';
import type { OperatorButton } from '../contracts';
import { useLabStore, useShallow, type Action, type MessageView } from '../store';
import { WhyNode } from './why/Why';

/** `#12 AE D1→D2`: how a message is named in lists and buttons. */
export const msgLabel = (m: MessageView): string => `#${m.id} ${m.label} ${m.from}→${m.to}`;

function NodeControls() {
  const nodes = useLabStore((s) => s.nodes);
  const leader = useLabStore((s) => s.leaderId);
  const ops = useLabStore((s) => s.operators);
  const act = useLabStore((s) => s.act);
  const selected = useLabStore((s) => s.selectedNode);
  // Without a leader, the write goes to the first live data node, which says why it fails.
  const firstData = (nodes.find((n) => n.view.kind === 'data' && n.up) ?? nodes.find((n) => n.view.kind === 'data') ?? nodes[0])?.id;
  const target = leader ?? firstData;
  return (
    <section className="panel" aria-labelledby="h-nodes">
      <h2 id="h-nodes">Nodes &amp; writes</h2>
      <div className="write-row">
        <button
          type="button"
          className="primary"
          disabled={target === undefined}
          onClick={() => target !== undefined && act({ type: 'write', node: target })}
          title={leader ? `Write to the leader (${leader})` : `No leader is known: the write goes to ${firstData ?? 'no node'}, which answers why it cannot take it`}
        >
          Write
        </button>
        <span className="hint">{leader ? `to leader ${leader}` : 'no leader now'}</span>
      </div>
      <table className="node-table">
        <tbody>
          {nodes.map(({ id, up, view }) => (
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
                {view.kind === 'data' && (
                  <button type="button" onClick={() => act({ type: 'write', node: id })}>
                    Write to {id}
                  </button>
                )}
              </td>
            </tr>
          ))}
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

function OperatorBtn({ op, act }: { op: OperatorButton; act: (a: Action) => boolean }) {
  return (
    <button type="button" className="small" disabled={op.disabled !== null} title={op.disabled ? `${op.title} — ${op.disabled}` : op.title} onClick={() => act(op.action)}>
      {op.label}
    </button>
  );
}

/** The group an operator step is listed under: the node it acts at, else 'other'; the node's own failures (crash-like steps without a node's choice) together. */
function groupOf(op: OperatorButton, failureNames: ReadonlySet<string>): string {
  const a = op.action;
  if (a.type !== 'operator') return 'other';
  if (failureNames.has(a.name)) return 'Failures the spec defines';
  return a.node ?? 'other';
}

/**
 * A protocol's own steps taken by hand (the published spec lets its actions fire at any time
 * their guard holds; here timers drive them, and each is also a button). Shown when there are
 * more than a couple of them.
 */
function OperatorControls() {
  const ops = useLabStore((s) => s.operators);
  const act = useLabStore((s) => s.act);
  if (ops.length <= 2) return null;
  // Steps offered at every node (HardReset D1, HardReset D2, …) are the spec's failures: listed together.
  const perName = new Map<string, Set<string>>();
  const nodesWithOps = new Set<string>();
  for (const op of ops)
    if (op.action.type === 'operator' && op.action.node) {
      nodesWithOps.add(op.action.node);
      perName.set(op.action.name, (perName.get(op.action.name) ?? new Set()).add(op.action.node));
    }
  const failures = new Set([...perName].filter(([, at]) => at.size > 1 && at.size === nodesWithOps.size && nodesWithOps.size > 1).map(([name]) => name));
  const groups = new Map<string, OperatorButton[]>();
  for (const op of ops) {
    const key = groupOf(op, failures);
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

/** Links are acted on in the picture (a lane's menu, the Links menu); here only a pointer to them and what is cut. */
function LinkSummary() {
  const cut = useLabStore(useShallow((s) => s.links.filter((l) => l.cut)));
  return (
    <section className="panel" aria-labelledby="h-links">
      <h2 id="h-links">Links</h2>
      <p className="hint" data-testid="links-summary">
        {cut.length ? `Cut: ${cut.map((l) => `${l.from}→${l.to}`).join(', ')}. ` : 'No link is cut. '}
        Click a lane in the picture (or Tab to it and press Enter) to cut or heal it; &ldquo;Links&rdquo; above the picture has Heal all and the partitions.
      </p>
    </section>
  );
}

const MAX_LISTED = 30;

function MessageControls() {
  const msgs = useLabStore((s) => s.messages);
  const act = useLabStore((s) => s.act);
  const selected = useLabStore((s) => s.selectedMsg);
  const selectMsg = useLabStore((s) => s.selectMsg);
  const sel = selected !== null ? msgs.find((m) => m.id === selected) : undefined;
  const list = useRef<HTMLUListElement>(null);
  /** Drop or deliver the selected message, and keep the focus in the list: on the next message's chip, else the list's heading. */
  const takeOut = (type: 'drop' | 'deliver', id: number) => {
    const k = msgs.findIndex((m) => m.id === id);
    act({ type, msg: id });
    requestAnimationFrame(() => {
      const chips = list.current?.querySelectorAll<HTMLButtonElement>('button.chip');
      const next = chips && chips.length ? chips[Math.min(Math.max(0, k), chips.length - 1)] : null;
      (next ?? list.current?.closest('section')?.querySelector<HTMLElement>('h2'))?.focus();
    });
  };
  return (
    <section className="panel" aria-labelledby="h-msgs">
      <h2 id="h-msgs" tabIndex={-1}>
        Messages in flight <span className="count">{msgs.length}</span>
      </h2>
      <div className="msg-actions" aria-live="off">
        {sel ? (
          <>
            <span className="sel-label">{msgLabel(sel)}</span>
            <button type="button" className="small" onClick={() => takeOut('drop', sel.id)}>
              Drop #{sel.id}
            </button>
            <button type="button" className="small" onClick={() => act({ type: 'duplicate', msg: sel.id })}>
              Duplicate #{sel.id}
            </button>
            <button type="button" className="small" onClick={() => takeOut('deliver', sel.id)}>
              Deliver #{sel.id}
            </button>
          </>
        ) : (
          <span className="hint">{msgs.length ? 'Select a message (click it in the view or below).' : 'None: step or play to send some.'}</span>
        )}
      </div>
      <ul className="msg-list" ref={list} data-testid="msg-list">
        {msgs.slice(0, MAX_LISTED).map((m) => (
          <li key={m.id}>
            <button
              type="button"
              className={`chip${m.id === selected ? ' on' : ''}`}
              aria-pressed={m.id === selected}
              aria-label={`Select message ${msgLabel(m)}`}
              onClick={() => selectMsg(m.id === selected ? null : m.id)}
            >
              {msgLabel(m)}
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
      <LinkSummary />
      <MessageControls />
    </div>
  );
}
