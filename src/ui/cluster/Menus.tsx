// The picture's menus: a node's (Crash, Crash and lose the disk, Restart, Write here, Why?, and
// the protocol's own steps at that node), a lane's (cut one or both directions, cut for N ms,
// heal, its loss and latency), a message's (Drop, Duplicate, Deliver now, Why?), and "Links"
// (heal all, partition presets computed from the nodes' kinds and the leader, never from names).
// Each is a small non-modal dialog of buttons: arrows move between them, Esc closes it and gives
// the focus back to what opened it.

import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { Action, NodeInfo } from '../../store';
import { useLabStore } from '../../store';
import type { MenuTarget, OpenMenu } from './context';

const FOCUSABLE = 'button:not([disabled]), input:not([disabled])';

/** A split of the nodes into two sides, as the Links menu offers it. */
export interface Preset {
  label: string;
  /** The pairs to cut in both directions. */
  pairs: [string, string][];
}

const fmt = (ids: readonly string[]) => `{${ids.join(', ')}}`;

/**
 * Partition presets from the nodes' kinds and the leader: isolate each node ({X} | the rest), and
 * the leader cut from the other data nodes but not from the nodes of other kinds (the elector).
 */
export function partitionPresets(nodes: readonly Pick<NodeInfo, 'id' | 'view'>[], leaderId: string | null): Preset[] {
  const ids = nodes.map((n) => n.id);
  const out: Preset[] = ids.map((x) => ({
    label: `Isolate ${x}: ${fmt([x])} | ${fmt(ids.filter((y) => y !== x))}`,
    pairs: ids.filter((y) => y !== x).map((y) => [x, y] as [string, string]),
  }));
  const lead = nodes.find((n) => n.id === leaderId && n.view.kind === 'data');
  if (lead) {
    const followers = nodes.filter((n) => n.view.kind === 'data' && n.id !== lead.id).map((n) => n.id);
    const others = nodes.filter((n) => n.view.kind !== 'data').map((n) => n.id);
    if (followers.length)
      out.push({
        label: `Leader ${lead.id} from its followers${others.length ? `, not from ${others.join(', ')}` : ''}: ${fmt([lead.id, ...others])} | ${fmt(followers)}`,
        pairs: followers.map((f) => [lead.id, f] as [string, string]),
      });
  }
  return out;
}

function Item({ children, onClick, disabled, title, testid }: { children: ReactNode; onClick: () => void; disabled?: boolean; title?: string; testid?: string }) {
  return (
    <button type="button" className="cm-item" disabled={disabled} title={title} data-testid={testid} onClick={onClick}>
      {children}
    </button>
  );
}

function Why({ lines }: { lines: { text: string; rule: string }[] }) {
  const ruleName = useLabStore((s) => s.protocol.ruleName);
  return (
    <div className="cm-why" role="note" data-testid="menu-why">
      {lines.length ? lines.map((n, k) => (
        <p key={k}>
          {n.text} {n.rule && <span className="why-rule">({/^\d/.test(n.rule) ? ruleName(n.rule) : `spec: ${n.rule}`})</span>}
        </p>
      )) : <p>Nothing to explain here.</p>}
    </div>
  );
}

function NodeMenu({ id, done }: { id: string; done: (a?: Action | Action[]) => void }) {
  const n = useLabStore((s) => s.nodes.find((x) => x.id === id));
  const ops = useLabStore((s) => s.operators);
  const why = useLabStore((s) => s.why);
  const [showWhy, setShowWhy] = useState(false);
  if (!n) return <p>{id} is not in this run.</p>;
  const mine = ops.filter((o) => o.action.type === 'operator' && o.action.node === id);
  return (
    <>
      <div className="cm-head">
        {id} · {n.up ? n.view.role : 'down'} · term {n.view.term}
      </div>
      {n.up ? (
        <>
          <Item onClick={() => done({ type: 'crash', node: id })}>Crash</Item>
          <Item onClick={() => done({ type: 'crash', node: id, wipe: true })} title="Crash, and the node loses its disk too: it comes back with nothing it had stored">
            Crash and lose the disk
          </Item>
        </>
      ) : (
        <Item onClick={() => done({ type: 'restart', node: id })}>Restart</Item>
      )}
      {n.view.kind === 'data' && <Item onClick={() => done({ type: 'write', node: id })}>Write here</Item>}
      {mine.map((o) => (
        <Item key={o.label} disabled={o.disabled !== null} title={o.disabled ? `${o.title} — ${o.disabled}` : o.title} onClick={() => done(o.action)}>
          {o.label}
        </Item>
      ))}
      <Item onClick={() => setShowWhy(!showWhy)}>{showWhy ? 'Hide why' : 'Why?'}</Item>
      {showWhy && <Why lines={why.node(id)} />}
    </>
  );
}

