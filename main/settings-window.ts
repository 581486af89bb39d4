// The settings window: created on demand, reused, hidden (not destroyed) on close. Sandboxed, context
// isolation on, no Node in the page, a strict CSP (in index.html); navigation, redirects and new
// windows are refused for every webContents (lockdown.ts).
import { BrowserWindow } from 'electron';

export class SettingsWindow {
  private window: BrowserWindow | null = null;
  private quitting = false;
  private readonly preload: string;
  private readonly page: { url: string } | { file: string };

  constructor(preload: string, page: { url: string } | { file: string }) {
    this.preload = preload;
    this.page = page;
  }

  show(): BrowserWindow {
    const win = this.window ?? this.create();
    win.show();
    win.focus();
    return win;
  }

  current(): BrowserWindow | null {
    return this.window;
  }

  /** On quit the window really closes. */
  close(): void {
    this.quitting = true;
    this.window?.close();
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
    if ('url' in this.page) void win.loadURL(this.page.url);
    else void win.loadFile(this.page.file);
    this.window = win;
    return win;
  }
}
