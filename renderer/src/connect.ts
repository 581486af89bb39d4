// Which transport the window speaks through: the preload's IPC API inside Electron, else the HTTP bridge
// of `routelights serve` with the token from the URL (kept for this tab only, then removed from the URL).
import type { RouteLightsApi } from '../../app/api/contract.ts';
import { createHttpApi } from '../../app/bridge/client.ts';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge). */
    routelights?: RouteLightsApi;
  }
}

export function connectApi(win: Window): RouteLightsApi | null {
  if (win.routelights) return win.routelights;
  const fromHash = /#token=([^&]+)/.exec(win.location.hash)?.[1];
  if (fromHash) {
    win.sessionStorage.setItem('routelights-token', fromHash);
    win.history.replaceState(null, '', win.location.pathname);
  }
  const token = fromHash ?? win.sessionStorage.getItem('routelights-token');
  return token ? createHttpApi(win.location.origin, token) : null;
}
