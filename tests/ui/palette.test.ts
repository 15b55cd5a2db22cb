// The page's colour arithmetic is written out so d3 stays out of the start chunk (issue 11): it
// must agree with d3-color, which the space-time diagram (loaded on demand) still uses.
import { lab } from 'd3';
import { describe, expect, it } from 'vitest';
import { inkOn, labLightness, OKABE_ITO } from '../../src/ui/palette';
import { TABLEAU10 } from '../../src/contracts/view';
import { NEUTRAL } from '../../src/store';

describe('palette', () => {
  it('labLightness equals d3-color lab().l for the palettes and a sweep of colours', () => {
    const colours = [...OKABE_ITO, ...TABLEAU10, NEUTRAL, '#000', '#fff', '#ABC', '#d9d9d9'];
    for (let i = 0; i < 4096; i++) colours.push(`#${((i * 2654435761) >>> 8).toString(16).padStart(6, '0').slice(-6)}`);
    for (const c of colours) expect(labLightness(c), c).toBe(lab(c).l);
  });

  it('inkOn picks dark text on light colours and light text on dark ones', () => {
    expect(inkOn('#ffffff')).toBe('#111');
    expect(inkOn('#000000')).toBe('#fff');
    expect(inkOn('#F0E442')).toBe('#111');
    expect(inkOn('#0072B2')).toBe('#fff');
  });

  it('a colour it cannot read is NaN (light text), as d3 gives for an unknown colour', () => {
    expect(labLightness('not a colour')).toBeNaN();
    expect(inkOn('not a colour')).toBe('#fff');
  });
});
