// The shared contracts between the lab and its protocol plug-ins. Imports the kernel only.
export * from './spec';
export * from './view';
export * from './plugin';
export * from './explorer';
export * from './gallery';
export * from './registry';
export { PropertyMonitors } from './monitors';
export { FaultPhase, drawLinkKnobs, networkHealed, round3 } from './faults';
export * from './tlc';
export * from './tour';
export * from './checking';
