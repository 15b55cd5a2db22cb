// Time controls: Play, Pause, Step, Step back, step forward by N ms, speed (log scale from
// 0.001× to 1000×, and the named lecture pace), the clock, and the timeline slider over the whole
// known run, with the violations that lie ahead in the known future marked on it.

import { useId, useState } from 'react';
import { formatSpeed, isLecturePace, nextPreset, sliderToSpeed, speedToSlider, useClockStore, useLabStore, type ViolationAhead } from '../store';
import './timebar.css';

/** Positions of the speed slider (0 … SLIDER_STEPS on a log scale: 6 decades). */
const SLIDER_STEPS = 1200;

const fmtMs = (t: number) => `${Math.round(t).toLocaleString('en')} ms`;

/** What a speed means on screen, in words. */
function speedWords(s: number): string {
  const perSecond = s * 1000;
  const v = perSecond >= 100 ? Math.round(perSecond).toLocaleString('en') : String(Number(perSecond.toPrecision(2)));
  return `${v} virtual ms per second`;
}

/** The accessible name of a violation-ahead mark (one violation, or several too close to tell apart). */
export function violationAheadLabel(vs: readonly ViolationAhead[]): string {
  const [v, ...more] = vs;
  if (!v) return '';
  const first = `${v.property}: ${v.message}`;
  if (!more.length) return `Violation ahead at ${fmtMs(v.t)}: ${first}`;
  return `${vs.length} violations ahead, from ${fmtMs(v.t)}: ${first}; ${more.map((m) => `${m.property} at ${fmtMs(m.t)}`).join('; ')}`;
}

/** Violations whose marks would overlap (closer than `gap` of the timeline) share one mark. */
export function groupMarks(vs: readonly ViolationAhead[], max: number, gap = 0.012): ViolationAhead[][] {
  const out: ViolationAhead[][] = [];
  for (const v of vs) {
    const last = out[out.length - 1];
    if (last && (v.t - last[0]!.t) / max < gap) last.push(v);
    else out.push([v]);
  }
  return out;
}

export function Clock() {
  const now = useClockStore((s) => s.now);
  const events = useClockStore((s) => s.events);
  return (
    <div className="clock" data-testid="clock" data-time={now} data-events={events} aria-label={`Virtual time ${now.toFixed(0)} ms`} role="timer">
      <span className="clock-t">{now.toFixed(1)} ms</span>
      <span className="clock-n">event {events}</span>
    </div>
  );
}

export function TimelineSlider() {
  const now = useClockStore((s) => s.now);
  const horizon = useClockStore((s) => s.horizon);
  const seekTime = useLabStore((s) => s.seekTime);
  const scrubStart = useLabStore((s) => s.scrubStart);
  const scrubEnd = useLabStore((s) => s.scrubEnd);
  const ahead = useLabStore((s) => s.violationsAhead);
  const seekEvent = useLabStore((s) => s.seekEvent);
  const max = Math.max(1, Math.ceil(horizon));
  return (
    <div className="timeline">
      <div className="timeline-track">
        <input
          type="range"
          aria-label="Timeline"
          aria-valuetext={`${now.toFixed(0)} ms of ${max} ms`}
          min={0}
          max={max}
          step={1}
          value={Math.min(max, Math.round(now))}
          onPointerDown={scrubStart}
          onPointerUp={scrubEnd}
          onKeyUp={scrubEnd}
          onChange={(e) => seekTime(Number(e.currentTarget.value))}
        />
        {groupMarks(ahead, max).map((g) => {
          const v = g[0]!;
          const f = Math.min(1, v.t / max);
          const label = violationAheadLabel(g);
          return (
            <button
              key={`${v.event}-${v.property}`}
              type="button"
              className="violation-ahead"
              data-testid="violation-ahead"
              data-event={v.event}
              data-time={v.t}
              data-property={v.property}
              data-properties={g.map((x) => x.property).join(' ')}
              // The thumb's centre runs from half a thumb (16 px) in to half a thumb from the end.
              style={{ left: `calc(${(f * 100).toFixed(3)}% - ${(f * 16).toFixed(1)}px)` }}
              aria-label={label}
              title={`${label} (click to go there)`}
              onClick={() => seekEvent(v.event)}
            >
              <span aria-hidden="true">{g.length > 1 ? g.length : '!'}</span>
            </button>
          );
        })}
      </div>
      <span className="timeline-max">{max} ms</span>
    </div>
  );
}

