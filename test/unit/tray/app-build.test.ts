// The Electron build (electron-vite, run by `npm test` before the tests, no Electron binary needed):
// main as an ES module, the sandboxed preload as one CommonJS file that requires nothing but electron,
// and the window with its CSP.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../../helpers/tools.ts';

it('builds main, a CommonJS preload that only requires electron, and the renderer', () => {
  const out = join(ROOT, 'out');
  if (!existsSync(join(out, 'preload', 'index.cjs'))) throw new Error("out/ is not built: run 'npm run build:app' (npm test does).");
  const preload = readFileSync(join(out, 'preload', 'index.cjs'), 'utf8');
  expect([...new Set(preload.match(/require\("[^"]+"\)/g))]).toEqual(['require("electron")']);
  expect(preload).toContain('exposeInMainWorld');
  expect(readFileSync(join(out, 'main', 'index.js'), 'utf8')).toMatch(/from "electron"/);
  expect(readFileSync(join(out, 'renderer', 'index.html'), 'utf8')).toMatch(/Content-Security-Policy.*script-src 'self'/);
});
