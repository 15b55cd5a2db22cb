import { useEffect, useRef } from 'react';

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

/**
 * Keep Tab inside a modal dialog while it is open, and give focus back to the control that
 * opened it when it closes.
 */
export function useFocusTrap<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const root = ref.current;
    if (!root) return;
    if (!root.contains(document.activeElement)) root.querySelector<HTMLElement>(FOCUSABLE)?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Tab') return;
      const items = [...root.querySelectorAll<HTMLElement>(FOCUSABLE)];
      if (!items.length) return;
      const first = items[0]!;
      const last = items[items.length - 1]!;
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    };
    root.addEventListener('keydown', onKey);
    return () => {
      root.removeEventListener('keydown', onKey);
      if (opener && document.contains(opener)) opener.focus();
    };
  }, []);
  return ref;
}

/** Where Esc sends focus: the cluster picture's own focus target, else the cluster's section. */
const CLUSTER_TARGETS = ['[data-cluster-focus]', '#cluster', 'section[aria-label="Cluster"]'];

/**
 * Move focus to the cluster (Esc): the element marked `data-cluster-focus` (the cluster picture),
 * else the cluster's section, made focusable for the purpose. Focus already inside the picture
 * (on a node, a lane, a message) stays where it is. Returns the element focused, or null.
 */
export function focusCluster(root: ParentNode = document): Element | null {
  for (const sel of CLUSTER_TARGETS) {
    const el = root.querySelector<HTMLElement | SVGElement>(sel);
    if (!el) continue;
    const active = document.activeElement;
    if (active && el.contains(active) && active !== document.body) return active;
    if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
    el.focus();
    return el;
  }
  return null;
}

/** An open menu of the page (an element with role="menu", not hidden), if any: Esc closes it first. */
export function openMenu(root: ParentNode = document): Element | null {
  for (const el of root.querySelectorAll('[role="menu"]')) {
    if (el.closest('[hidden]')) continue;
    if (el.getAttribute('aria-hidden') === 'true') continue;
    return el;
  }
  return null;
}

// How the focused element got the focus. A button clicked with the mouse keeps the focus, but the
// user's next Space means the page's play/pause, not "press it again"; a button reached with Tab
// takes its Space. (:focus-visible cannot tell: Chromium turns it on at the first key pressed.)
let pressing = false;
let pointerFocused: EventTarget | null = null;

if (typeof window !== 'undefined' && typeof window.addEventListener === 'function') {
  // A press gives the focus between its down and its up (a tap: between the mouse events that follow it).
  const down = () => (pressing = true);
  const up = () => (pressing = false);
  for (const t of ['pointerdown', 'mousedown']) window.addEventListener(t, down, true);
  for (const t of ['pointerup', 'pointercancel', 'mouseup', 'click', 'dragstart', 'keydown']) window.addEventListener(t, up, true);
  window.addEventListener('focusin', (e) => (pointerFocused = pressing ? e.target : null), true);
}

/** Did `el` get the focus from a pointer (a click or a tap), rather than from the keyboard or a script? */
export function focusedByPointer(el: EventTarget | null): boolean {
  return el !== null && el === pointerFocused;
}
