// @vitest-environment jsdom
// The per-frame DOM writes of the moving layer (src/ui/cluster/Messages.tsx): positions are
// rounded to half a pixel and an attribute is written only when its text changes, so an envelope
// that crawls a fraction of a pixel per frame (the lecture pace) is not laid out and painted again.

import { describe, expect, it } from 'vitest';
import { halfPx, setIfChanged } from '../../src/ui/cluster/Messages';

describe('halfPx', () => {
  it('rounds to the nearest half pixel, one decimal', () => {
    expect(halfPx(10)).toBe('10.0');
    expect(halfPx(10.24)).toBe('10.0');
    expect(halfPx(10.26)).toBe('10.5');
    expect(halfPx(10.74)).toBe('10.5');
    expect(halfPx(10.76)).toBe('11.0');
    expect(halfPx(-3.3)).toBe('-3.5');
  });
  it('a crawl of 0.05 px a frame changes the text once in about ten frames', () => {
    const texts = Array.from({ length: 100 }, (_, k) => halfPx(200 + 0.05 * k));
    const changes = texts.filter((t, k) => k > 0 && t !== texts[k - 1]).length;
    expect(changes).toBeGreaterThanOrEqual(9);
    expect(changes).toBeLessThanOrEqual(10);
  });
});

describe('setIfChanged', () => {
  it('writes an attribute once per distinct value, per element and attribute', () => {
    const el = document.createElementNS('http://www.w3.org/2000/svg', 'g');
    const other = document.createElementNS('http://www.w3.org/2000/svg', 'g');
    let writes = 0;
    const real = el.setAttribute.bind(el);
    el.setAttribute = (n: string, v: string) => {
      writes++;
      real(n, v);
    };
    expect(setIfChanged(el, 'transform', 'translate(1.0,2.0)')).toBe(true);
    expect(setIfChanged(el, 'transform', 'translate(1.0,2.0)')).toBe(false);
    expect(writes).toBe(1);
    expect(el.getAttribute('transform')).toBe('translate(1.0,2.0)');
    expect(setIfChanged(el, 'transform', 'translate(1.5,2.0)')).toBe(true);
    expect(el.getAttribute('transform')).toBe('translate(1.5,2.0)');
    expect(setIfChanged(el, 'width', '3.0')).toBe(true);
    expect(writes).toBe(3);
    // A value written by someone else (React, after a resize) is not taken for the last one written here.
    el.setAttribute('width', '90.0');
    expect(setIfChanged(el, 'width', '3.0')).toBe(true);
    expect(el.getAttribute('width')).toBe('3.0');
    // Another element with the same value is still written.
    expect(setIfChanged(other, 'transform', 'translate(1.5,2.0)')).toBe(true);
    expect(other.getAttribute('transform')).toBe('translate(1.5,2.0)');
  });
});
