import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const REGISTRY_FILE = fileURLToPath(new URL('./src/protocols/registry.ts', import.meta.url));
const PAGE_REGISTRY_FILE = fileURLToPath(new URL('./src/protocols/page-registry.ts', import.meta.url));

/**
 * The page's registry (docs/architecture.md): the page's modules that import
 * src/protocols/registry.ts (every plug-in loaded, for Node scripts and tests) get
 * src/protocols/page-registry.ts instead (the default shape's plug-in loaded, the others loaded on
 * demand). Only the page's bundle: workers are built without this plug-in, so the check worker
 * keeps every plug-in.
 */
function pageRegistry(): Plugin {
  return {
    name: 'janus-lab:page-registry',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!/(^|\/)registry(\.ts)?$/.test(source) || !importer) return null;
      const r = await this.resolve(source, importer, { ...options, skipSelf: true });
      return r && r.id === REGISTRY_FILE ? PAGE_REGISTRY_FILE : null;
    },
  };
}

export default defineConfig({
  plugins: [pageRegistry(), react()],
  build: { target: 'es2022', sourcemap: false },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
