import { useLab } from '../store';

/** The timeline plus the revision, so a component re-renders when the run moves. */
export function useRun() {
  const timeline = useLab((s) => s.timeline);
  const rev = useLab((s) => s.rev);
  return { timeline, rev };
}
