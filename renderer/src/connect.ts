// Which transport the window speaks through: the preload's IPC API inside Electron, else the HTTP bridge
// of `routelights serve`, with the token or one-time code from the URL (app/bridge/page-session.ts).
import type { RouteLightsApi } from '../../app/api/contract.ts';
import { connectPage } from '../../app/bridge/page-session.ts';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge). */
    routelights?: RouteLightsApi;
  }
}

export function connectApi(win: Window): RouteLightsApi | null {
  return win.routelights ?? connectPage(win);
}
