// Global shortcuts. They stay out of the way of focused controls: keys typed into an input,
// or Space/Enter on a focused button, do what the control does, not the shortcut.

import type { Action, NodeId } from '../kernel';
import { useLab } from '../store';
import { currentLeader } from './Controls';

function interactive(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable) return true;
  const tag = t.tagName;
  if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || tag === 'BUTTON' || tag === 'A') return true;
  // Widgets that use the keys themselves (the TLC step list, tabs, sliders).
  const role = t.closest('[role]')?.getAttribute('role');
  return role === 'slider' || role === 'listbox' || role === 'option' || role === 'tab' || role === 'grid';
}

export function onGlobalKey(e: KeyboardEvent): void {
  // A control that handled the key itself (a log cell's Enter/Space opens its Why?) keeps it.
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
  const st = useLab.getState();
  if (st.helpOpen || st.settingsOpen) {
    if (e.key === 'Escape') {
      st.setHelp(false);
      st.setSettingsOpen(false);
    }
    return;
  }
  if (interactive(e.target) && !(e.key === '?' && (e.target as HTMLElement).tagName === 'BUTTON')) return;
  if (e.key === '?') {
    e.preventDefault();
    st.setHelp(true);
    return;
  }
  const tl = st.timeline;
  const ids = tl.sim.nodeIds;
  const sel: NodeId | null = st.selectedNode;
  const run = (a: Action) => st.act(a);
  switch (e.key) {
    case ' ':
    case 'Spacebar':
      e.preventDefault();
      st.togglePlay();
      return;
    case 'ArrowRight':
      e.preventDefault();
      st.step();
      return;
    case 'ArrowLeft':
      e.preventDefault();
      st.stepBack();
      return;
    case 'Escape':
      st.selectNode(null);
      st.selectMsg(null);
      return;
    case 'c':
      if (sel) run({ type: 'crash', node: sel });
      return;
    case 'r':
      if (sel) run({ type: 'restart', node: sel });
      return;
    case 'w': {
      const to = sel && sel !== 'E' ? sel : (currentLeader(tl) ?? ids[0]!);
      run({ type: 'write', node: to });
      return;
    }
    default:
      if (/^[0-9]$/.test(e.key)) {
        const k = Number(e.key);
        const data = ids.filter((id) => id !== 'E');
        const id = k === 0 ? 'E' : data[k - 1];
        if (id) st.selectNode(st.selectedNode === id ? null : id);
      }
  }
}
