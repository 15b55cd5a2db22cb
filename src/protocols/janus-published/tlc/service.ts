// The TLC trace reader and exporter, offered to the page as the plug-in's `extras.tlc`: replay a
// TLC error trace in this mode, open it in the lab, walk its states, and export a run as the
// spec's states. The TLC tab shows itself when the running plug-in offers this capability.

import { exportScenarioSpecTrace } from './export';
import { replayScenario, replayTlcTrace } from './replay';
import * as steps from './steps';

export const publishedTlc = {
  replayTlcTrace,
  replayScenario,
  exportScenarioSpecTrace,
  ...steps,
};

export type TlcService = typeof publishedTlc;
export type { ReplayResult, ReplayStep, VarDiff } from './replay';
export type { StepRow, TableRow, Cell, MessageLine } from './steps';
