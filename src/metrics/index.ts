export * from './metrics';
export * from './trace-index';
