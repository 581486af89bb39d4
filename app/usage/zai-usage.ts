// Z.AI's coding plan as its pages read it: `/api/monitor/usage/quota/limit` (the windows) and, once an
// hour, `/api/biz/subscription/list` (the plan's name). A bad key is HTTP 200 with `{"code":401}`.
import { answered, ask, isoTime, num, parseJson, percentOf, routeKey, share, unreadable, type Failed } from './usage-answers.ts';
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
  const remaining = num(limit.remaining);
  const used = num(limit.currentValue) ?? (total !== null && remaining !== null ? total - remaining : null);
  const usedPercent = percentOf(used, total) ?? share(num(limit.percentage));
  const resetsAt = isoTime(limit.nextResetTime);
  if (type === 'TIME_LIMIT') return { id: 'tools-month', label: 'monthly tool calls', usedPercent, used, limit: total, unit: 'calls', resetsAt, forRoutes: false };
  if (type !== 'TOKENS_LIMIT' && type !== 'CREDIT_LIMIT') return null;
  const what = type === 'CREDIT_LIMIT' ? 'credits' : 'tokens';
  const span = unit === 6 ? { id: 'week', label: `weekly ${what}` } : unit === 1 ? { id: `${n}d`, label: `${n}-day ${what}` } : { id: `${n}h`, label: `${n}-hour ${what}` };
  return { id: `${what}-${span.id}`, label: span.label, usedPercent, used, limit: total, unit: what, resetsAt, forRoutes: true };
}

function envelopeFailure(body: Envelope, what: string): Failed | null {
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

/** The plan's name, asked at most once an hour per account (it changes with a subscription, not a call). */
async function plan(target: UsageTarget, key: string, ctx: UsageContext): Promise<string | null> {
  const memo = `zai-plan|${target.account}`;
  const known = ctx.memo.get(memo);
  if (known !== undefined) return known || null;
  const out = await ask(`${target.surface.origin}/api/biz/subscription/list`, ctx, { authorization: `Bearer ${key}` });
  const name = out.ok && out.response.status === 200 ? planName(parseJson(out.response)) : null;
  ctx.memo.set(memo, name ?? '');
  return name;
}

export async function readZaiUsage(target: UsageTarget, ctx: UsageContext): Promise<UsageOutcome> {
  const key = routeKey(target);
  if (typeof key !== 'string') return key;
  const what = `Z.AI's usage API at ${target.surface.origin}`;
  const [quota, name] = await Promise.all([ask(`${target.surface.origin}/api/monitor/usage/quota/limit`, ctx, { authorization: `Bearer ${key}`, 'accept-language': 'en-US,en' }), plan(target, key, ctx)]);
  const got = answered(quota, what, REJECTED, ctx.now);
  if (!('response' in got)) return got;
  const body = parseJson(got.response) as Envelope | undefined;
  if (!body || typeof body !== 'object') return unreadable(what, got.response, 'not JSON');
  const refused = envelopeFailure(body, what);
  if (refused) return refused;
  const limits = (body.data as { limits?: unknown } | undefined)?.limits;
  if (!Array.isArray(limits)) return unreadable(what, got.response, 'no "data.limits" list');
  const windows = limits.flatMap((l) => {
    const w = l && typeof l === 'object' ? windowOf(l as Record<string, unknown>) : null;
    return w ? [w] : [];
  });
  const level = (body.data as { level?: unknown }).level;
  return { ok: true, label: `Z.AI ${name ?? (typeof level === 'string' ? `coding plan (${level})` : 'coding plan')}`, windows, counts: [] };
}
