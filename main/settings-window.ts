// The settings window: created on demand, reused, hidden (not destroyed) on close. Sandboxed, context
// isolation on, no Node in the page, a strict CSP (in index.html), navigation and new windows blocked.
import { BrowserWindow, shell } from 'electron';
import { join } from 'node:path';

export class SettingsWindow {
  private window: BrowserWindow | null = null;
  private quitting = false;
  private readonly preload: string;
  private readonly page: { url?: string; file: string };

  constructor(preload: string, page: { url?: string; file: string }) {
    this.preload = preload;
    this.page = page;
  }

  show(routeId?: string): BrowserWindow {
    const win = this.window ?? this.create();
    if (routeId) void win.webContents.executeJavaScript(`window.dispatchEvent(new CustomEvent('routelights:open-route', { detail: ${JSON.stringify(routeId)} }))`);
    win.show();
    win.focus();
    return win;
  }

  current(): BrowserWindow | null {
    return this.window;
  }

  /** On quit the window may really close. */
  allowClose(): void {
    this.quitting = true;
  }

  private create(): BrowserWindow {
    const win = new BrowserWindow({
      width: 1100,
      height: 720,
      minWidth: 720,
      minHeight: 480,
      show: false,
      title: 'RouteLights',
      webPreferences: { preload: this.preload, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, spellcheck: false },
    });
    win.on('close', (event) => {
      if (this.quitting) return;
      event.preventDefault();
      win.hide();
    });
    win.webContents.on('will-navigate', (event) => event.preventDefault());
    win.webContents.setWindowOpenHandler(({ url }) => {
      // Only web pages open, in the user's browser; never inside the app.
      if (/^https:\/\//.test(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
    if (this.page.url) void win.loadURL(this.page.url);
    else void win.loadFile(join(this.page.file));
    this.window = win;
    return win;
  }
}
