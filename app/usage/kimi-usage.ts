// Kimi For Coding's usage: `/coding/v1/usages` (the weekly quota and the rolling windows, numbers as
// strings); a 403 that names a limit (Kimi reuses `access_terminated_error` for them) is that window used up.
import { errorFields } from '../surfaces/http-verdicts.ts';
import { answered, ask, isoTime, num, parseJson, percentOf, routeKey, unreadable } from './usage-answers.ts';
import type { UsageContext, UsageOutcome, UsageTarget, WindowReading } from './usage-types.ts';

const MINUTES: Record<string, number> = { TIME_UNIT_MINUTE: 1, TIME_UNIT_HOUR: 60, TIME_UNIT_DAY: 1440 };

function amounts(detail: Record<string, unknown>): Pick<WindowReading, 'used' | 'limit' | 'usedPercent' | 'resetsAt' | 'forRoutes'> {
  const limit = num(detail.limit);
  const remaining = num(detail.remaining);
  const used = num(detail.used) ?? (limit !== null && remaining !== null ? limit - remaining : null);
  return { used, limit, usedPercent: percentOf(used, limit), resetsAt: isoTime(detail.resetTime ?? detail.resetAt ?? detail.reset_time ?? detail.reset_at), forRoutes: true };
}

function span(minutes: number): { id: string; label: string } {
  if (minutes % 1440 === 0) return minutes === 10_080 ? { id: 'week', label: 'weekly requests' } : { id: `${minutes / 1440}d`, label: `${minutes / 1440}-day requests` };
  if (minutes % 60 === 0) return { id: `${minutes / 60}h`, label: `${minutes / 60}-hour requests` };
  return { id: `${minutes}m`, label: `${minutes}-minute requests` };
}

/** The windows a 403's message says are used up (5-hour, weekly, billing cycle), or null when it names none. */
export function limitsIn403(message: string): WindowReading[] | null {
  const found: WindowReading[] = [];
  const spent = { usedPercent: 100, used: null, limit: null, unit: null, resetsAt: null, forRoutes: true };
  if (/5[- ]?h(our)?/i.test(message)) found.push({ id: '5h', label: '5-hour requests', ...spent });
  if (/week/i.test(message)) found.push({ id: 'week', label: 'weekly requests', ...spent });
  if (/billing cycle|month/i.test(message)) found.push({ id: 'cycle', label: 'billing-cycle requests', ...spent });
  return found.length && /limit|quota|exceed|exhaust|reached|used up/i.test(message) ? found : null;
}

export async function readKimiUsage(target: UsageTarget, ctx: UsageContext): Promise<UsageOutcome> {
  const key = routeKey(target);
  if (typeof key !== 'string') return key;
  const what = `Kimi's usage endpoint at ${target.surface.origin}`;
  const out = await ask(`${target.surface.origin}/coding/v1/usages`, ctx, { authorization: `Bearer ${key}` });
  if (out.ok && out.response.status === 403) {
    const said = limitsIn403(errorFields(parseJson(out.response)).message);
    if (said) return { ok: true, label: 'Kimi For Coding', windows: said, counts: [], partial: true };
  }
  const got = answered(out, what, { credential: "the route's key", remedy: "Check the key in the route's apiKey (a Kimi For Coding key, sk-kimi-…)." }, ctx.now);
  if (!('response' in got)) return got;
  const body = parseJson(got.response) as { usage?: unknown; limits?: unknown } | undefined;
  if (!body || typeof body !== 'object' || (!body.usage && !Array.isArray(body.limits))) return unreadable(what, got.response, 'no "usage" or "limits"');
  const windows: WindowReading[] = [];
  for (const entry of Array.isArray(body.limits) ? body.limits : []) {
    const w = (entry as { window?: { duration?: unknown; timeUnit?: unknown } }).window;
    const minutes = (num(w?.duration) ?? 0) * (MINUTES[String(w?.timeUnit)] ?? 0);
    const detail = (entry as { detail?: unknown }).detail;
    if (minutes > 0 && detail && typeof detail === 'object') windows.push({ ...span(minutes), unit: 'requests', ...amounts(detail as Record<string, unknown>) });
  }
  if (body.usage && typeof body.usage === 'object' && !windows.some((w) => w.id === 'week')) windows.push({ id: 'week', label: 'weekly requests', unit: 'requests', ...amounts(body.usage as Record<string, unknown>) });
  return { ok: true, label: 'Kimi For Coding', windows, counts: [] };
}