export function TimeBar() {
  const mode = useLabStore((s) => s.mode);
  const play = useLabStore((s) => s.play);
  const pause = useLabStore((s) => s.pause);
  const step = useLabStore((s) => s.step);
  const stepBack = useLabStore((s) => s.stepBack);
  const stepMs = useLabStore((s) => s.stepMs);
  const speed = useLabStore((s) => s.speed);
  const setSpeed = useLabStore((s) => s.setSpeed);
  const lecturePace = useLabStore((s) => s.lecturePace);
  // The field's text as typed (a number state turned an emptied field into "0", and typing then gave "025").
  const [msText, setMsText] = useState('500');
  const ms = msText.trim() === '' ? Number.NaN : Number(msText);
  const id = useId();
  const playing = mode === 'playing';
  const lecture = isLecturePace(speed);
  return (
    <div className="timebar" role="toolbar" aria-label="Time controls">
      <button type="button" className={`primary${playing ? ' active' : ''}`} aria-pressed={playing} onClick={play} aria-label="Play">
        ▶ Play
      </button>
      <button type="button" className={!playing ? 'active' : ''} aria-pressed={!playing} onClick={pause} aria-label="Pause">
        ❚❚ Pause
      </button>
      <button type="button" onClick={stepBack} aria-label="Step back">
        ◂ Step back
      </button>
      <button type="button" onClick={step} aria-label="Step">
        Step ▸
      </button>
      <span className="group">
        <label htmlFor={`${id}-ms`}>Forward</label>
        <input
          id={`${id}-ms`}
          type="number"
          min={1}
          max={3600000}
          value={msText}
          aria-label="Milliseconds to advance"
          onChange={(e) => setMsText(e.currentTarget.value)}
          className="num"
        />
        <button type="button" onClick={() => stepMs(ms)} aria-label={`Advance ${msText || '?'} ms`}>
          +{msText || '?'} ms
        </button>
      </span>
      <span className="group speed">
        <label htmlFor={`${id}-speed`}>Speed</label>
        <input
          id={`${id}-speed`}
          type="range"
          min={0}
          max={SLIDER_STEPS}
          step={1}
          value={Math.round(speedToSlider(speed) * SLIDER_STEPS)}
          aria-label="Speed"
          aria-valuetext={formatSpeed(speed)}
          data-testid="speed"
          data-speed={speed}
          title={speedWords(speed)}
          onChange={(e) => setSpeed(sliderToSpeed(Number(e.currentTarget.value) / SLIDER_STEPS))}
          onKeyDown={(e) => {
            // PageUp/PageDown: the next round speed (1, 2, 5 in each decade, and the lecture pace).
            if (e.key !== 'PageUp' && e.key !== 'PageDown') return;
            e.preventDefault();
            setSpeed(nextPreset(speed, e.key === 'PageUp' ? 1 : -1));
          }}
        />
        <output className="speed-out" htmlFor={`${id}-speed`} title={speedWords(speed)}>
          {formatSpeed(speed)}
        </output>
        <button
          type="button"
          className={lecture ? 'active' : ''}
          aria-pressed={lecture}
          data-testid="speed-lecture"
          onClick={lecturePace}
          title="Lecture pace: one message hop takes about a second on screen"
        >
          Lecture pace
        </button>
      </span>
      <span className={`mode mode-${mode}`} data-testid="playback-mode" data-mode={mode}>
        {mode === 'stoppedOnViolation' ? 'stopped: violation' : mode}
      </span>
    </div>
  );
}
