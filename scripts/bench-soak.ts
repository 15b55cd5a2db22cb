// Soak benchmark: does the page stay responsive after a long session of exploring failures?
//
// Builds dist/ if it is missing (or with --build), serves it with vite preview on 127.0.0.1
// (fixed port, --strictPort), opens it in Chromium (1440×900), sets the Speed slider to 100× with
// the keyboard, presses Play and, for --minutes of wall time (default 10), does what a user
// exploring failures does every few seconds through the page's controls: writes (the Write button
// and the `w` shortcut), crashes and restarts of nodes, cutting and healing links, now and then
// "Heal everything". When playback stops by itself (a safety violation, the memory cap notice,
// anything else) it presses Play again, or starts a fresh run through Settings → Apply settings,
// and counts it.
//
// It measures in the first minute, in the last minute, and again after --tail-minutes at 1×
// (default 1): frames/s (requestAnimationFrame counting over 5 s while playing), click-to-paint
// (median of 10 clicks on Write: from the click event's timestamp to the second animation frame
// after the notice text changed), and the JS heap after a forced GC (CDP
// HeapProfiler.collectGarbage, then Runtime.getHeapUsage). Progress goes to stderr; stdout gets
// one line of JSON:
//   {"bench":"soak","minutes","fpsStart","fpsEnd","fpsAt1xEnd","clickToPaintStartMs",
//    "clickToPaintEndMs","clickToPaintAt1xMs","heapStartMB","heapEndMB","heapAt1xMB","events",
//    "restarts","ratios":{"fps","clickToPaint"},"goals":{...},"detail":{...}}
// Exit code 0 whether or not the goals are met (also when the page crashes or hangs: that is a
// result); non-zero only when the script itself fails (no build, port taken, no browser).
//
// Usage: npm run bench:soak -- [--minutes 10] [--tail-minutes 1] [--build] [--port 4186] [--seed 1]

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type CDPSession, type Locator, type Page } from '@playwright/test';

// ---------------------------------------------------------------------------------------------
// Options

const { values: opts } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    'tail-minutes': { type: 'string', default: '1' },
    build: { type: 'boolean', default: false },
    port: { type: 'string', default: process.env.BENCH_PORT ?? '4186' },
    seed: { type: 'string', default: '1' },
  },
  allowPositionals: false,
});

