// @vitest-environment jsdom
// The page's shortcuts against the focused element: they work while a button (or a slider, a
// checkbox, a link) has focus, except for the keys that control uses itself; text fields keep
// every key; Esc returns focus to the cluster (after a dialog or a menu had it). Present mode's
// clicker keys. Real lab store, real DOM events.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REGISTRY } from '../../src/protocols/registry';
import { createLabStore, type LabStore } from '../../src/store';
import { focusCluster, focusedByPointer, openMenu } from '../../src/ui/focus';
import { onGlobalKey, onPresentKey, ownsKey, timeCommand } from '../../src/ui/keyboard';

let store: LabStore;
let listener: (e: KeyboardEvent) => void;

beforeEach(() => {
  store = createLabStore(REGISTRY, { protocol: 'janus-3+1', seed: 1 });
  store.getState().advance(1000); // a few events to step back over
  store.getState().flush();
  listener = (e) => onGlobalKey(store, e);
  window.addEventListener('keydown', listener);
});
afterEach(() => {
  vi.restoreAllMocks();
  window.removeEventListener('keydown', listener);
  store.dispose();
  document.body.innerHTML = '';
});

/** Put `html` in the page and focus the element matching `sel`. */
function focusOn(html: string, sel: string): HTMLElement {
  document.body.insertAdjacentHTML('beforeend', html);
  const el = document.querySelector<HTMLElement>(sel)!;
  el.focus();
  expect(document.activeElement).toBe(el);
  return el;
}

/** Focus `el` as a mouse click does: a pointer press, then the focus. */
function mouseFocus(el: HTMLElement = document.activeElement as HTMLElement): void {
  el.blur();
  el.dispatchEvent(new Event('pointerdown', { bubbles: true }));
  el.focus();
  el.dispatchEvent(new Event('pointerup', { bubbles: true }));
  expect(focusedByPointer(el)).toBe(true);
}

/** Press `key` on the focused element; returns the event (was its default prevented?). */
function press(key: string, target: Element = document.activeElement ?? document.body): KeyboardEvent {
  const e = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
  target.dispatchEvent(e);
  return e;
}

describe('shortcuts while a control has focus', () => {
  // Regression: every shortcut died while any button had focus (e.g. after clicking Play).
  it('a button clicked with the mouse: Space plays and pauses, arrows step, digits select, ? opens help; Enter stays the button’s', () => {
    focusOn('<button type="button">Play</button>', 'button');
    mouseFocus();
    const space = press(' ');
    expect(space.defaultPrevented).toBe(true); // the button is not pressed as well
    expect(store.getState().mode).toBe('playing');
    press(' ');
    expect(store.getState().mode).toBe('paused');
    const events = store.getState().events;
    press('ArrowRight');
    expect(store.getState().events).toBe(events + 1);
    press('ArrowLeft');
    expect(store.getState().events).toBe(events);
    press('1');
    expect(store.getState().selectedNode).toBe(store.getState().nodes.find((n) => n.view.kind === 'data')!.id);
    const enter = press('Enter');
    expect(enter.defaultPrevented).toBe(false);
    expect(store.getState().mode).toBe('paused');
    press('?');
    expect(store.getState().helpOpen).toBe(true);
  });

  it('a button reached with the keyboard keeps Space (it presses the button), the other shortcuts work', () => {
    focusOn('<button type="button">Crash D1</button>', 'button');
    expect(press(' ').defaultPrevented).toBe(false);
    expect(store.getState().mode).toBe('paused');
    const events = store.getState().events;
    press('ArrowRight');
    expect(store.getState().events).toBe(events + 1);
    press('3');
    expect(store.getState().selectedNode).not.toBe(null);
  });

  it('a focused link, summary or role=button element takes the shortcuts too', () => {
    for (const [html, sel] of [
      ['<a href="#x">x</a>', 'a'],
      ['<details><summary>More</summary></details>', 'summary'],
      ['<div role="button" tabindex="0">Crash</div>', '[role="button"]'],
    ] as const) {
      document.body.innerHTML = '';
      focusOn(html, sel);
      const before = store.getState().events;
      press('ArrowRight');
      expect(store.getState().events, html).toBe(before + 1);
    }
  });

  it('text fields keep every key but Esc; selects keep their letters', () => {
    const input = focusOn('<input type="number" value="5">', 'input');
    const before = { mode: store.getState().mode, events: store.getState().events };
    for (const k of [' ', 'ArrowRight', 'ArrowLeft', '1', 'c', 'w', '?']) expect(press(k).defaultPrevented, k).toBe(false);
    expect({ mode: store.getState().mode, events: store.getState().events }).toEqual(before);
    expect(store.getState().helpOpen).toBe(false);
    expect(store.getState().selectedNode).toBe(null);
    input.remove();
    focusOn('<textarea></textarea>', 'textarea');
    press(' ');
    expect(store.getState().mode).toBe('paused');
    focusOn('<select><option>a</option></select>', 'select');
    press('2');
    expect(store.getState().selectedNode).toBe(null);
  });

  it('a slider keeps its arrows and PageUp/PageDown, but Space still plays; a checkbox keeps Space, not the arrows', () => {
    focusOn('<input type="range" min="0" max="10" aria-label="Speed">', 'input');
    const events = store.getState().events;
    expect(press('ArrowRight').defaultPrevented).toBe(false);
    expect(store.getState().events).toBe(events);
    press(' ');
    expect(store.getState().mode).toBe('playing');
    press(' ');
    document.body.innerHTML = '';
    focusOn('<input type="checkbox">', 'input');
    press(' ');
    expect(store.getState().mode).toBe('paused');
    press('ArrowRight');
    expect(store.getState().events).toBe(events + 1);
  });

  it('a widget that answered a key itself (preventDefault) keeps it', () => {
    const cell = focusOn('<li tabindex="0">cell</li>', 'li');
    cell.addEventListener('keydown', (e) => e.key === ' ' && e.preventDefault());
    press(' ');
    expect(store.getState().mode).toBe('paused');
  });

  it('ownsKey: the keys each kind of control uses itself', () => {
    const el = (html: string) => {
      document.body.innerHTML = html;
      return document.body.firstElementChild!;
    };
    expect(ownsKey(el('<button></button>'), 'Enter')).toBe(true);
    expect(ownsKey(el('<button></button>'), 'ArrowRight')).toBe(false);
    expect(ownsKey(el('<button></button>'), 'c')).toBe(false);
    expect(ownsKey(el('<input type="text">'), 'c')).toBe(true);
    expect(ownsKey(el('<input type="text">'), 'Escape')).toBe(false);
    expect(ownsKey(el('<input type="search">'), 'Escape')).toBe(true);
    expect(ownsKey(el('<input type="range">'), 'PageUp')).toBe(true);
    expect(ownsKey(el('<input type="range">'), 'c')).toBe(false);
    expect(ownsKey(el('<div role="tab"></div>'), 'ArrowRight')).toBe(true);
    expect(ownsKey(el('<div role="tab"></div>'), '1')).toBe(false);
    expect(ownsKey(el('<ul role="menu"><li role="menuitem">Crash</li></ul>').firstElementChild, 'c')).toBe(true);
    expect(ownsKey(el('<div></div>'), ' ')).toBe(false);
    expect(ownsKey(null, ' ')).toBe(false);
  });
});

