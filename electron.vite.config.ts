import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

/**
 * electron-vite builds the four parts of the desktop app into desktop/out/:
 *   main/index.js      Electron main (lifecycle, window, IPC relay, keychain)
 *   main/core-host.js  the counter core, started by main in a utilityProcess
 *   preload/index.cjs  the contextBridge API (CommonJS: sandboxed preloads cannot be ES modules)
 *   renderer/          the React UI, also served by the core in browser mode
 * Workspace code (@forecourt/shared, TypeScript) is bundled; the native and Node-only runtime
 * dependencies stay external and are packaged from node_modules.
 */
const root = import.meta.dirname;
const out = (part: string) => resolve(root, 'desktop/out', part);
const RUNTIME_EXTERNALS = ['better-sqlite3', 'ws', 'pino', 'pdfmake'];

/**
 * The page's CSP allows only its own scripts. The dev server needs React refresh's inline
 * preamble and the HMR socket, so `electron-vite dev` (and only it) relaxes the meta tag.
 */
function devContentSecurityPolicy(): Plugin {
  return {
    name: 'forecourt-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws: http://localhost:*"),
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: out('main'),
      externalizeDeps: { include: RUNTIME_EXTERNALS },
      rollupOptions: {
        input: {
          index: resolve(root, 'desktop/src/main/index.ts'),
          'core-host': resolve(root, 'desktop/src/core/core-host.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: out('preload'),
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'desktop/src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'desktop/src/renderer'),
    // Relative asset URLs: the same build loads from file:// in Electron and over HTTP in browser mode.
    base: './',
    plugins: [react(), devContentSecurityPolicy()],
    build: {
      outDir: out('renderer'),
      emptyOutDir: true,
      rollupOptions: { input: resolve(root, 'desktop/src/renderer/index.html') },
    },
  },
});
