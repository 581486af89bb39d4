// Kimi For Coding's usage, as the usage menu bars read it: `GET /coding/v1/usages` with the route's key.
// `usage` is the weekly quota and `limits[]` the rolling windows (300 minutes: the 5-hour one); numbers
// come as strings. A 403 whose message names a limit (Kimi reuses `access_terminated_error` for the
// 5-hour, weekly and billing-cycle limits) is read as that window used up.
import { httpRequest } from '../surfaces/http.ts';
import { errorFields } from '../surfaces/http-verdicts.ts';
import { failedAnswer, isoTime, num, parseJson, percentOf, unreadable } from './usage-answers.ts';
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
  if (target.source.kind !== 'key' || target.source.key.kind !== 'value') return { ok: false, code: 'no-key', reason: 'The route sends no key, so there is no plan to read.', remedy: "Set the route's apiKey." };
  const what = `Kimi's usage endpoint at ${target.surface.origin}`;
  const out = await httpRequest(`${target.surface.origin}/coding/v1/usages`, { deadlineMs: ctx.deadlineMs, headers: { authorization: `Bearer ${target.source.key.value}`, accept: 'application/json', 'user-agent': 'RouteLights' }, ...(ctx.dispatcher ? { dispatcher: ctx.dispatcher } : {}) });
  if (out.ok && out.response.status === 403) {
    const said = limitsIn403(errorFields(parseJson(out.response)).message);
    if (said) return { ok: true, label: 'Kimi For Coding', windows: said, counts: [] };
  }
  const failed = failedAnswer(out, what, { credential: "the route's key", remedy: "Check the key in the route's apiKey (a Kimi For Coding key, sk-kimi-…)." }, ctx.now);
  if (failed) return failed;
  const response = (out as Extract<typeof out, { ok: true }>).response;
  const body = parseJson(response) as { usage?: unknown; limits?: unknown } | undefined;
  if (!body || typeof body !== 'object' || (!body.usage && !Array.isArray(body.limits))) return unreadable(what, response, 'no "usage" or "limits"');
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
