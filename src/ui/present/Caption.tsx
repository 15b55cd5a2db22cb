// The caption line of Present mode and of the embedded view: what just happened, in the words the
// page narrates (new leader, crashes, RF changes, violations, write results), and the keys when
// nothing has happened yet.

import { useLabStore } from '../../store';
import type { StageVariant } from './Stage';
import { TourCaption, useTourOpen } from '../tour/TourPanel';

export function Caption({ variant }: { variant: StageVariant }) {
  const narration = useLabStore((s) => s.narration);
  // An open tour shows its own caption here, with its steps (src/ui/tour).
  const tourOpen = useTourOpen();
  if (tourOpen) return <TourCaption variant={variant} />;
  const idle = variant === 'present' ? 'Space: play or pause · → or PageDown: step · ← or PageUp: step back · Esc: leave' : 'Space: play or pause · →: step · ←: step back';
  return (
    <p className="caption-line" data-testid="caption-line" aria-live="polite">
      {narration || idle}
    </p>
  );
}
