// Vite builds the window into out/renderer (served by `routelights serve`, loaded by Electron).
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  build: { outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)), emptyOutDir: true, sourcemap: false },
});
