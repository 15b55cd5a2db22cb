// Global shortcuts. They work wherever focus is, except for the keys the focused control uses
// itself: text fields keep every key, a slider its arrows, a checkbox its Space, a menu or list
// its keys; a focused button keeps Enter, and Space when it was reached with the keyboard (Tab) or
// a script. A button clicked with the mouse keeps the focus but not Space, so after clicking Play,
// Space pauses.
// A widget that answers a key itself (a log cell's Enter, a roving-focus arrow) calls
// preventDefault, and the shortcut then stays out of its way. Esc closes a dialog, else clears the
// selection and returns focus to the cluster.
//
// Present mode drives playback with the same commands, plus a presentation clicker's PageUp and
// PageDown: `onPresentKey(store, e)`.

import type { Action, LabStore, NodeId } from '../store';
import { focusCluster, focusedByPointer, openMenu } from './focus';

/** The time commands a key can give. */
export type TimeCommand = 'togglePlay' | 'step' | 'stepBack';

/**
 * The time command of a key: Space plays or pauses, → steps, ← steps back. With `clicker` (Present
 * mode), a presentation clicker's PageDown ("next") steps and PageUp ("previous") steps back.
 */
export function timeCommand(key: string, opts: { clicker?: boolean } = {}): TimeCommand | null {
  switch (key) {
    case ' ':
    case 'Spacebar':
      return 'togglePlay';
    case 'ArrowRight':
      return 'step';
    case 'ArrowLeft':
      return 'stepBack';
    case 'PageDown':
      return opts.clicker ? 'step' : null;
    case 'PageUp':
      return opts.clicker ? 'stepBack' : null;
    default:
      return null;
  }
}

/** Give a time command to the lab. */
export function runTimeCommand(store: LabStore, cmd: TimeCommand): void {
  const st = store.getState();
  if (cmd === 'togglePlay') st.togglePlay();
  else if (cmd === 'step') st.step();
  else st.stepBack();
}

const TEXT_INPUTS = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number', 'date', 'time', 'datetime-local', 'month', 'week', 'color', '']);
const ARROWS = ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'];
const SLIDER_KEYS = new Set([...ARROWS, 'Home', 'End', 'PageUp', 'PageDown']);
const GRID_KEYS = new Set([...SLIDER_KEYS, 'Enter', ' ']);
/** Roles whose widgets take every key but Esc (lists and menus search by typed letters). */
const ALL_KEYS_ROLES = new Set(['listbox', 'option', 'menu', 'menubar', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'tree', 'treeitem', 'combobox', 'textbox', 'searchbox', 'spinbutton']);

/** Was `el` focused from the keyboard (or a script), not by a click or a tap? */
const keyboardFocused = (el: Element): boolean => !focusedByPointer(el);

/**
 * Does the focused element `target` use `key` itself? Then the shortcut stays out of its way.
 * Text fields (and selects) keep every key but Esc; sliders their arrows, Home/End and PageUp/Down;
 * checkboxes and radios Space (radios also arrows); a file input Space and Enter; buttons, links
 * and summaries Enter, and Space when reached with the keyboard (after a mouse click Space plays or
 * pauses); tabs and grids their arrows, Enter and Space; lists and menus every key but Esc.
 */
export function ownsKey(target: EventTarget | null, key: string): boolean {
  if (typeof Element === 'undefined' || !(target instanceof Element)) return false;
  if (target instanceof HTMLElement && target.isContentEditable) return key !== 'Escape';
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return key !== 'Escape';
  if (tag === 'INPUT') {
    const type = ((target as HTMLInputElement).type || '').toLowerCase();
    if (type === 'range') return SLIDER_KEYS.has(key);
    if (type === 'checkbox') return key === ' ';
    if (type === 'radio') return key === ' ' || ARROWS.includes(key);
    if (type === 'file') return key === ' ' || key === 'Enter';
    if (type === 'button' || type === 'submit' || type === 'reset' || type === 'image') return key === 'Enter' || (key === ' ' && keyboardFocused(target));
    if (type === 'search') return true; // Esc clears a search field
    if (TEXT_INPUTS.has(type)) return key !== 'Escape';
    return key !== 'Escape';
  }
  const role = target.getAttribute('role') ?? target.closest('[role]')?.getAttribute('role') ?? null;
  if (role && ALL_KEYS_ROLES.has(role)) return key !== 'Escape';
  if (role === 'slider' || role === 'scrollbar') return SLIDER_KEYS.has(key);
  if (role === 'tab' || role === 'tablist' || role === 'grid' || role === 'gridcell' || role === 'row' || role === 'radiogroup' || role === 'radio') return GRID_KEYS.has(key);
  if (role === 'checkbox' || role === 'switch') return key === ' ';
  if (tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY' || role === 'button' || role === 'link') return key === 'Enter' || (key === ' ' && keyboardFocused(target));
  return false;
}

/** Is `t` inside an open modal dialog (which answers its own keys, Esc included)? */
function inDialog(t: EventTarget | null): boolean {
  return typeof Element !== 'undefined' && t instanceof Element && !!t.closest('[role="dialog"], [role="alertdialog"], dialog[open]');
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
  if (inDialog(e.target)) return;
  if (e.key === 'Escape') {
    // An open menu closes first (it answers Esc itself); then Esc clears the selection and
    // brings focus back to the cluster.
    if (openMenu()) return;
    st.selectNode(null);
    st.selectMsg(null);
    focusCluster();
    return;
  }
  if (ownsKey(e.target, e.key)) return;
  if (e.key === '?') {
    e.preventDefault();
    st.setHelp(true);
    return;
  }
  const cmd = timeCommand(e.key);
  if (cmd) {
    e.preventDefault();
    runTimeCommand(store, cmd);
    return;
  }
  const nodes = st.nodes;
  const data = nodes.filter((n) => n.view.kind === 'data').map((n) => n.id);
  const sel: NodeId | null = st.selectedNode;
  const run = (a: Action) => st.act(a);
  switch (e.key) {
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

/**
 * Present mode's keys: Space plays or pauses, → and PageDown (a clicker's "next") step, ← and
 * PageUp (its "previous") step back, unless the focused control uses the key itself. Returns true, having
 * prevented the key's default, when it was one of them; other keys are left to the caller.
 */
export function onPresentKey(store: LabStore, e: KeyboardEvent): boolean {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return false;
  const cmd = timeCommand(e.key, { clicker: true });
  if (!cmd) return false;
  if (ownsKey(e.target, e.key)) return false;
  e.preventDefault();
  runTimeCommand(store, cmd);
  return true;
}
