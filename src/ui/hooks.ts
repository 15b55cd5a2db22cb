import { useEffect, useState } from 'react';
import { useLabApi } from '../store';

/**
 * The lab's virtual clock, at most once every `ms` of real time (and once more when it stops
 * moving): for views whose every-frame motion costs more than it shows.
 */
export function useClockEvery(ms: number): number {
  const clock = useLabApi().clock;
  const [now, setNow] = useState(() => clock.getState().now);
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsub = clock.subscribe((s) => {
      const t = performance.now();
      if (t - last >= ms) {
        last = t;
        setNow(s.now);
      } else if (!timer)
        timer = setTimeout(() => {
          timer = null;
          last = performance.now();
          setNow(clock.getState().now);
        }, ms - (t - last));
    });
    return () => {
      unsub();
      if (timer) clearTimeout(timer);
    };
  }, [clock, ms]);
  return now;
}