function LaneMenu({ from, to, done }: { from: string; to: string; done: (a?: Action | Action[]) => void }) {
  const l = useLabStore((s) => s.links.find((x) => x.from === from && x.to === to));
  const back = useLabStore((s) => s.links.find((x) => x.from === to && x.to === from));
  const [ms, setMs] = useState('500');
  const [loss, setLoss] = useState(() => String(Math.round((l?.params.loss ?? 0) * 1000) / 10));
  const [lat, setLat] = useState(() => String(l?.params.latencyMin ?? 0));
  if (!l) return <p>No link {from}→{to}.</p>;
  const n = Number(ms);
  const okMs = Number.isFinite(n) && n > 0 && n <= 3_600_000;
  const lossN = Number(loss);
  const latN = Number(lat);
  const okParams = loss.trim() !== '' && lat.trim() !== '' && Number.isFinite(lossN) && lossN >= 0 && lossN <= 100 && Number.isFinite(latN) && latN >= 0 && latN <= 60_000;
  return (
    <>
      <div className="cm-head">
        {from}→{to} · {l.cut ? `cut${l.cutUntil !== null ? ` until ${Math.round(l.cutUntil)} ms` : ''}` : 'open'}
      </div>
      {l.cut ? <Item onClick={() => done({ type: 'heal', from, to })}>Heal this direction</Item> : <Item onClick={() => done({ type: 'cut', from, to })}>Cut this direction</Item>}
      {l.cut || back?.cut ? <Item onClick={() => done({ type: 'heal', from, to, both: true })}>Heal both directions</Item> : null}
      <Item onClick={() => done({ type: 'cut', from, to, both: true })}>Cut both directions</Item>
      <div className="cm-row">
        <Item disabled={!okMs} onClick={() => done({ type: 'cut', from, to, duration: n })}>
          Cut for {okMs ? n : 'N'} ms
        </Item>
        <label>
          <span className="sr-only">Cut for how many ms</span>
          <input type="number" min={1} step={50} value={ms} onChange={(e) => setMs(e.currentTarget.value)} aria-label="Cut for how many ms" />
        </label>
      </div>
      <fieldset className="cm-params">
        <legend>This link&apos;s loss and latency</legend>
        <label>
          loss %
          <input type="number" min={0} max={100} step={1} value={loss} onChange={(e) => setLoss(e.currentTarget.value)} aria-label={`Loss of ${from}→${to}, percent`} />
        </label>
        <label>
          latency ms
          <input type="number" min={0} step={5} value={lat} onChange={(e) => setLat(e.currentTarget.value)} aria-label={`Minimum latency of ${from}→${to}, ms`} />
        </label>
        <Item disabled={!okParams} onClick={() => done({ type: 'link', from, to, params: { loss: lossN / 100, latencyMin: latN } })}>
          Apply to {from}→{to}
        </Item>
        {!okParams && <span className="cm-error">loss is 0–100 %, latency 0–60000 ms</span>}
        <span className="cm-note">
          now: latency {l.params.latencyMin}
          {l.params.latencyJitter ? `–${l.params.latencyMin + l.params.latencyJitter}` : ''} ms, loss {Math.round(l.params.loss * 1000) / 10} %
        </span>
      </fieldset>
    </>
  );
}

