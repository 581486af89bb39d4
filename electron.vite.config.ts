// electron-vite: main, preload and renderer in one build (it builds without the Electron binary). The
// sandboxed preload is one CommonJS file with its dependencies inside (a sandbox cannot require them).
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: { build: { rollupOptions: { input: { index: resolve('main/index.ts') } } } },
  preload: { build: { externalizeDeps: false, rollupOptions: { input: { index: resolve('main/preload.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } } } },
  renderer: { root: resolve('renderer'), plugins: [react()], build: { rollupOptions: { input: resolve('renderer/index.html') } } },
});
