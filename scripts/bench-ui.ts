// UI benchmark (issue 3): drives the built app in Chromium and prints JSON lines.
//   fps        frames per second while playing with ≥ 100 messages in flight (goal ≥ 55)
//   jump_ms    time to jump to an arbitrary point of a 10,000-event run (goal < 50 ms)
//   bundle_kb  JavaScript the page loads at start, gzipped (goal ≤ 200 kB); allChunksKb adds the
//              chunks loaded on demand
// Usage: npm run bench:ui   (builds dist/ first if it is missing; serves it with vite preview)

import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { advance, chromiumPath, emit, ensureBuilt, events, run, withApp } from './bench-app';

const PORT = Number(process.env.BENCH_PORT ?? 4179);

/**
 * JavaScript size, gzipped: what the page loads at start (the scripts index.html names, the
 * figure the goal is about) and everything, chunks loaded on demand included (the TLC reader and
 * its samples, the explorer panel).
 */
function bundleSize(): { files: number; raw: number; gz: number; initialGz: number; initialFiles: number } {
  const dir = join('dist', 'assets');
  const html = readFileSync(join('dist', 'index.html'), 'utf8');
  const initial = new Set([...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!));
  let raw = 0;
  let gz = 0;
  let files = 0;
  let initialGz = 0;
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.js')) continue;
    const buf = readFileSync(join(dir, f));
    const z = gzipSync(buf, { level: 9 }).length;
    raw += buf.length;
    gz += z;
    files++;
    if (initial.has(f)) initialGz += z;
  }
  return { files, raw, gz, initialGz, initialFiles: initial.size };
}

async function applySettings(page: Page, fields: Record<string, string>): Promise<void> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByRole('button', { name: 'Apply settings', exact: true }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
}

const BUSY_TIMING = {
  'heartbeatInterval (ms)': '50',
  'electionTimeoutMin (ms)': '8000',
  'electionTimeoutMax (ms)': '12000',
  'replicaTimeout (ms)': '8000',
  'electorLeaderTimeout (ms)': '10000',
  'termRequestRetry (ms)': '6000',
};

/**
 * Frames per second while playing at 1×. Slow links, duplication, and timers scaled to the
 * latency: a busy but stable cluster. `metric` names the line.
 */
async function benchFps(page: Page, metric: string, link: Record<string, string>): Promise<void> {
  await applySettings(page, { ...BUSY_TIMING, ...link });
  await advance(page, 30000);
  const result = await page.evaluate(async () => {
    const play = [...document.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === 'Play')!;
    play.click();
    await new Promise((r) => setTimeout(r, 500));
    const frames: number[] = [];
    const counts: number[] = [];
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      const tick = (ts: number) => {
        frames.push(ts);
        if (frames.length % 10 === 0) counts.push(document.querySelectorAll('[data-testid="msg"]').length);
        if (ts - t0 < 5000) requestAnimationFrame(tick);
        else resolve();
      };
      requestAnimationFrame(tick);
    });
    const pause = [...document.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === 'Pause')!;
    pause.click();
    const dur = (frames[frames.length - 1]! - frames[0]!) / 1000;
    const gaps = frames.slice(1).map((t, i) => t - frames[i]!);
    gaps.sort((a, b) => a - b);
    return {
      fps: (frames.length - 1) / dur,
      p95FrameMs: gaps[Math.floor(gaps.length * 0.95)]!,
      minMsgs: Math.min(...counts),
      meanMsgs: counts.reduce((a, b) => a + b, 0) / counts.length,
    };
  });
  emit({
    metric,
    value: Number(result.fps.toFixed(1)),
    unit: 'frames/s',
    goal: '>= 55',
    pass: result.fps >= 55,
    messagesGoalMet: result.minMsgs >= 100,
    messagesInFlightMin: result.minMsgs,
    messagesInFlightMean: Math.round(result.meanMsgs),
    p95FrameMs: Number(result.p95FrameMs.toFixed(1)),
  });
}

async function benchJump(page: Page): Promise<void> {
  await applySettings(page, { 'Seed': '7', 'heartbeatInterval (ms)': '50', 'Link latency (ms)': '8', 'Latency jitter (ms)': '12', 'Duplication (0–1)': '0' });
  // Build a run of at least 10,000 events with the "advance by N ms" control.
  for (let i = 0; i < 20 && (await events(page)) < 10_000; i++) await advance(page, 20000);
  const total = await events(page);
  const r = await page.evaluate(async () => {
    const slider = document.querySelector('input[aria-label="Timeline"]') as HTMLInputElement;
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    const max = Number(slider.max);
    // Deterministic "arbitrary" points (a small LCG), so runs are comparable.
    let x = 12345;
    const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
    const sync: number[] = [];
    const frame: number[] = [];
    for (let k = 0; k < 30; k++) {
      const target = Math.floor(rnd() * max);
      const t0 = performance.now();
      setter.call(slider, String(target));
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      const t1 = performance.now();
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const t2 = performance.now();
      const shown = Number(document.querySelector('[data-testid="clock"]')!.getAttribute('data-time'));
      if (Math.abs(shown - target) > 1000) throw new Error(`jump to ${target} landed at ${shown}`);
      sync.push(t1 - t0);
      frame.push(t2 - t0);
    }
    const med = (a: number[]) => a.slice().sort((p, q) => p - q)[Math.floor(a.length / 2)]!;
    return { syncMedian: med(sync), syncMax: Math.max(...sync), frameMedian: med(frame), frameMax: Math.max(...frame) };
  });
  emit({
    metric: 'jump_ms',
    value: Number(r.syncMedian.toFixed(2)),
    unit: 'ms (seek + render, median of 30 random jumps)',
    goal: '< 50',
    pass: r.syncMax < 50,
    runEvents: total,
    max: Number(r.syncMax.toFixed(2)),
    toNextFrameMedian: Number(r.frameMedian.toFixed(2)),
    toNextFrameMax: Number(r.frameMax.toFixed(2)),
  });
}

async function main(): Promise<void> {
  ensureBuilt();
  // Frame rates depend on what else the machine runs: print the load next to the figures.
  emit({ metric: 'env', cpus: cpus().length, loadavg1: Number(loadavg()[0]!.toFixed(2)), chromium: chromiumPath() });
  const size = bundleSize();
  emit({
    metric: 'bundle_kb',
    value: Number((size.initialGz / 1024).toFixed(1)),
    unit: 'kB gzip loaded at start',
    goal: '<= 200',
    pass: size.initialGz / 1024 <= 200,
    initialFiles: size.initialFiles,
    allChunksKb: Number((size.gz / 1024).toFixed(1)),
    files: size.files,
    rawKb: Number((size.raw / 1024).toFixed(1)),
  });

  await withApp(PORT, async (page) => {
    // ~190 messages in flight, every envelope labelled.
    await benchFps(page, 'fps', { 'Link latency (ms)': '1000', 'Latency jitter (ms)': '400', 'Duplication (0–1)': '0.2' });
    // ~500 messages in flight: above 200 the envelopes are drawn without labels.
    await benchFps(page, 'fps_500_messages', { 'Link latency (ms)': '1500', 'Latency jitter (ms)': '600', 'Duplication (0–1)': '0.5' });
    await benchJump(page);
    emit({ metric: 'env_after', loadavg1: Number(loadavg()[0]!.toFixed(2)) });
  });
}

run(main);
