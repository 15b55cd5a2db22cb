// What the parts of the cluster picture share: its layout, which item of each roving group takes
// Tab (one per group: nodes, lanes, messages), and how to open an item's menu.

import { createContext, useContext } from 'react';
import type { ClusterLayout } from '../layout';

/** The roving groups of the picture, in Tab order. */
export type RoveGroup = 'node' | 'lane' | 'msg';

export type MenuTarget = { kind: 'node'; id: string } | { kind: 'lane'; from: string; to: string } | { kind: 'msg'; id: number } | { kind: 'links' };

export interface OpenMenu {
  target: MenuTarget;
  /** Where it opens, px from the picture's top-left corner. */
  x: number;
  y: number;
  /** What gets the focus back when it closes. */
  returnTo: HTMLElement | SVGElement | null;
}

export interface ClusterContext {
  geo: ClusterLayout;
  /** The key of the item of each group that takes Tab (null: the group's first). */
  active: Readonly<Partial<Record<RoveGroup, string>>>;
  openMenu(target: MenuTarget, el: Element): void;
  menu: OpenMenu | null;
  reducedMotion: boolean;
}

export const ClusterCtx = createContext<ClusterContext | null>(null);

export function useCluster(): ClusterContext {
  const c = useContext(ClusterCtx);
  if (!c) throw new Error('cluster parts must be inside <ClusterView>');
  return c;
}

/** The key of the group's item that takes Tab: the active one if it is still there, else the first. */
export function tabStop(active: string | undefined, keys: readonly string[]): string | undefined {
  return active !== undefined && keys.includes(active) ? active : keys[0];
}
