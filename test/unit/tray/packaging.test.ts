// The packaged app's locks, read from what ships: electron-builder.yml loaded and validated by
// electron-builder's own loader and schema (the fuses flipped at packaging), the built main bundle (the
// lockdown wired in), and the built page (its meta CSP equal to the one the bridge sends).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEADER_CSP, PAGE_CSP } from '../../../app/bridge/page-policy.ts';
import { ROOT } from '../../helpers/tools.ts';

const require = createRequire(import.meta.url);

function built(path: string): string {
  const file = join(ROOT, 'out', path);
  if (!existsSync(file)) throw new Error(`out/${path} is not built: run 'npm run build:app' (npm test does).`);
  return readFileSync(file, 'utf8');
}

describe('the packaged app', () => {
  it('electron-builder accepts the configuration, and it flips the fuses that let other code run as the signed app', async () => {
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as { getConfig(dir: string, path: string, options: null): Promise<Record<string, unknown>>; validateConfiguration(config: unknown, logger: unknown): Promise<void> };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    const config = await getConfig(ROOT, join(ROOT, 'electron-builder.yml'), null);
    await validateConfiguration(config, new DebugLogger(false));
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    // The asar the last two fuses check must exist: packaging into an asar stays on.
    expect(config.asar).not.toBe(false);
    await expect(validateConfiguration({ ...config, electronFuses: { runAsNodee: false } }, new DebugLogger(false))).rejects.toThrow(/configuration.electronFuses/);
  });

  it('the built main process denies permissions, guards every webContents, checks IPC frames and ignores a dev URL when packaged', () => {
    const main = built('main/index.js');
    for (const wire of ['setPermissionRequestHandler', 'setPermissionCheckHandler', 'web-contents-created', 'will-navigate', 'will-redirect', 'will-attach-webview', 'setWindowOpenHandler', 'senderFrame', 'isPackaged']) expect(main, wire).toContain(wire);
    expect(main).not.toContain('executeJavaScript');
    expect(main).toMatch(/!\w+\.isPackaged && \w+\.ELECTRON_RENDERER_URL/);
  });

  it("the page's meta CSP is the bridge's header CSP, less what only a header can say", () => {
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(built('renderer/index.html'))?.[1];
    expect(meta).toBe(PAGE_CSP);
    expect(HEADER_CSP).toBe(`${PAGE_CSP}; frame-ancestors 'none'`);
  });
});
