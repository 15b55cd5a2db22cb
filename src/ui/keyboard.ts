// Global shortcuts. They stay out of the way of focused controls: keys typed into an input,
// or Space/Enter on a focused button, do what the control does, not the shortcut.

import type { Action, LabStore, NodeId } from '../store';

function interactive(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable) return true;
  const tag = t.tagName;
  if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || tag === 'BUTTON' || tag === 'A') return true;
  // Widgets that use the keys themselves (the TLC step list, tabs, sliders).
  const role = t.closest('[role]')?.getAttribute('role');
  return role === 'slider' || role === 'listbox' || role === 'option' || role === 'tab' || role === 'grid';
}

/** The lab's shortcuts, for a keydown listener on the window. */
export function onGlobalKey(store: LabStore, e: KeyboardEvent): void {
  // A control that handled the key itself (a log cell's Enter/Space opens its Why?) keeps it.
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
  const st = store.getState();
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
  const nodes = st.nodes;
  const data = nodes.filter((n) => n.view.kind === 'data').map((n) => n.id);
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
      const to = sel && data.includes(sel) ? sel : (st.leaderId ?? data[0]);
      if (to !== undefined) run({ type: 'write', node: to });
      return;
    }
    default:
      if (/^[0-9]$/.test(e.key)) {
        // 1–9: the data nodes in order; 0: the first node that is not one (the elector).
        const k = Number(e.key);
        const id = k === 0 ? nodes.find((n) => n.view.kind !== 'data')?.id : data[k - 1];
        if (id) st.selectNode(st.selectedNode === id ? null : id);
      }
  }
}
