// A SimView over fixed node states (each with its id), for driving a protocol's monitors by hand.
import type { SimView } from '../../src/kernel/types';

export function staticView<S extends { id: string }>(states: readonly S[]): SimView<S> {
  return {
    now: 0,
    eventCount: 0,
    nodeIds: states.map((s) => s.id),
    state: (id) => states.find((s) => s.id === id)!,
    stateAt: (i) => states[i]!,
    isUp: () => true,
    isUpAt: () => true,
  };
}
