// The help overlay: the keyboard shortcuts, and what the picture shows in the running
// protocol's words (its kinds of node and its legend of abbreviations).

import { useEffect, useRef, useSyncExternalStore } from 'react';
import { useLabStore, useShallow } from '../store';
import { useFocusTrap } from './focus';

// The first-visit card "What am I looking at?": open until dismissed; the dismissal is remembered
// in localStorage; the help overlay (`?`) reopens it.
export const INTRO_KEY = 'janus-lab:intro-dismissed';
const introListeners = new Set<() => void>();
let introOpen: boolean | null = null;
function readIntro(): boolean {
  if (introOpen === null) {
    try {
      introOpen = window.localStorage.getItem(INTRO_KEY) !== '1';
    } catch {
      introOpen = true; // storage refused (private mode, sandboxed iframe): show it
    }
  }
  return introOpen;
}
/** Open (true) or dismiss (false) the first-visit card; dismissing is remembered. */
export function setIntroOpen(open: boolean): void {
  introOpen = open;
  try {
    if (open) window.localStorage.removeItem(INTRO_KEY);
    else window.localStorage.setItem(INTRO_KEY, '1');
  } catch {
    // not remembered: the card stays closed for this page only
  }
  for (const f of introListeners) f();
}
function useIntroOpen(): boolean {
  return useSyncExternalStore(
    (f) => {
      introListeners.add(f);
      return () => introListeners.delete(f);
    },
    readIntro,
    () => false,
  );
}

/** A legend item's meaning by its term, if the protocol has one. */
const meaningOf = (legend: readonly { term: string; meaning: string }[] | undefined, term: string) => legend?.find((l) => l.term === term)?.meaning;

/**
 * "What am I looking at?": the kinds of node, R, RF and the commit rule, in the running
 * protocol's own words (its vocabulary), so the card fits any plug-in.
 */
export function FirstVisitCard() {
  const open = useIntroOpen();
  const vocabulary = useLabStore((s) => s.protocol.vocabulary);
  if (!open) return null;
  const { kinds, legend, commitRule } = vocabulary;
  const r = meaningOf(legend, 'R');
  const rf = meaningOf(legend, 'RF');
  const items: [string, string][] = [];
  if (kinds?.data) items.push(['Data nodes', kinds.data]);
  if (kinds?.elector) items.push(['The elector', kinds.elector]);
  if (r) items.push(['R', r]);
  if (rf) items.push(['RF', rf]);
  if (commitRule) items.push(['Committed', commitRule]);
  return (
    <section className="panel intro-card" role="region" aria-labelledby="h-intro" data-testid="intro-card">
      <h2 id="h-intro">What am I looking at?</h2>
      <dl>
        {items.map(([k, v]) => (
          <div key={k} className="intro-item">
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <p className="hint">Press Play (or Space) to run the cluster; click a node or a link to act on it. Press ? for this card and the keys again.</p>
      <div className="row end">
        <button type="button" className="primary" onClick={() => setIntroOpen(false)}>
          Got it
        </button>
      </div>
    </section>
  );
}

/** The shortcuts, naming the lab's own nodes (`data`: the data nodes in order; `other`: the first other node). */
export function shortcuts(data: readonly string[], other: string | null): [string, string][] {
  const first = data.slice(0, 3).join(', ');
  return [
    ['Space', 'Play or pause (also after clicking a button; Enter presses the focused button)'],
    ['→', 'Step to the next event'],
    ['←', 'Step back one event'],
    ['1 … 9', `Select node ${first}${data.length > 3 ? ', …' : ''}${other ? `; 0 selects ${other}` : ''}`],
    ['c / r', 'Crash / restart the selected node'],
    ['w', 'Write (to the selected data node, else to the leader)'],
    ['Esc', 'Close a menu or dialog; else clear the selection and go back to the cluster'],
    ['?', 'Show this help'],
  ];
}

export function HelpOverlay() {
  const open = useLabStore((s) => s.helpOpen);
  return open ? <HelpDialog /> : null;
}

/** The running protocol's words: what each kind of node is, and the abbreviations of the picture. */
export function Legend() {
  const kinds = useLabStore((s) => s.protocol.vocabulary.kinds);
  const legend = useLabStore((s) => s.protocol.vocabulary.legend);
  const colors = useLabStore((s) => s.protocol.colors);
  const types = useLabStore((s) => s.protocol.vocabulary.messageTypes);
  return (
    <div className="legend-list" data-testid="legend">
      {kinds && (
        <ul>
          {Object.entries(kinds).map(([k, text]) => (
            <li key={k}>{text}</li>
          ))}
        </ul>
      )}
      {legend && legend.length > 0 && (
        <dl>
          {legend.map((l) => (
            <div key={l.term} className="legend-item">
              <dt>{l.term}</dt>
              <dd>{l.meaning}</dd>
            </div>
          ))}
        </dl>
      )}
      {types.length > 0 && (
        <p className="legend-colors">
          {types.map((t) => (
            <span key={t} className="legend-color">
              <span className="swatch" style={{ background: colors[t] }} aria-hidden="true" /> {t}
            </span>
          ))}
        </p>
      )}
    </div>
  );
}

function HelpDialog() {
  const setHelp = useLabStore((s) => s.setHelp);
  const data = useLabStore(useShallow((s) => s.nodes.filter((n) => n.view.kind === 'data').map((n) => n.id)));
  const other = useLabStore((s) => s.nodes.find((n) => n.view.kind !== 'data')?.id ?? null);
  const ref = useRef<HTMLButtonElement>(null);
  const trap = useFocusTrap<HTMLDivElement>();
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="h-help" onKeyDown={(e) => e.key === 'Escape' && setHelp(false)}>
      <div className="dialog help" ref={trap}>
        <h2 id="h-help">Keyboard shortcuts</h2>
        <table>
          <tbody>
            {shortcuts(data, other).map(([k, v]) => (
              <tr key={k}>
                <th scope="row">
                  <kbd>{k}</kbd>
                </th>
                <td>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="hint">
          Every control is also reachable with Tab; buttons are named verb + target{data.length >= 2 ? ` (“Crash ${data[0]}”, “Write to ${data[1]}”)` : ''}. In
          the picture, Tab reaches the lanes, the nodes and the messages (arrows move among them); Enter opens what you can do there.
        </p>
        <h3>What the picture shows</h3>
        <Legend />
        <div className="row end">
          <button
            type="button"
            onClick={() => {
              setIntroOpen(true);
              setHelp(false);
            }}
          >
            What am I looking at?
          </button>
          <button type="button" ref={ref} onClick={() => setHelp(false)}>
            Close help
          </button>
        </div>
      </div>
    </div>
  );
}
