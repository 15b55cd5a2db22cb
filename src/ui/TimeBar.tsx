// Time controls: Play, Pause, Step, Step back, step forward by N ms, speed (log scale), the
// clock, and the timeline slider over the whole known run.

import { useId, useState } from 'react';
import { useClockStore, useLabStore } from '../store';
import { speedScale } from './palette';

function fmtSpeed(s: number): string {
  return s >= 10 ? `${Math.round(s)}×` : s >= 1 ? `${s.toFixed(1)}×` : `${s.toFixed(2)}×`;
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
  const max = Math.max(1, Math.ceil(horizon));
  return (
    <div className="timeline">
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
  const [ms, setMs] = useState(500);
  const id = useId();
  const playing = mode === 'playing';
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
          value={ms}
          aria-label="Milliseconds to advance"
          onChange={(e) => setMs(Number(e.currentTarget.value))}
          className="num"
        />
        <button type="button" onClick={() => stepMs(ms)} aria-label={`Advance ${ms} ms`}>
          +{ms} ms
        </button>
      </span>
      <span className="group speed">
        <label htmlFor={`${id}-speed`}>Speed</label>
        <input
          id={`${id}-speed`}
          type="range"
          min={0}
          max={1000}
          step={10}
          value={Math.round(speedScale(speed))}
          aria-label="Speed"
          aria-valuetext={fmtSpeed(speed)}
          onChange={(e) => setSpeed(speedScale.invert(Number(e.currentTarget.value)))}
        />
        <output className="speed-out" htmlFor={`${id}-speed`}>
          {fmtSpeed(speed)}
        </output>
      </span>
      <span className={`mode mode-${mode}`} data-testid="playback-mode" data-mode={mode}>
        {mode === 'stoppedOnViolation' ? 'stopped: violation' : mode}
      </span>
    </div>
  );
}
