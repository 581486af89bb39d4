// Z.AI's coding plan, as its subscription pages read it: `GET /api/monitor/usage/quota/limit` (a 5-hour
// token window, a weekly one on newer plans, a monthly tool-call window) and `/api/biz/subscription/list`
// for the plan's name. The API answers HTTP 200 with `{"code":401,…}` for a bad key (measured by others,
// docs/usage-notes.md): the envelope's `success` and `code` decide, not the status.
import { httpRequest } from '../surfaces/http.ts';
import { failedAnswer, isoTime, num, parseJson, percentOf, unreadable } from './usage-answers.ts';
import type { UsageContext, UsageOutcome, UsageTarget, WindowReading } from './usage-types.ts';

interface Envelope {
  code?: unknown;
  msg?: unknown;
  success?: unknown;
  data?: unknown;
}

const REJECTED = { credential: "the route's key", remedy: "Check the key in the route's apiKey: it is the one the Z.AI subscription page shows for the coding plan." };

/** A limit's window, by its type and (unit, number): 3 is hours, 6 weeks, 1 days; TIME_LIMIT is the monthly tool calls. */
function windowOf(limit: Record<string, unknown>): WindowReading | null {
  const type = String(limit.type ?? '');
  const unit = num(limit.unit);
  const n = num(limit.number) ?? 1;
  const total = num(limit.usage);
  const used = num(limit.currentValue) ?? (total !== null && num(limit.remaining) !== null ? total - num(limit.remaining)! : null);
  const share = percentOf(used, total) ?? num(limit.percentage);
  const usedPercent = share === null ? null : Math.max(0, Math.min(100, share));
  const resetsAt = isoTime(limit.nextResetTime);
  if (type === 'TIME_LIMIT') return { id: 'tools-month', label: 'monthly tool calls', usedPercent, used, limit: total, unit: 'calls', resetsAt, forRoutes: false };
  if (type !== 'TOKENS_LIMIT' && type !== 'CREDIT_LIMIT') return null;
  const what = type === 'CREDIT_LIMIT' ? 'credits' : 'tokens';
  const span = unit === 6 ? { id: 'week', label: `weekly ${what}` } : unit === 1 ? { id: `${n}d`, label: `${n}-day ${what}` } : { id: `${n}h`, label: `${n}-hour ${what}` };
  return { id: `${what}-${span.id}`, label: span.label, usedPercent, used, limit: total, unit: what, resetsAt, forRoutes: true };
}

function envelopeFailure(body: Envelope, what: string): Extract<UsageOutcome, { ok: false }> | null {
  if (body.success === true && num(body.code) === 200) return null;
  const code = num(body.code);
  const msg = typeof body.msg === 'string' ? body.msg : '';
  if (code === 401 || code === 1000 || code === 1001) return { ok: false, code: 'key-rejected', reason: `${what} rejected the route's key (HTTP 200 with code ${code}${msg ? `: "${msg}"` : ''}).`, remedy: REJECTED.remedy };
  if (code === 500 && /coding plan/i.test(msg)) return { ok: false, code: 'no-plan', reason: `${what}: the key's account has no GLM Coding Plan ("${msg}"), so its calls spend the pay-as-you-go balance.`, remedy: 'Subscribe to the coding plan, or use the key of the account that holds it.' };
  return { ok: false, code: 'provider-error', reason: `${what} answered code ${code ?? '?'}${msg ? `: "${msg}"` : ''}.`, remedy: 'RouteLights reads again at the next reading.' };
}

function planName(body: unknown): string | null {
  const list = (body as Envelope | undefined)?.data;
  if (!Array.isArray(list)) return null;
  const current = list.find((s) => (s as Record<string, unknown>)?.status === 'VALID' || (s as Record<string, unknown>)?.inCurrentPeriod === true) as Record<string, unknown> | undefined;
  return typeof current?.productName === 'string' ? current.productName : null;
}

export async function readZaiUsage(target: UsageTarget, ctx: UsageContext): Promise<UsageOutcome> {
  if (target.source.kind !== 'key' || target.source.key.kind !== 'value') return { ok: false, code: 'no-key', reason: 'The route sends no key, so there is no plan to read.', remedy: "Set the route's apiKey." };
  const what = `Z.AI's usage API at ${target.surface.origin}`;
  const common = { deadlineMs: ctx.deadlineMs, headers: { authorization: `Bearer ${target.source.key.value}`, accept: 'application/json', 'accept-language': 'en-US,en', 'user-agent': 'RouteLights' }, ...(ctx.dispatcher ? { dispatcher: ctx.dispatcher } : {}) };
  const [quota, plans] = await Promise.all([httpRequest(`${target.surface.origin}/api/monitor/usage/quota/limit`, common), httpRequest(`${target.surface.origin}/api/biz/subscription/list`, common)]);
  const failed = failedAnswer(quota, what, REJECTED, ctx.now);
  if (failed) return failed;
  const response = (quota as Extract<typeof quota, { ok: true }>).response;
  const body = parseJson(response) as Envelope | undefined;
  if (!body || typeof body !== 'object') return unreadable(what, response, 'not JSON');
  const refused = envelopeFailure(body, what);
  if (refused) return refused;
  const limits = (body.data as { limits?: unknown } | undefined)?.limits;
  if (!Array.isArray(limits)) return unreadable(what, response, 'no "data.limits" list');
  const windows = limits.flatMap((l) => (l && typeof l === 'object' ? [windowOf(l as Record<string, unknown>)].filter((w): w is WindowReading => w !== null) : []));
  const level = (body.data as { level?: unknown }).level;
  const name = (plans.ok && plans.response.status === 200 ? planName(parseJson(plans.response)) : null) ?? (typeof level === 'string' ? `coding plan (${level})` : 'coding plan');
  return { ok: true, label: `Z.AI ${name}`, windows, counts: [] };
}
