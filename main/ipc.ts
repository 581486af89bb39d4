// IPC wiring: the page's API calls answered by the service (only from our own window), and the
// service's events sent to the window.
import { ipcMain, type BrowserWindow } from 'electron';
import { answerCall, CHANNELS } from '../app/api/ipc.ts';
import type { RouteLightsApi } from '../app/api/contract.ts';

export function wireIpc(api: RouteLightsApi, window: () => BrowserWindow | null): () => void {
  ipcMain.handle(CHANNELS.call, (event, method: unknown, request: unknown) => {
    const win = window();
    if (!win || event.sender !== win.webContents) return { ok: false, failure: { layer: 'ipc', code: 'untrusted-sender', reason: 'Only the RouteLights window may call the API.', remedy: 'Open Settings from the menu bar icon.' } };
    return answerCall(api, method, request);
  });
  const unsubscribe = api.subscribe((event) => {
    const win = window();
    if (win && !win.isDestroyed()) win.webContents.send(CHANNELS.event, event);
  });
  return () => {
    ipcMain.removeHandler(CHANNELS.call);
    unsubscribe();
  };
}
