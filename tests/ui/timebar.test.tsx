// @vitest-environment jsdom
// The time bar against a real lab store: the speed slider's ends and presets, the lecture pace
// button, and the marks of violations ahead in the known future (names, grouping, going there).

import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/protocols/registry';
import { buildGalleryScenario, galleryEntry } from '../../src/scenario/gallery';
import { createLabStore, LabProvider, LECTURE_SPEED, SPEED_MAX, SPEED_MIN, type LabStore, type ViolationAhead } from '../../src/store';
import { groupMarks, TimeBar, TimelineSlider, violationAheadLabel } from '../../src/ui/TimeBar';

const stores: LabStore[] = [];
afterEach(() => {
  cleanup();
  for (const s of stores.splice(0)) s.dispose();
});

function mount(): LabStore {
  const store = createLabStore(REGISTRY, { protocol: 'janus-3+1', seed: 1 });
  stores.push(store);
  render(
    <LabProvider store={store}>
      <TimeBar />
      <TimelineSlider />
    </LabProvider>,
  );
  return store;
}

describe('speed', () => {
  it('the slider runs from 0.001× to 1000×; PageUp/PageDown go through round speeds; the lecture button sets 0.014×', () => {
    const store = mount();
    const slider = screen.getByRole('slider', { name: 'Speed' });
    expect(slider.getAttribute('aria-valuetext')).toBe('1.0×');
    fireEvent.change(slider, { target: { value: '0' } });
    expect(store.getState().speed).toBeCloseTo(SPEED_MIN, 12);
    expect(slider.getAttribute('aria-valuetext')).toBe('0.001×');
    fireEvent.change(slider, { target: { value: slider.getAttribute('max') } });
    expect(store.getState().speed).toBeCloseTo(SPEED_MAX, 9);
    expect(slider.getAttribute('aria-valuetext')).toBe('1000×');
    act(() => store.getState().setSpeed(1));
    fireEvent.keyDown(slider, { key: 'PageUp' });
    expect(store.getState().speed).toBe(2);
    fireEvent.keyDown(slider, { key: 'PageDown' });
    fireEvent.keyDown(slider, { key: 'PageDown' });
    expect(store.getState().speed).toBe(0.5);
    const lecture = screen.getByRole('button', { name: 'Lecture pace' });
    expect(lecture.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(lecture);
    expect(store.getState().speed).toBe(LECTURE_SPEED);
    expect(lecture.getAttribute('aria-pressed')).toBe('true');
    expect(slider.getAttribute('aria-valuetext')).toBe('0.014×');
    expect(slider.getAttribute('title')).toBe('14 virtual ms per second');
  });
});

describe('violations ahead on the timeline', () => {
  const v = (t: number, property: string): ViolationAhead => ({ property, message: 'two leaders', event: t, t });

  it('marks that would overlap share one mark, named for all of them', () => {
    expect(groupMarks([v(100, 'A'), v(110, 'B'), v(900, 'C')], 1000).map((g) => g.map((x) => x.property))).toEqual([['A', 'B'], ['C']]);
    expect(violationAheadLabel([v(1234, 'LeaderSafety')])).toBe('Violation ahead at 1,234 ms: LeaderSafety: two leaders');
    expect(violationAheadLabel([v(1234, 'A'), v(1240, 'B')])).toBe('2 violations ahead, from 1,234 ms: A: two leaders; B at 1,240 ms');
  });

  it('a run stepped back before its violations shows them as buttons that go there', () => {
    const store = mount();
    act(() => store.getState().loadScenario(buildGalleryScenario(galleryEntry('2p1-elect-any')!).scenario));
    expect(screen.queryAllByTestId('violation-ahead')).toEqual([]);
    const first = store.getState().violations[0]!;
    act(() => store.getState().seekEvent(first.event - 3));
    const marks = screen.getAllByTestId('violation-ahead');
    expect(marks.length).toBeGreaterThan(0);
    const mark = marks[0]!;
    expect(mark.tagName).toBe('BUTTON');
    expect(mark.getAttribute('aria-label')).toMatch(new RegExp(`^(Violation ahead at|\\d+ violations ahead, from) [\\d,]+ ms: ${first.property}: `));
    fireEvent.click(mark);
    expect(store.getState().violations.some((x) => x.event === first.event && x.property === first.property)).toBe(true);
    expect(screen.queryAllByTestId('violation-ahead').some((m) => m.getAttribute('data-event') === String(first.event))).toBe(false);
  });
});
