// IPC wiring: the page's API calls and its "I listen" answered by app/api/ipc.ts's host, only for the
// settings window's own top frame (another webContents, or a frame inside the page, is refused).
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS, ipcHost, UNTRUSTED_SENDER } from '../app/api/ipc.ts';
import type { RouteLightsApi } from '../app/api/contract.ts';

function fromWindow(event: IpcMainInvokeEvent, win: BrowserWindow | null): boolean {
  if (!win || win.isDestroyed() || event.sender !== win.webContents) return false;
  const frame = event.senderFrame;
  const main = win.webContents.mainFrame;
  return !!frame && frame.processId === main.processId && frame.routingId === main.routingId;
}

export function wireIpc(api: RouteLightsApi, window: () => BrowserWindow | null): () => void {
  const host = ipcHost(api);
  ipcMain.handle(CHANNELS.call, (event, method: unknown, request: unknown) => (fromWindow(event, window()) ? host.call(method, request) : UNTRUSTED_SENDER));
  ipcMain.handle(CHANNELS.listen, (event) => {
    if (!fromWindow(event, window())) return UNTRUSTED_SENDER;
    const contents = event.sender;
    host.listen((e) => {
      if (!contents.isDestroyed()) contents.send(CHANNELS.event, e);
    });
    return { ok: true, value: null };
  });
  return () => {
    ipcMain.removeHandler(CHANNELS.call);
    ipcMain.removeHandler(CHANNELS.listen);
    host.close();
  };
}
