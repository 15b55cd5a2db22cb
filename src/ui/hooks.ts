import { useEffect, useState } from 'react';
import { useClock, useLab } from '../store';

/** The timeline plus the revision, so a component re-renders when the run moves. */
export function useRun() {
  const timeline = useLab((s) => s.timeline);
  const rev = useLab((s) => s.rev);
  return { timeline, rev };
}

/**
 * The virtual clock, at most once every `ms` of real time (and once more when it stops moving):
 * for views whose every-frame motion costs more than it shows.
 */
export function useClockEvery(ms: number): number {
  const [now, setNow] = useState(() => useClock.getState().now);
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsub = useClock.subscribe((s) => {
      const t = performance.now();
      if (t - last >= ms) {
        last = t;
        setNow(s.now);
      } else if (!timer)
        timer = setTimeout(() => {
          timer = null;
          last = performance.now();
          setNow(useClock.getState().now);
        }, ms - (t - last));
    });
    return () => {
      unsub();
      if (timer) clearTimeout(timer);
    };
  }, [ms]);
  return now;
}
