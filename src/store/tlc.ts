// The TLC trace panel's state of one lab (kept while its tab is closed) and what it does: replay a
// TLC error trace through the registry's TLC service (a plug-in's `extras.tlc`), walk its states,
// open the replayed run in the lab and move the lab's cursor with the selected step.

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { TlcReplay, TlcStepRow } from '../contracts';
import type { LabStore } from './lab';

export interface TlcState {
  text: string;
  /** Where the text came from (a file or sample name), for the scenario title. */
  source: string;
  result: TlcReplay | null;
  rows: TlcStepRow[];
  selected: number;
  /** A problem with the input itself (too large, unreadable file): shown instead of a result. */
  inputError: string | null;
  /** The lab run opened from `result`: selecting a step seeks it while the lab still shows it. */
  opened: { result: TlcReplay; runId: number; actions: number } | null;
  info: string;
}

export const createTlcStore = (): StoreApi<TlcState> =>
  createStore<TlcState>()(() => ({ text: '', source: '', result: null, rows: [], selected: 0, inputError: null, opened: null, info: '' }));

export interface TlcActions {
  setText(text: string): void;
  replay(): void;
  /** Refuse a file before reading it (too large), else null. */
  refuseSize(size: number): boolean;
  loaded(text: string, source: string, info: string): void;
  failed(inputError: string): void;
  select(i: number): void;
  openInLab(): void;
  /** The lab's run as the spec's states (JSON), or null with the reason in the panel. */
  specTrace(): string | null;
}

/** The TLC panel's actions on the lab `store` (null when no plug-in of its registry offers TLC). */
export function tlcActions(store: LabStore): TlcActions | null {
  const info = store.getState().tlc;
  if (!info) return null;
  const svc = info.service;
  const tlc = store.tlc;
  const fresh = { result: null, rows: [], opened: null, info: '' };

  /** Move the lab's cursor to step i, if the lab still shows the run opened from this result (no action taken since). */
  const followInLab = (i: number) => {
    const { opened, result, rows } = tlc.getState();
    const lab = store.getState();
    if (!opened || opened.result !== result || lab.runId !== opened.runId || lab.timeline.actions.length !== opened.actions) return;
    const row = rows[i];
    const at = row ? svc.seekIndexOf(row) : null;
    if (at !== null) lab.seekEvent(at);
  };

  const replay = () => {
    const { text, source } = tlc.getState();
    const big = svc.inputTooLarge(text.length);
    if (big) {
      tlc.setState({ inputError: big, ...fresh });
      return;
    }
    let r: TlcReplay;
    try {
      r = svc.replayTlcTrace(text);
    } catch (e) {
      // replayTlcTrace reports bad input in its result; this is a last resort, never a crash.
      tlc.setState({ inputError: `The trace could not be replayed: ${e instanceof Error ? e.message : String(e)}`, ...fresh });
      return;
    }
    const rows = svc.stepRows(r);
    const failed = rows.findIndex((x) => x.status === 'failed');
    tlc.setState({ result: r, rows, selected: failed >= 0 ? failed : Math.max(0, rows.length - 1), inputError: null, opened: null, info: '', source });
  };

  return {
    setText: (text) => tlc.setState({ text, source: '' }),
    replay,
    refuseSize: (size) => {
      const big = svc.inputTooLarge(size);
      if (big) tlc.setState({ inputError: big, ...fresh });
      return big !== null;
    },
    loaded: (text, source, note) => {
      tlc.setState({ text, source, inputError: null, info: note });
      replay();
    },
    failed: (inputError) => tlc.setState({ inputError, ...fresh }),
    select: (i) => {
      const { rows } = tlc.getState();
      if (!rows.length) return;
      const k = Math.max(0, Math.min(rows.length - 1, i));
      tlc.setState({ selected: k });
      followInLab(k);
    },
    openInLab: () => {
      const { result, source } = tlc.getState();
      if (!result || result.parseError) return;
      const sc = svc.replayScenario(result, `TLC trace${source ? `: ${source}` : ''}`);
      try {
        store.getState().loadScenario(sc);
      } catch (e) {
        tlc.setState({ info: `The replayed run could not be opened: ${e instanceof Error ? e.message : String(e)}` });
        return;
      }
      const lab = store.getState();
      tlc.setState({ opened: { result, runId: lab.runId, actions: lab.timeline.actions.length }, info: `Opened in the lab: ${result.steps.length} states, ${sc.actions.length} actions. Select a step to move the lab's cursor.` });
      followInLab(tlc.getState().selected);
    },
    specTrace: () => {
      const lab = store.getState();
      try {
        return svc.exportScenarioSpecTrace({ spec: lab.spec, actions: lab.timeline.actions.slice(), cursor: lab.timeline.cursor });
      } catch (e) {
        tlc.setState({ info: `The spec trace could not be written: ${e instanceof Error ? e.message : String(e)}` });
        return null;
      }
    },
  };
}
