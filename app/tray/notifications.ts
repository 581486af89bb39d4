// Notifications when a route turns red and when it recovers. They follow the monitor's light events,
// which come after flap control, so a flapping surface does not spam; each names the route, the door
// and the remedy, and each route can be muted (by its key: the same id in another file is another route).
import type { ApiEvent } from '../api/contract.ts';
import { redactor } from '../secrets/redact.ts';

export interface TrayNotification {
  routeId: string;
  title: string;
  body: string;
}

export type LightEvent = Extract<ApiEvent, { type: 'light' }>;

export function notificationFor(change: LightEvent, mutedKeys: readonly string[]): TrayNotification | null {
  if (change.kind !== 'route' || mutedKeys.includes(change.key) || change.from === null) return null;
  if (change.to === 'red' && change.from !== 'red') {
    return { routeId: change.id, title: `${change.id} is red`, body: redactor.redact(`${change.reason} → ${change.remedy}`) };
  }
  if (change.from === 'red' && (change.to === 'green' || change.to === 'yellow')) {
    return { routeId: change.id, title: `${change.id} recovered`, body: redactor.redact(change.reason) };
  }
  return null;
}