const num = (name: string, v: string | undefined, min: number): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min} (got ${v})`);
  return n;
};
const MINUTES = num('minutes', opts.minutes, 0.25);
const TAIL_MINUTES = num('tail-minutes', opts['tail-minutes'], 0);
const PORT = num('port', opts.port, 1);
const SEED = num('seed', opts.seed, 0);

const CHROMIUM = '/usr/bin/chromium';
const bin = (name: string) => join('node_modules', '.bin', name);

const FPS_WINDOW_MS = 5000;
const CLICKS = 10;
const WARMUP_MS = 15_000; // the start figures are taken after this much of the soak (first minute)

// ---------------------------------------------------------------------------------------------
// Small helpers

const t0Script = Date.now();
const log = (msg: string): void => {
  const s = ((Date.now() - t0Script) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[soak ${s}s] ${msg}\n`);
};
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));
const round = (x: number | null | undefined, d = 1): number | null => (x == null || !Number.isFinite(x) ? null : Number(x.toFixed(d)));
const median = (a: number[]): number | null => {
  if (a.length === 0) return null;
  const s = a.slice().sort((p, q) => p - q);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Rejects after `ms` so that a hung page cannot hang the benchmark. */
async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<T>((_, rej) => (timer = setTimeout(() => rej(new Error(`${what}: no answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** A seeded generator (mulberry32), so the sequence of choices is the same from run to run. */
function rng(seed: number): () => number {
  let a = seed >>> 0 || 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(SEED);
const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;

// ---------------------------------------------------------------------------------------------
// Build and serve

function build(): void {
  log('building dist/ (vite build)…');
  // The build's own output goes to stderr: stdout carries only the JSON line.
  const b = spawnSync(bin('vite'), ['build'], { stdio: ['ignore', 2, 2], env: { ...process.env, NO_COLOR: '1' } });
  if (b.status !== 0) throw new Error('vite build failed');
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function waitForServer(url: string, server: ChildProcess, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (server.exitCode !== null) throw new Error(`vite preview exited with code ${server.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(200);
  }
  throw new Error(`vite preview did not answer at ${url}`);
}

let server: ChildProcess | null = null;
let browser: Browser | null = null;

async function stopServer(): Promise<void> {
  const s = server;
  server = null;
  if (!s || s.exitCode !== null || s.signalCode !== null) return;
  const exited = new Promise<void>((r) => s.once('exit', () => r()));
  s.kill('SIGTERM');
  const timer = setTimeout(() => s.kill('SIGKILL'), 3000);
  await Promise.race([exited, sleep(5000)]);
  clearTimeout(timer);
}

async function cleanup(): Promise<void> {
  const b = browser;
  browser = null;
  if (b) await within(b.close(), 10_000, 'closing the browser').catch((e) => log(`could not close the browser: ${(e as Error).message}`));
  await stopServer();
}

// ---------------------------------------------------------------------------------------------
// What the run counts

type Measure = {
  fps: number | null;
  p95FrameMs: number | null;
  maxFrameMs: number | null;
  playingThroughout: boolean | null;
  /** Virtual ms per real ms during the fps window: how close playback came to the set speed. */
  effectiveSpeed: number | null;
  eventsPerSec: number | null;
  clickToPaintMs: number | null;
  clickToPaintMaxMs: number | null;
  clickToDomMs: number | null;
  clicksMeasured: number;
  clickProbe: string | null;
  heapMB: number | null;
  heapTotalMB: number | null;
  domNodes: number | null;
  messagesInFlight: number | null;
  events: number | null;
  speed: string | null;
  atSec: number;
  tookSec: number;
};

const stats = {
  actions: {} as Record<string, number>,
  failedActions: {} as Record<string, number>,
  missing: new Set<string>(),
  resumedAfterViolation: 0,
  freshRunsAfterMemoryCap: 0,
  freshRunsOther: 0,
  resumedOther: 0,
  violations: [] as string[],
  pageErrors: [] as string[],
  pageCrashed: false,
  /** Seconds into the script when the cluster vanished after a page error (React unmounts on an uncaught render error). */
  appGoneAtSec: null as number | null,
  eventsBeforeThisRun: 0,
  runMaxEvents: 0,
  lastResumeAt: 0,
};
/** The last few clicks, printed with a page error (what led to it). */
const recent: string[] = [];
const restarts = () => stats.resumedAfterViolation + stats.freshRunsAfterMemoryCap + stats.freshRunsOther + stats.resumedOther;
const count = (rec: Record<string, number>, k: string) => (rec[k] = (rec[k] ?? 0) + 1);

function missing(what: string): void {
  if (stats.missing.has(what)) return;
  stats.missing.add(what);
  log(`control missing: ${what} (skipped; carrying on with the others)`);
}

// ---------------------------------------------------------------------------------------------
// Page access: everything through the buttons, sliders, keyboard and data-* hooks

const button = (page: Page, name: string): Locator => page.getByRole('button', { name, exact: true });

/** Clicks a control if the page has it; says so once on stderr when it does not. */
async function clickIf(page: Page, name: string, kind = name): Promise<boolean> {
  const b = button(page, name);
  try {
    if ((await b.count()) === 0) {
      missing(`button "${name}"`);
      return false;
    }
    if (await b.first().isDisabled()) return false;
    try {
      await b.first().click({ timeout: 5000 });
    } catch (e) {
      // On a page at a frame or two per second Playwright's wait for a stable element can run
      // out (or React re-creates the button meanwhile); click where it is now, as a user would.
      if (stats.pageCrashed || (await b.count()) === 0 || (await b.first().isDisabled())) throw e;
      await b.first().click({ timeout: 5000, force: true });
      count(stats.actions, 'forced clicks (page too slow to settle)');
    }
    count(stats.actions, kind);
    recent.push(`${((Date.now() - t0Script) / 1000).toFixed(1)}s ${name}`);
    if (recent.length > 6) recent.shift();
    return true;
  } catch (e) {
    if (stats.pageCrashed) throw e;
    const n = count(stats.failedActions, kind);
    if (n <= 3) log(`click on "${name}" failed: ${(e as Error).message.split('\n').slice(0, n === 1 ? 12 : 1).join(' | ')}`);
    return false;
  }
}

async function attr(page: Page, testid: string, name: string): Promise<string | null> {
  const l = page.getByTestId(testid);
  if ((await l.count()) === 0) return null;
  return l.first().getAttribute(name, { timeout: 5000 });
}

async function mode(page: Page): Promise<string | null> {
  const m = await attr(page, 'playback-mode', 'data-mode');
  if (m !== null) return m;
  missing('test id "playback-mode"');
  // Fallback: the Play button is pressed while playing.
  const play = button(page, 'Play');
  if ((await play.count()) === 0) return null;
  return (await play.first().getAttribute('aria-pressed')) === 'true' ? 'playing' : 'paused';
}

async function noticeText(page: Page): Promise<string> {
  const n = page.getByTestId('notice');
  if ((await n.count()) === 0) return '';
  // Without the notice's dismiss button (✕).
  return ((await n.first().textContent({ timeout: 5000 })) ?? '').replace(/✕\s*$/, '').trim();
}

async function readEvents(page: Page): Promise<number | null> {
  const v = await attr(page, 'clock', 'data-events');
  return v === null || v === '' ? null : Number(v);
}

/** Node ids, up/down, and the directed links with their cut state, from the test hooks. */
async function clusterState(page: Page): Promise<{ nodes: { id: string; up: boolean }[]; links: { from: string; to: string; cut: boolean }[] }> {
  return within(
    page.evaluate(() => {
      const nodes = [...document.querySelectorAll('[data-testid^="node-"]')]
        .map((el) => ({ id: el.getAttribute('data-testid')!.slice(5), up: el.getAttribute('data-up') !== 'false' }))
        .filter((n) => /^(D\d+|E)$/.test(n.id));
      const links = [...document.querySelectorAll('[data-testid^="link-"]')]
        .map((el) => {
          const m = /^link-(D\d+|E)-(D\d+|E)$/.exec(el.getAttribute('data-testid')!);
          return m ? { from: m[1]!, to: m[2]!, cut: el.getAttribute('data-cut') === 'true' } : null;
        })
        .filter((l): l is { from: string; to: string; cut: boolean } => l !== null);
      const seen = new Set<string>();
      return { nodes: nodes.filter((n) => !seen.has(n.id) && seen.add(n.id)), links };
    }),
    20_000,
    'reading the cluster',
  );
}

/** Moves the Speed slider with the keyboard, as a user would: End for 100×, Home then ↑ for 1×. */
async function setSpeed(page: Page, target: 'max' | '1x'): Promise<string | null> {
  const slider = page.getByRole('slider', { name: 'Speed' });
  if ((await slider.count()) === 0) {
    missing('slider "Speed"');
    return null;
  }
  const text = async () => (await slider.getAttribute('aria-valuetext')) ?? (await slider.inputValue());
  const speedOf = (t: string) => Number.parseFloat(t.replace(/[^0-9.]/g, ''));
  await slider.focus();
  if (target === 'max') {
    await slider.press('End');
    for (let i = 0; i < 30 && !/^100(\.0+)?×$/.test(await text()); i++) await slider.press('PageUp');
  } else {
    // Coarse with PageUp until at or above 1×, fine with ↓ until below, then the notch that
    // reads closer to 1×. Each read waits for the page, which may be slow: few of them.
    await slider.press('Home');
    for (let i = 0; i < 40 && speedOf(await text()) < 1; i++) await slider.press('PageUp');
    let above = await text();
    for (let i = 0; i < 200; i++) {
      await slider.press('ArrowDown');
      const below = await text();
      if (speedOf(below) < 1 || below === above) {
        if (Math.abs(Math.log(speedOf(below))) >= Math.abs(Math.log(speedOf(above)))) await slider.press('ArrowUp');
        break;
      }
      above = below;
    }
  }
  const shown = await text();
  await slider.blur();
  log(`speed set to ${shown}`);
  return shown;
}

async function applyFreshRun(page: Page): Promise<boolean> {
  if (!(await clickIf(page, 'Settings'))) return false;
  const ok = await clickIf(page, 'Apply settings');
  await page
    .getByRole('dialog')
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => log('the Settings dialog did not close'));
  if (!ok) await page.keyboard.press('Escape').catch(() => {});
  return ok;
}

/** If playback stopped by itself, resume it (or start a fresh run), and count it. */
async function keepPlaying(page: Page, speedWanted: 'max' | '1x'): Promise<void> {
  const m = await mode(page);
  if (m === 'playing' || m === 'stepping' || m === null) return;
  const notice = await noticeText(page);
  const recentlyResumed = Date.now() - stats.lastResumeAt < 10_000;
  if (m === 'stoppedOnViolation') {
    stats.resumedAfterViolation++;
    if (stats.violations.length < 10) stats.violations.push(notice);
    log(`playback stopped on a violation (${notice.slice(0, 160)}): pressing Play`);
  } else if (/memory/i.test(notice) || recentlyResumed) {
    const why = /memory/i.test(notice) ? 'memory cap' : 'paused again right after resuming';
    if (/memory/i.test(notice)) stats.freshRunsAfterMemoryCap++;
    else stats.freshRunsOther++;
    const ev = (await readEvents(page)) ?? stats.runMaxEvents;
    log(`playback stopped (${why}; ${ev} events; notice: ${notice.slice(0, 120)}): fresh run through Settings`);
    stats.eventsBeforeThisRun += Math.max(ev, stats.runMaxEvents);
    stats.runMaxEvents = 0;
    if (await applyFreshRun(page)) {
      // A fresh run should keep the speed; set it again if it did not.
      const sl = page.getByRole('slider', { name: 'Speed' });
      const shown = (await sl.count()) ? await sl.getAttribute('aria-valuetext') : null;
      if (shown !== null && (speedWanted === 'max' ? !/^100/.test(shown) : !/^1(\.0+)?×$/.test(shown))) await setSpeed(page, speedWanted);
    }
  } else {
    stats.resumedOther++;
    log(`playback is "${m}" (notice: ${notice.slice(0, 120) || 'none'}): pressing Play`);
  }
  await clickIf(page, 'Play');
  stats.lastResumeAt = Date.now();
}

// ---------------------------------------------------------------------------------------------
// The user exploring failures

async function chaosStep(page: Page): Promise<void> {
  const { nodes, links } = await clusterState(page);
  if (nodes.length === 0) {
    missing('test ids "node-…"');
    if (stats.pageErrors.length > 0 && stats.appGoneAtSec === null) {
      stats.appGoneAtSec = Math.round((Date.now() - t0Script) / 1000);
      log(`the app draws no cluster any more, after a page error (${stats.pageErrors[0]}): carrying on, but the figures from here on are not the app's`);
    }
  }
  const down = nodes.filter((n) => !n.up);
  const upData = nodes.filter((n) => n.up && n.id !== 'E');
  const cut = links.filter((l) => l.cut);
  const r = rand();
  if (r < 0.25) {
    await clickIf(page, 'Write', 'write (button)');
  } else if (r < 0.4) {
    // The shortcut: only when no control has focus (as after clicking the page background).
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur?.());
    await page.keyboard.press('w');
    count(stats.actions, 'write (w key)');
  } else if (r < 0.55 && down.length < 2 && nodes.length > 0) {
    // Mostly data nodes, sometimes the elector.
    const target = rand() < 0.15 && nodes.some((n) => n.id === 'E' && n.up) ? 'E' : upData.length ? pick(upData).id : null;
    if (target) await clickIf(page, `Crash ${target}`, 'crash');
  } else if (r < 0.72 && down.length > 0) {
    await clickIf(page, `Restart ${pick(down).id}`, 'restart');
  } else if (r < 0.84 && cut.length < 4 && nodes.length > 1) {
    if (rand() < 0.5 && links.length) {
      const l = pick(links.filter((x) => !x.cut).length ? links.filter((x) => !x.cut) : links);
      await clickIf(page, `Cut ${l.from}→${l.to}`, 'cut link');
    } else {
      const ids = nodes.map((n) => n.id);
      const i = Math.floor(rand() * ids.length);
      let j = Math.floor(rand() * (ids.length - 1));
      if (j >= i) j++;
      const [a, b] = i < j ? [ids[i]!, ids[j]!] : [ids[j]!, ids[i]!];
      await clickIf(page, `Cut ${a}↔${b}`, 'cut link (both)');
    }
  } else if (r < 0.97 && cut.length > 0) {
    const l = pick(cut);
    await clickIf(page, `Heal ${l.from}→${l.to}`, 'heal link');
  } else if (r >= 0.97) {
    await clickIf(page, 'Heal everything', 'heal everything');
  } else {
    await clickIf(page, 'Write', 'write (button)');
  }
}

let lastProgress = 0;
async function progress(page: Page, phase: string, startedAt: number): Promise<void> {
  if (Date.now() - lastProgress < 15_000) return;
  lastProgress = Date.now();
  const [m, ev, t] = [await mode(page), await readEvents(page), await attr(page, 'clock', 'data-time')];
  const acts = Object.values(stats.actions).reduce((a, b) => a + b, 0);
  log(`${phase} ${((Date.now() - startedAt) / 1000).toFixed(0)}s: mode ${m}, ${ev} events, virtual ${(Number(t) / 1000).toFixed(0)} s, ${acts} actions, ${restarts()} restarts, load ${loadavg()[0]!.toFixed(2)}`);
}

/** Keeps exploring until `until` (ms since epoch). */
async function soak(page: Page, until: number, phase: string, startedAt: number, speed: 'max' | '1x'): Promise<void> {
  while (Date.now() < until) {
    await keepPlaying(page, speed);
    await chaosStep(page);
    const ev = await readEvents(page);
    if (ev !== null) stats.runMaxEvents = Math.max(stats.runMaxEvents, ev);
    await progress(page, phase, startedAt);
    await sleep(Math.min(1000 + rand() * 2000, until - Date.now()));
  }
}

// ---------------------------------------------------------------------------------------------
// Measures

async function measureFps(page: Page): Promise<{ fps: number; p95: number; max: number; dVirtual: number; dEvents: number; dReal: number }> {
  return within(
    page.evaluate(async (ms) => {
      const clock = () => document.querySelector('[data-testid="clock"]');
      const virt = () => Number(clock()?.getAttribute('data-time') ?? NaN);
      const evs = () => Number(clock()?.getAttribute('data-events') ?? NaN);
      const v0 = virt();
      const e0 = evs();
      const frames: number[] = [];
      const t0 = performance.now();
      await new Promise<void>((resolve) => {
        const tick = (ts: number) => {
          frames.push(ts);
          if (ts - t0 < ms) requestAnimationFrame(tick);
          else resolve();
        };
        requestAnimationFrame(tick);
      });
      const dReal = frames[frames.length - 1]! - frames[0]!;
      const gaps = frames.slice(1).map((t, i) => t - frames[i]!);
      gaps.sort((a, b) => a - b);
      return {
        fps: ((frames.length - 1) / dReal) * 1000,
        p95: gaps[Math.floor(gaps.length * 0.95)] ?? NaN,
        max: gaps[gaps.length - 1] ?? NaN,
        dVirtual: virt() - v0,
        dEvents: evs() - e0,
        dReal: performance.now() - t0,
      };
    }, FPS_WINDOW_MS),
    FPS_WINDOW_MS + 60_000,
    'frames/s window',
  );
}

type Effect = { selector: string; attr: string | null; timeoutMs: number };

/**
 * One click-to-paint sample: arms a probe in the page, clicks `target` as a user does, and returns
 * the time from the click event (its timeStamp, which counts the time the input waited for a busy
 * main thread) to the second animation frame after `effect` showed up in the DOM (that frame's
 * paint is done by then), and to the DOM change itself.
 */
async function clickToPaint(page: Page, target: Locator, effect: Effect): Promise<{ ms: number; domMs: number } | null> {
  await within(
    page.evaluate((eff) => {
      const read = () => {
        const el = document.querySelector(eff.selector);
        if (!el) return null;
        return eff.attr ? el.getAttribute(eff.attr) : el.textContent;
      };
      let before: string | null = null;
      let tClick: number | null = null;
      const w = window as unknown as { __soakProbe?: Promise<{ ms: number; domMs: number } | null> };
      w.__soakProbe = new Promise((resolve) => {
        let done = false;
        const mo = new MutationObserver(() => check());
        const onClick = (e: Event) => {
          // Capture phase on window: runs before React's handler, so `before` is the text the click changes.
          tClick = e.timeStamp > 0 ? e.timeStamp : performance.now();
          before = read();
          window.removeEventListener('click', onClick, true);
          queueMicrotask(check);
        };
        const stop = () => {
          done = true;
          mo.disconnect();
          clearTimeout(timer);
          window.removeEventListener('click', onClick, true);
        };
        const check = () => {
          if (done || tClick === null) return;
          if (read() === before) return;
          stop();
          const tDom = performance.now();
          const t = tClick;
          requestAnimationFrame(() => requestAnimationFrame(() => resolve({ ms: performance.now() - t, domMs: tDom - t })));
        };
        const timer = setTimeout(() => {
          stop();
          resolve(null);
        }, eff.timeoutMs);
        window.addEventListener('click', onClick, true);
        mo.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      });
    }, effect),
    20_000,
    'arming the click probe',
  );
  // A real mouse click on the control; `force` only skips Playwright's wait for two stable
  // animation frames, which on a page at a few frames/s makes the samples minutes apart.
  await target.click({ timeout: 10_000, force: true });
  return within(
    page.evaluate(() => (window as unknown as { __soakProbe?: Promise<{ ms: number; domMs: number } | null> }).__soakProbe ?? null),
    effect.timeoutMs + 30_000,
    'click-to-paint probe',
  );
}

/** Median click-to-paint over CLICKS clicks on Write (the notice changes); a link toggle if Write is missing. */
async function measureClicks(page: Page, speed: 'max' | '1x'): Promise<{ median: number | null; max: number | null; domMedian: number | null; n: number; probe: string | null }> {
  const ms: number[] = [];
  const dom: number[] = [];
  let probe: string | null = null;
  const write = button(page, 'Write');
  const hasNotice = (await page.getByTestId('notice').count()) > 0;
  const hasNarration = (await page.getByTestId('narration').count()) > 0;
  const hasWrite = (await write.count()) > 0;
  // Each call into a page at a few frames/s waits for a frame: as few as possible per sample.
  for (let k = 0; k < CLICKS; k++) {
    if (k % 5 === 0) await keepPlaying(page, speed);
    let sample: { ms: number; domMs: number } | null = null;
    try {
      if (hasWrite && (hasNotice || hasNarration)) {
        probe = hasNotice ? 'Write → notice text' : 'Write → narration text';
        sample = await clickToPaint(page, write.first(), { selector: `[data-testid="${hasNotice ? 'notice' : 'narration'}"]`, attr: null, timeoutMs: 10_000 });
      } else {
        if (!hasWrite) missing('button "Write" (click-to-paint uses a link toggle instead)');
        const cutNow = (await attr(page, 'link-D1-E', 'data-cut')) === 'true';
        const name = `${cutNow ? 'Heal' : 'Cut'} D1→E`;
        const b = button(page, name);
        if ((await b.count()) === 0 || (await attr(page, 'link-D1-E', 'data-cut')) === null) {
          missing(`button "${name}" / test id "link-D1-E" (no click-to-paint probe left)`);
          break;
        }
        probe = 'Cut/Heal D1→E → link data-cut';
        sample = await clickToPaint(page, b.first(), { selector: '[data-testid="link-D1-E"]', attr: 'data-cut', timeoutMs: 10_000 });
      }
    } catch (e) {
      if (stats.pageCrashed) throw e;
      log(`click-to-paint sample failed: ${(e as Error).message.split('\n')[0]}`);
    }
    if (sample) {
      ms.push(sample.ms);
      dom.push(sample.domMs);
    } else log('click-to-paint: the effect did not show within 10 s');
    await sleep(200 + rand() * 200);
  }
  return { median: median(ms), max: ms.length ? Math.max(...ms) : null, domMedian: median(dom), n: ms.length, probe };
}

async function measureHeap(cdp: CDPSession): Promise<{ used: number; total: number } | null> {
  try {
    await within(cdp.send('HeapProfiler.collectGarbage'), 60_000, 'garbage collection');
    const h = await within(cdp.send('Runtime.getHeapUsage'), 30_000, 'heap usage');
    return { used: h.usedSize, total: h.totalSize };
  } catch (e) {
    if (stats.pageCrashed) throw e;
    log(`heap: ${(e as Error).message}`);
    return null;
  }
}

async function measure(page: Page, cdp: CDPSession, label: string, speed: 'max' | '1x', startedAt: number): Promise<Measure> {
  const began = Date.now();
  log(`measuring (${label})…`);
  await keepPlaying(page, speed);
  // Frames/s while playing; once more if playback stopped by itself during the window.
  let fps: Awaited<ReturnType<typeof measureFps>> | null = null;
  let playingThroughout: boolean | null = null;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fps = await measureFps(page);
    } catch (e) {
      if (stats.pageCrashed) throw e;
      log(`fps: ${(e as Error).message}`);
      fps = null;
    }
    const after = await mode(page);
    playingThroughout = after === null ? null : after === 'playing';
    if (playingThroughout !== false) break;
    log('playback stopped during the frames/s window; measuring again');
    await keepPlaying(page, speed);
  }
  const tFps = Date.now();
  const clicks = await measureClicks(page, speed);
  const tClicks = Date.now();
  const heap = await measureHeap(cdp);
  log(`  took: frames/s ${((tFps - began) / 1000).toFixed(1)} s, clicks ${((tClicks - tFps) / 1000).toFixed(1)} s, heap ${((Date.now() - tClicks) / 1000).toFixed(1)} s`);
  const [ev, domNodes, msgs, shown] = await Promise.all([
    readEvents(page),
    within(page.evaluate(() => document.getElementsByTagName('*').length), 20_000, 'DOM size').catch(() => null),
    page.getByTestId('msg').count().catch(() => null),
    page.getByRole('slider', { name: 'Speed' }).getAttribute('aria-valuetext', { timeout: 5000 }).catch(() => null),
  ]);
  const m: Measure = {
    fps: round(fps?.fps),
    p95FrameMs: round(fps?.p95),
    maxFrameMs: round(fps?.max),
    playingThroughout,
    effectiveSpeed: fps ? round(fps.dVirtual / fps.dReal, 2) : null,
    eventsPerSec: fps ? round((fps.dEvents / fps.dReal) * 1000, 0) : null,
    clickToPaintMs: round(clicks.median),
    clickToPaintMaxMs: round(clicks.max),
    clickToDomMs: round(clicks.domMedian),
    clicksMeasured: clicks.n,
    clickProbe: clicks.probe,
    heapMB: heap ? round(heap.used / 2 ** 20) : null,
    heapTotalMB: heap ? round(heap.total / 2 ** 20) : null,
    domNodes,
    messagesInFlight: msgs,
    events: ev,
    speed: shown,
    atSec: Math.round((began - startedAt) / 1000),
    tookSec: round((Date.now() - began) / 1000) ?? 0,
  };
  log(`${label}: ${JSON.stringify(m)}`);
  return m;
}

// ---------------------------------------------------------------------------------------------
// Main

const result: { start?: Measure; end?: Measure; at1x?: Measure; soakMs?: number; tailMs?: number; aborted?: string; eventsTotal?: number; loadStart: number; loadEnd?: number } = {
  loadStart: Number(loadavg()[0]!.toFixed(2)),
};
let printed = false;

function printResult(): void {
  if (printed) return;
  printed = true;
  const { start, end, at1x } = result;
  const ratio = (a: number | null | undefined, b: number | null | undefined) => (a != null && b != null && b > 0 ? round(a / b, 3) : null);
  const fpsRatio = ratio(end?.fps, start?.fps);
  // Frames/s count only when both windows were seen playing (a page whose app died draws 60/s).
  const fpsPlaying = start?.playingThroughout === true && end?.playingThroughout === true;
  const ctpRatio = ratio(end?.clickToPaintMs, start?.clickToPaintMs);
  const heapEnd = end?.heapMB ?? null;
  const out = {
    bench: 'soak',
    minutes: round((result.soakMs ?? 0) / 60_000, 2),
    fpsStart: start?.fps ?? null,
    fpsEnd: end?.fps ?? null,
    fpsAt1xEnd: at1x?.fps ?? null,
    clickToPaintStartMs: start?.clickToPaintMs ?? null,
    clickToPaintEndMs: end?.clickToPaintMs ?? null,
    clickToPaintAt1xMs: at1x?.clickToPaintMs ?? null,
    heapStartMB: start?.heapMB ?? null,
    heapEndMB: heapEnd,
    heapAt1xMB: at1x?.heapMB ?? null,
    events: end?.events ?? null,
    restarts: restarts(),
    ratios: { fps: fpsRatio, clickToPaint: ctpRatio },
    goals: {
      'fpsRatio≥0.9': fpsPlaying && fpsRatio !== null && fpsRatio >= 0.9,
      'heapEnd≤300MB': heapEnd !== null && heapEnd <= 300,
      'clickToPaintRatio≤1.5': ctpRatio !== null && ctpRatio <= 1.5,
    },
    detail: {
      minutesAsked: MINUTES,
      tailMinutes: round((result.tailMs ?? 0) / 60_000, 2),
      seed: SEED,
      eventsAt1x: at1x?.events ?? null,
      eventsAllRuns: result.eventsTotal ?? null,
      restarts: {
        resumedAfterViolation: stats.resumedAfterViolation,
        freshRunsAfterMemoryCap: stats.freshRunsAfterMemoryCap,
        freshRunsOther: stats.freshRunsOther,
        resumedOther: stats.resumedOther,
      },
      violations: stats.violations,
      actions: stats.actions,
      failedActions: stats.failedActions,
      missingControls: [...stats.missing],
      pageErrors: stats.pageErrors.length,
      pageErrorMessages: [...new Set(stats.pageErrors)].slice(0, 5),
      pageCrashed: stats.pageCrashed,
      appGoneAtSec: stats.appGoneAtSec,
      aborted: result.aborted ?? null,
      start: start ?? null,
      end: end ?? null,
      at1x: at1x ?? null,
      cpus: cpus().length,
      loadavg1Start: result.loadStart,
      loadavg1End: result.loadEnd ?? Number(loadavg()[0]!.toFixed(2)),
      chromium: existsSync(CHROMIUM) ? CHROMIUM : 'playwright default',
    },
  };
  console.log(JSON.stringify(out));
}

async function main(): Promise<void> {
  if (opts.build || !existsSync(join('dist', 'index.html'))) build();
  if (!(await portFree(PORT))) throw new Error(`port ${PORT} is taken on 127.0.0.1: pass --port N (or BENCH_PORT)`);
  const url = `http://127.0.0.1:${PORT}/`;
  server = spawn(bin('vite'), ['preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], { stdio: 'ignore' });
  await waitForServer(url, server);
  log(`serving dist/ at ${url}; ${MINUTES} min at 100×, then ${TAIL_MINUTES} min at 1×; ${cpus().length} cpus, load ${loadavg()[0]!.toFixed(2)}`);

  browser = await chromium.launch({ executablePath: existsSync(CHROMIUM) ? CHROMIUM : undefined, args: ['--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => {
    stats.pageErrors.push(e.message);
    if (stats.pageErrors.length <= 3) log(`page error: ${(e.stack ?? e.message).split('\n').slice(0, 6).join(' | ')} — after: ${recent.join(', ')}`);
  });
  page.on('crash', () => {
    stats.pageCrashed = true;
    log('the page crashed');
  });
  // tsx keeps function names with a __name helper; give evaluated functions one too.
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  await page.goto(url);
  await page.getByTestId('node-E').waitFor({ timeout: 30_000 }).catch(() => missing('test id "node-E" (the cluster did not show)'));
  const cdp = await page.context().newCDPSession(page);

  try {
    // 1. 100× and play, as a user: the Speed slider with the keyboard, then Play.
    await setSpeed(page, 'max');
    await clickIf(page, 'Play');
    const soakStart = Date.now();
    const soakEnd = soakStart + MINUTES * 60_000;
    // 2. The start figures after a short warm-up (a leader, some traffic), inside the first minute.
    await soak(page, soakStart + Math.min(WARMUP_MS, MINUTES * 60_000 * 0.25), '100×', soakStart, 'max');
    result.start = await measure(page, cdp, 'start (100×)', 'max', soakStart);
    // The end figures are taken so that they finish as the soak time runs out.
    const reserve = (result.start.tookSec + 3) * 1000;
    await soak(page, soakEnd - reserve, '100×', soakStart, 'max');
    result.end = await measure(page, cdp, 'end (100×)', 'max', soakStart);
    await soak(page, soakEnd, '100×', soakStart, 'max');
    result.soakMs = Date.now() - soakStart;
    result.eventsTotal = stats.eventsBeforeThisRun + Math.max(stats.runMaxEvents, (await readEvents(page)) ?? 0);

    // 3. Back to 1×, keep exploring for the whole tail (time for the page to recover), then
    // measure again.
    await setSpeed(page, '1x');
    const tailStart = Date.now();
    await soak(page, tailStart + TAIL_MINUTES * 60_000, '1×', tailStart, '1x');
    result.tailMs = Date.now() - tailStart;
    result.at1x = await measure(page, cdp, 'end of the tail (1×)', '1x', tailStart);
  } catch (e) {
    // A page that crashed or stopped answering is a result, not a failure of the script.
    if (!stats.pageCrashed && !/no answer within/.test((e as Error).message)) throw e;
    result.aborted = stats.pageCrashed ? 'the page crashed' : (e as Error).message;
    log(`stopping early: ${result.aborted}`);
  }
  result.loadEnd = Number(loadavg()[0]!.toFixed(2));
}

// A watchdog: whatever happens in the page, the benchmark ends.
const deadlineMs = (MINUTES + TAIL_MINUTES) * 60_000 + 12 * 60_000;
const watchdog = setTimeout(() => {
  result.aborted = `watchdog: still running after ${Math.round(deadlineMs / 60_000)} min`;
  log(result.aborted);
  printResult();
  void cleanup().finally(() => process.exit(0));
}, deadlineMs);
watchdog.unref();

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    log(`${sig}: stopping`);
    void cleanup().finally(() => process.exit(130));
  });
}

main()
  .then(async () => {
    printResult();
    await cleanup();
    clearTimeout(watchdog);
    // Playwright may keep handles open for a moment; the result is out, so leave.
    setTimeout(() => process.exit(0), 2000).unref();
  })
  .catch(async (e) => {
    log(`failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    await cleanup();
    process.exit(1);
  });