describe('Esc returns focus to the cluster', () => {
  it('from a focused button to the element marked data-cluster-focus, clearing the selection', () => {
    document.body.innerHTML = '<section aria-label="Cluster"><svg data-cluster-focus tabindex="-1" aria-label="Cluster picture"><g tabindex="0" id="n1"></g></svg></section><button>Crash D1</button>';
    store.getState().selectNode('D1');
    document.querySelector('button')!.focus();
    press('Escape');
    expect(document.activeElement).toBe(document.querySelector('[data-cluster-focus]'));
    expect(store.getState().selectedNode).toBe(null);
    // Focus already inside the picture (a node) stays where it is.
    const node = document.getElementById('n1')!;
    node.focus();
    press('Escape');
    expect(document.activeElement).toBe(node);
  });

  it('falls back to the cluster section (made focusable), also from a text field', () => {
    document.body.innerHTML = '<section aria-label="Cluster"><p>picture</p></section><input type="number">';
    document.querySelector('input')!.focus();
    press('Escape');
    const section = document.querySelector('section')!;
    expect(document.activeElement).toBe(section);
    expect(section.getAttribute('tabindex')).toBe('-1');
    expect(focusCluster(document.createElement('div'))).toBe(null);
  });

  it('an open dialog or menu is closed first: Esc does not move focus out of it', () => {
    document.body.innerHTML = '<section aria-label="Cluster" tabindex="-1"></section><div role="dialog"><button id="in">OK</button></div>';
    document.getElementById('in')!.focus();
    press('Escape');
    expect(document.activeElement!.id).toBe('in');
    store.getState().setHelp(true);
    press('Escape');
    expect(store.getState().helpOpen).toBe(false);
    document.body.innerHTML = '<section aria-label="Cluster" tabindex="-1"></section><div role="menu"><button role="menuitem" id="m">Crash</button></div><button id="b">x</button>';
    expect(openMenu()).not.toBe(null);
    document.getElementById('b')!.focus();
    press('Escape');
    expect(document.activeElement!.id).toBe('b');
    document.querySelector('[role="menu"]')!.remove();
    expect(openMenu()).toBe(null);
    press('Escape');
    expect(document.activeElement).toBe(document.querySelector('section'));
  });
});

describe('Present mode keys', () => {
  it('Space, arrows and a clicker’s PageUp/PageDown drive playback; the page’s own handler leaves PageUp/PageDown to scrolling', () => {
    expect(timeCommand('PageDown')).toBe(null);
    expect(timeCommand('PageDown', { clicker: true })).toBe('step');
    expect(timeCommand('PageUp', { clicker: true })).toBe('stepBack');
    expect(timeCommand(' ')).toBe('togglePlay');
    window.removeEventListener('keydown', listener);
    const present = (e: KeyboardEvent) => onPresentKey(store, e);
    window.addEventListener('keydown', present);
    try {
      focusOn('<button>Exit present</button>', 'button');
    mouseFocus();
      const events = store.getState().events;
      expect(press('PageDown').defaultPrevented).toBe(true);
      expect(store.getState().events).toBe(events + 1);
      press('PageUp');
      expect(store.getState().events).toBe(events);
      press(' ');
      expect(store.getState().mode).toBe('playing');
      press(' ');
      // Not in a text field.
      focusOn('<input type="text">', 'input');
      expect(press('PageDown').defaultPrevented).toBe(false);
      expect(store.getState().events).toBe(events);
    } finally {
      window.removeEventListener('keydown', present);
    }
  });
});
