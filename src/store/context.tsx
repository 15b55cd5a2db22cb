// The lab store handed to the components (React Flow style): <LabProvider store={…}> around a
// lab, and hooks that select narrow slices of it. Two providers with two stores are two labs
// that share nothing.

import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { ClockState, ExploreState, HoverState, LabState, LabStore, TlcState } from './lab';

const LabContext = createContext<LabStore | null>(null);

export function LabProvider({ store, children }: { store: LabStore; children: ReactNode }) {
  return <LabContext.Provider value={store}>{children}</LabContext.Provider>;
}

/** The lab's store itself (for handlers that act on it, and the store's queries). */
export function useLabApi(): LabStore {
  const s = useContext(LabContext);
  if (!s) throw new Error('no lab store: wrap the component in <LabProvider store={createLabStore(registry)}>');
  return s;
}

/** A slice of the lab's published state (wrap a selector that builds objects in useShallow). */
export function useLabStore<T>(selector: (s: LabState) => T): T {
  return useStore(useLabApi(), selector);
}

/** A slice of the lab's high-frequency channel (clock, messages in flight, recent losses). */
export function useClockStore<T>(selector: (s: ClockState) => T): T {
  return useStore(useLabApi().clock, selector);
}

export function useHoverStore<T>(selector: (s: HoverState) => T): T {
  return useStore(useLabApi().hover, selector);
}

export function useExploreStore<T>(selector: (s: ExploreState) => T): T {
  return useStore(useLabApi().explore, selector);
}

export function useTlcStore<T>(selector: (s: TlcState) => T): T {
  return useStore(useLabApi().tlc, selector);
}
