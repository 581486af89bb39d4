// The preload: exposes exactly the RouteLightsApi to the page (built from the contract by app/api/ipc.ts),
// never ipcRenderer itself; the IPC event object is stripped before the page sees a payload.
import { contextBridge, ipcRenderer } from 'electron';
import { createIpcApi } from '../app/api/ipc.ts';

const api = createIpcApi(
  (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  (channel, listener) => {
    const wrapped = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => ipcRenderer.off(channel, wrapped);
  },
);

contextBridge.exposeInMainWorld('routelights', api);
