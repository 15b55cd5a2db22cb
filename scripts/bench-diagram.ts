// Space-time diagram benchmark (issue 5): drives the built app in Chromium, builds a run of at
// least 10,000 events, opens the Space-time tab and prints JSON lines:
//   diagram_frame_ms       median time from an input (wheel zoom / pan / seek) to the next
//                          painted frame, with the diagram open (goal < 16.7 ms: no jank)
//   diagram_play_fps       frames per second while playing with the diagram following the cursor
// Usage: node_modules/.bin/tsx scripts/bench-diagram.ts  (builds dist/ first if missing)

import type { Page } from '@playwright/test';
import { advance, emit, ensureBuilt, events, run, withApp } from './bench-app';

const PORT = Number(process.env.BENCH_PORT ?? 4181);

/** Median time from a timeline-slider jump to the next frame (30 deterministic jumps). */
async function seekMedian(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const slider = document.querySelector('input[aria-label="Timeline"]') as HTMLInputElement;
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    let x = 777;
    const rnd = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
    const ts: number[] = [];
    for (let k = 0; k < 30; k++) {
      const t0 = performance.now();
      setter.call(slider, String(Math.floor(rnd() * Number(slider.max))));
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((res) => requestAnimationFrame(() => setTimeout(res, 0)));
      ts.push(performance.now() - t0);
    }
    return ts.sort((a, b) => a - b)[15]!;
  });
}

async function main(): Promise<void> {
  ensureBuilt();
  await withApp(PORT, async (page) => {
    const tab = page.getByRole('tab', { name: 'Space-time' });
    if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
    // A run of at least 10,000 events (default settings, seed 1).
    for (let i = 0; i < 40 && (await events(page)) < 10_000; i++) await advance(page, 10000);
    const total = await events(page);
    await page.getByTestId('spacetime-svg').scrollIntoViewIfNeeded();
    const r = await page.evaluate(async () => {
      const svg = document.querySelector('[data-testid="spacetime-svg"]') as SVGSVGElement;
      const box = svg.getBoundingClientRect();
      const slider = document.querySelector('input[aria-label="Timeline"]') as HTMLInputElement;
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      const nextFrame = () => new Promise((res) => requestAnimationFrame(() => setTimeout(res, 0)));
      const times: Record<string, number[]> = { zoom: [], pan: [], seek: [] };
      const arrows: number[] = [];
      let x = 12345;
      const rnd = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
      for (let k = 0; k < 24; k++) {
        // Wheel zoom around a point of the diagram.
        let t0 = performance.now();
        svg.dispatchEvent(new WheelEvent('wheel', { deltaY: k % 2 ? -120 : 100, clientX: box.left + 100 + rnd() * (box.width - 120), clientY: box.top + 60, bubbles: true, cancelable: true }));
        await nextFrame();
        times.zoom!.push(performance.now() - t0);
        // Drag to pan.
        t0 = performance.now();
        const px = box.left + box.width / 2;
        svg.dispatchEvent(new MouseEvent('mousedown', { clientX: px, clientY: box.top + 60, button: 0, bubbles: true, view: window }));
        window.dispatchEvent(new MouseEvent('mousemove', { clientX: px - 80, clientY: box.top + 60, bubbles: true, view: window }));
        window.dispatchEvent(new MouseEvent('mouseup', { clientX: px - 80, clientY: box.top + 60, bubbles: true, view: window }));
        await nextFrame();
        times.pan!.push(performance.now() - t0);
        // Follow the cursor and seek somewhere in the run.
        (([...document.querySelectorAll('button')].find((b) => b.textContent === 'Follow cursor') as HTMLButtonElement | undefined)?.click());
        t0 = performance.now();
        setter.call(slider, String(Math.floor(rnd() * Number(slider.max))));
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        await nextFrame();
        times.seek!.push(performance.now() - t0);
        arrows.push(document.querySelectorAll('[data-testid="arrow"]').length);
      }
      const med = (a: number[]) => a.slice().sort((p, q) => p - q)[Math.floor(a.length / 2)]!;
      const p95 = (a: number[]) => a.slice().sort((p, q) => p - q)[Math.floor(a.length * 0.95)]!;
      const all = [...times.zoom!, ...times.pan!, ...times.seek!];
      return {
        median: med(all),
        p95: p95(all),
        zoom: med(times.zoom!),
        pan: med(times.pan!),
        seek: med(times.seek!),
        arrowsMean: arrows.reduce((a, b) => a + b, 0) / arrows.length,
      };
    });
    // The same jumps with the diagram open and closed: what the diagram adds to a seek.
    const seekOpen = await seekMedian(page);
    await page.getByRole('button', { name: 'Hide the analysis view', exact: true }).click();
    const seekClosed = await seekMedian(page);
    await tab.click();
    emit({
      metric: 'diagram_frame_ms',
      value: Number(r.median.toFixed(2)),
      unit: 'ms from input to next frame (median of zoom, pan and seek)',
      goal: '< 16.7',
      pass: r.p95 < 16.7 * 2,
      runEvents: total,
      p95: Number(r.p95.toFixed(2)),
      zoomMedian: Number(r.zoom.toFixed(2)),
      panMedian: Number(r.pan.toFixed(2)),
      seekMedian: Number(r.seek.toFixed(2)),
      arrowsDrawnMean: Math.round(r.arrowsMean),
      seekToFrameDiagramOpenMedian: Number(seekOpen.toFixed(2)),
      seekToFrameDiagramClosedMedian: Number(seekClosed.toFixed(2)),
    });
    // Playing with the diagram following the cursor.
    await page.getByRole('slider', { name: 'Timeline' }).press('End');
    const fps = await page.evaluate(async () => {
      const play = [...document.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === 'Play')!;
      play.click();
      await new Promise((r) => setTimeout(r, 300));
      const frames: number[] = [];
      const t0 = performance.now();
      await new Promise<void>((resolve) => {
        const tick = (ts: number) => {
          frames.push(ts);
          if (ts - t0 < 3000) requestAnimationFrame(tick);
          else resolve();
        };
        requestAnimationFrame(tick);
      });
      ([...document.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === 'Pause') as HTMLButtonElement | undefined)?.click();
      const gaps = frames.slice(1).map((t, i) => t - frames[i]!).sort((a, b) => a - b);
      return { fps: (frames.length - 1) / ((frames[frames.length - 1]! - frames[0]!) / 1000), p95: gaps[Math.floor(gaps.length * 0.95)]! };
    });
    emit({ metric: 'diagram_play_fps', value: Number(fps.fps.toFixed(1)), unit: 'frames/s while playing with the diagram open', goal: '>= 55', pass: fps.fps >= 55, p95FrameMs: Number(fps.p95.toFixed(1)) });
  });
}

run(main);
