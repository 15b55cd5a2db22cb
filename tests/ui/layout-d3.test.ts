// The picture's layout writes d3's pointRadial, extent and scaleLinear out so d3 stays out of the
// start chunk (issue 11); they must give d3's numbers bit for bit (positions are rounded to pixels).
import { extent as d3extent, pointRadial as d3pointRadial, scaleLinear } from 'd3';
import { describe, expect, it } from 'vitest';
import { extent, linear, pointRadial } from '../../src/ui/layout';

describe('layout arithmetic', () => {
  it('pointRadial equals d3 for angles around the circle', () => {
    for (let n = 1; n <= 8; n++)
      for (let i = 0; i < 2 * n; i++) {
        const a = Math.PI - ((n - 1) * ((2 * Math.PI) / n)) / 2 + i * ((2 * Math.PI) / n);
        expect(pointRadial(a, 1)).toEqual(d3pointRadial(a, 1));
      }
  });

  it('extent and linear equal d3 extent and scaleLinear', () => {
    const pts: [number, number][] = [0, 1, 2, 3, 4].map((i) => d3pointRadial((i * 2 * Math.PI) / 5, 1));
    const xs = extent(pts, (p) => p[0]);
    expect(xs).toEqual(d3extent(pts, (p) => p[0]));
    const f = linear(xs, [37, 1291.5]);
    const g = scaleLinear().domain(xs).range([37, 1291.5]);
    for (const [x] of pts) expect(f(x)).toBe(g(x));
    for (let x = -2; x <= 2; x += 0.125) expect(f(x)).toBe(g(x));
  });
});
