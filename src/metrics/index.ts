export * from './accumulator';
export * from './coverage';
export * from './follow';
export * from './metrics';
export * from './trace-index';
