// The protocol folders' sources as text, for the Compare view's lines of code (src/compare/loc.ts
// reads each path from its `protocols/<folder>/` on). Its own module so that the page loads the
// list with the Compare view (src/main.tsx), not at start.

export const protocolSources = import.meta.glob<string>(['../protocols/*/**/*.ts', '!../protocols/*/tlc/samples/**'], { query: '?raw', import: 'default' });
