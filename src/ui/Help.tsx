import { useEffect, useRef } from 'react';
import { useLab } from '../store';
import { useFocusTrap } from './focus';

export const SHORTCUTS: [string, string][] = [
  ['Space', 'Play or pause'],
  ['→', 'Step to the next event'],
  ['←', 'Step back one event'],
  ['1 … 9', 'Select node D1, D2, …; 0 selects the elector E'],
  ['c / r', 'Crash / restart the selected node'],
  ['w', 'Write (to the selected data node, else to the leader)'],
  ['Esc', 'Clear the selection, close a dialog'],
  ['?', 'Show this help'],
];

export function HelpOverlay() {
  const open = useLab((s) => s.helpOpen);
  return open ? <HelpDialog /> : null;
}

function HelpDialog() {
  const setHelp = useLab((s) => s.setHelp);
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
            {SHORTCUTS.map(([k, v]) => (
              <tr key={k}>
                <th scope="row">
                  <kbd>{k}</kbd>
                </th>
                <td>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="hint">Every control is also reachable with Tab; buttons are named verb + target (“Crash D1”, “Cut D1→D2”).</p>
        <div className="row end">
          <button type="button" ref={ref} onClick={() => setHelp(false)}>
            Close help
          </button>
        </div>
      </div>
    </div>
  );
}
