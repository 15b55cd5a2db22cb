// What the browser benchmarks share (bench-ui.ts, bench-diagram.ts): the built app served by vite
// preview, opened in Chromium, and the JSON lines they print.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';

const CHROMIUM = '/usr/bin/chromium';
const bin = (name: string) => join('node_modules', '.bin', name);
/** The built app to serve (BENCH_DIST, default dist/): lets a bench run on a build of its own. */
export const DIST = process.env.BENCH_DIST ?? 'dist';

/** One JSON line of results. */
export const emit = (o: Record<string, unknown>): void => console.log(JSON.stringify(o));

/** The Chromium the benchmarks run in: Debian's, or Playwright's default where it is missing. */
export const chromiumPath = (): string => (existsSync(CHROMIUM) ? CHROMIUM : 'playwright default');

/** Builds dist/ if it is missing. */
export function ensureBuilt(): void {
  if (!existsSync(join(DIST, 'index.html'))) {
    const b = spawnSync(bin('vite'), ['build', '--outDir', DIST], { stdio: 'inherit' });
    if (b.status !== 0) throw new Error('vite build failed');
  }
}

async function waitForServer(url: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`vite preview did not answer at ${url}`);
}

/**
 * Serves dist/ with vite preview on `port`, opens the app in Chromium (1440×1000) and runs `fn`
 * once the cluster is drawn; closes the browser and stops the server afterwards.
 */
export async function withApp(port: number, fn: (page: Page) => Promise<void>): Promise<void> {
  const url = `http://127.0.0.1:${port}/`;
  const server: ChildProcess = spawn(bin('vite'), ['preview', '--outDir', DIST, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { stdio: 'ignore' });
  try {
    await waitForServer(url);
    const browser = await chromium.launch({ executablePath: existsSync(CHROMIUM) ? CHROMIUM : undefined });
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
      // tsx keeps function names with a __name helper; give evaluated functions one too.
      await page.addInitScript({ content: 'window.__name = (f) => f;' });
      await page.goto(url);
      await page.getByTestId('node-E').waitFor();
      await fn(page);
    } finally {
      await browser.close();
    }
  } finally {
    server.kill();
  }
}

/** Advances the run by `ms` with the page's "advance by N ms" control. */
export async function advance(page: Page, ms: number): Promise<void> {
  await page.getByLabel('Milliseconds to advance').fill(String(ms));
  await page.getByRole('button', { name: `Advance ${ms} ms`, exact: true }).click();
}

/** The number of events of the run, as the clock shows it. */
export const events = async (page: Page): Promise<number> => Number(await page.getByTestId('clock').getAttribute('data-events'));

/** Runs a benchmark's main; a failure prints its message and exits 1. */
export function run(main: () => Promise<void>): void {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
