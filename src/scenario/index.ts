// Scenario links, files, the gallery and the bad-link corpus. Pure TypeScript: runs in Node and
// in the browser (CompressionStream, TextEncoder); no DOM.
export * from './types';
export { encodeLink, decodeLink, openLink, scenarioUrl, isScenarioHash } from './link';
export { openScenario, scenarioFromTimeline, checkSemantics, currentProtocolVersion, type OpenResult, type OpenOptions } from './open';
export { exportScenarioFile, decodeScenarioFile, openScenarioFile, exportTrace, scenarioFileName, type ScenarioFile } from './file';
