// Notifications when a route turns red and when it recovers. They follow the monitor's light events,
// which come after flap control, so a flapping surface does not spam; each names the route, the door
// and the remedy, and each route can be muted (by its key: the same id in another file is another route).
// A usage window says its own story once per account (low, used up, back), not once per route on it.
import type { ApiEvent } from '../api/contract.ts';
import { clockTime, leftPercent, until, windowPhrase } from '../model/usage.ts';
import { redactor } from '../secrets/redact.ts';

export interface TrayNotification {
  routeId: string;
  title: string;
  body: string;
}

export type LightEvent = Extract<ApiEvent, { type: 'light' }>;
export type UsageEvent = Extract<ApiEvent, { type: 'usage' }>;

export function notificationFor(change: LightEvent, mutedKeys: readonly string[]): TrayNotification | null {
  if (change.kind !== 'route' || mutedKeys.includes(change.key) || change.from === null || change.byQuota) return null;
  if (change.to === 'red' && change.from !== 'red') {
    return { routeId: change.id, title: `${change.id} is red`, body: redactor.redact(`${change.reason} → ${change.remedy}`) };
  }
  if (change.from === 'red' && (change.to === 'green' || change.to === 'yellow')) {
    return { routeId: change.id, title: `${change.id} recovered`, body: redactor.redact(change.reason) };
  }
  return null;
}

/** One notification per usage window crossing: below the threshold, used up, back after either. */
export function usageNotificationFor(event: UsageEvent, now: Date): { title: string; body: string } {
  const w = event.window;
  const reset = w.resetsAt && Date.parse(w.resetsAt) > now.getTime() ? `it resets at ${clockTime(w.resetsAt, now)} (${until(w.resetsAt, now)})` : null;
  const till = reset ? ` until ${reset}` : ' until it resets';
  if (event.to === 'exhausted') return { title: `${event.label}: ${w.label} used up`, body: redactor.redact(w.forRoutes ? `Routes that spend only it are red${till}.` : `Model calls do not draw from it; its tools are off${till}.`) };
  if (event.to === 'low') return { title: `${event.label}: ${Math.round(leftPercent(w) ?? 0)} % of ${w.label} left`, body: redactor.redact(`Below the warning threshold${reset ? `; ${reset}` : ''}.`) };
  return { title: `${event.label}: ${w.label} is back`, body: redactor.redact(windowPhrase(w, now)) };
}