function MsgMenu({ id, done }: { id: number; done: (a?: Action | Action[]) => void }) {
  const m = useLabStore((s) => s.messages.find((x) => x.id === id));
  const [showWhy, setShowWhy] = useState(false);
  if (!m) return <p>Message #{id} is no longer in flight.</p>;
  const why = [
    { text: `${m.from} sent this ${m.type} to ${m.to} at ${m.sentAt.toFixed(1)} ms; the network set its arrival for ${m.deliverAt.toFixed(1)} ms (the link's latency).`, rule: '' },
    m.fate === 'loss' ? { text: "The network already decided to lose it on arrival (the link's loss probability).", rule: '' } : null,
    m.dupOf !== null ? { text: `It is a duplicate of #${m.dupOf}, made by the network or by hand.`, rule: '' } : null,
  ].filter((x): x is { text: string; rule: string } => x !== null);
  return (
    <>
      <div className="cm-head">
        #{m.id} {m.type} · {m.from}→{m.to}
      </div>
      <Item onClick={() => done({ type: 'drop', msg: m.id })}>Drop</Item>
      <Item onClick={() => done({ type: 'duplicate', msg: m.id })}>Duplicate</Item>
      <Item onClick={() => done({ type: 'deliver', msg: m.id })}>Deliver now</Item>
      <Item onClick={() => setShowWhy(!showWhy)}>{showWhy ? 'Hide why' : 'Why?'}</Item>
      {showWhy && <Why lines={why} />}
    </>
  );
}

function LinksMenu({ done }: { done: (a?: Action | Action[]) => void }) {
  const nodes = useLabStore((s) => s.nodes);
  const links = useLabStore((s) => s.links);
  const leaderId = useLabStore((s) => s.leaderId);
  const cut = links.filter((l) => l.cut);
  return (
    <>
      <div className="cm-head">Links · {cut.length ? `${cut.length} direction${cut.length === 1 ? '' : 's'} cut` : 'none cut'}</div>
      <Item disabled={!cut.length} onClick={() => done(cut.map((l) => ({ type: 'heal', from: l.from, to: l.to })))}>
        Heal all links
      </Item>
      <div className="cm-sub">Partitions (both directions)</div>
      {partitionPresets(nodes, leaderId).map((p) => (
        <Item key={p.label} onClick={() => done(p.pairs.map(([a, b]) => ({ type: 'cut', from: a, to: b, both: true })))}>
          {p.label}
        </Item>
      ))}
      <p className="cm-note">Tab to a lane in the picture (or click it) to cut one direction, for a while, or to change its loss and latency.</p>
    </>
  );
}

function title(t: MenuTarget): string {
  switch (t.kind) {
    case 'node':
      return `Actions for ${t.id}`;
    case 'lane':
      return `Link ${t.from}→${t.to}`;
    case 'msg':
      return `Message #${t.id}`;
    case 'links':
      return 'Links';
  }
}

/** The open menu, placed at its anchor inside the picture (kept within its width). */
export function ClusterMenu({ menu, close, width }: { menu: OpenMenu; close: (refocus: boolean) => void; width: number }) {
  const act = useLabStore((s) => s.act);
  const ref = useRef<HTMLDivElement>(null);
  const [left, setLeft] = useState(menu.x);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setLeft(Math.max(4, Math.min(menu.x, width - el.offsetWidth - 4)));
    el.querySelector<HTMLElement>(FOCUSABLE)?.focus();
  }, [menu, width]);
  useEffect(() => {
    const onDown = (e: PointerEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node) && !(menu.returnTo && menu.returnTo.contains(e.target as Node))) close(false);
    };
    document.addEventListener('pointerdown', onDown, true);
    return () => document.removeEventListener('pointerdown', onDown, true);
  }, [menu, close]);
  const done = (a?: Action | Action[]) => {
    if (a) for (const x of Array.isArray(a) ? a : [a]) if (!act(x)) break;
    close(true);
  };
  const t = menu.target;
  return (
    <div
      ref={ref}
      className="cluster-menu"
      role="dialog"
      aria-label={title(t)}
      data-testid={`menu-${t.kind}`}
      style={{ left, top: menu.y }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          close(true);
          return;
        }
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          const items = [...(ref.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
          const i = items.indexOf(document.activeElement as HTMLElement);
          const next = items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length];
          if (next) {
            e.preventDefault();
            next.focus();
          }
        }
        // The menu's own keys never reach the page's shortcuts.
        e.stopPropagation();
      }}
    >
      {t.kind === 'node' && <NodeMenu id={t.id} done={done} />}
      {t.kind === 'lane' && <LaneMenu from={t.from} to={t.to} done={done} />}
      {t.kind === 'msg' && <MsgMenu id={t.id} done={done} />}
      {t.kind === 'links' && <LinksMenu done={done} />}
      <button type="button" className="cm-close" onClick={() => close(true)} aria-label="Close menu">
        ✕
      </button>
    </div>
  );
}
