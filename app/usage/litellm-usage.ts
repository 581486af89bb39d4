// A LiteLLM key's spend and budget from `/key/info`, asked with the route's own key. Only virtual keys of
// a proxy with a database have budgets (measured on 1.104.2, docs/usage-notes.md): the rest say so.
import { errorFields } from '../surfaces/http-verdicts.ts';
import { answered, ask, isoTime, num, parseJson, percentOf, routeKey, unreadable } from './usage-answers.ts';
import type { UsageContext, UsageOutcome, UsageTarget } from './usage-types.ts';

const NO_DATABASE = 'no budget to read: the proxy runs without a database (keys get budgets only with one: DATABASE_URL, and a virtual key made with max_budget)';

/** Whether the proxy says it has no database (`/health/readiness`: `"db": "Not connected"`), remembered for an hour. */
async function withoutDatabase(origin: string, ctx: UsageContext): Promise<boolean> {
  const memo = `litellm-db|${origin}`;
  const known = ctx.memo.get(memo);
  if (known !== undefined) return known === 'none';
  const ready = await ask(`${origin}/health/readiness`, ctx);
  const db = ready.ok ? (parseJson(ready.response) as { db?: unknown } | undefined)?.db : undefined;
  const none = typeof db === 'string' && db.toLowerCase() !== 'connected';
  if (typeof db === 'string') ctx.memo.set(memo, none ? 'none' : 'connected');
  return none;
}

export async function readLiteLlmUsage(target: UsageTarget, ctx: UsageContext): Promise<UsageOutcome> {
  const key = routeKey(target);
  if (typeof key !== 'string') return key;
  const origin = target.surface.origin;
  const what = `LiteLLM's /key/info at ${origin}`;
  if (ctx.memo.get(`litellm-db|${origin}`) === 'none') return { ok: true, label: 'LiteLLM key', windows: [], counts: [], note: NO_DATABASE };
  const out = await ask(`${origin}/key/info`, ctx, { authorization: `Bearer ${key}` });
  // Without a database /key/info is a bare 500 (or 400 "No connected db."): readiness says why.
  if (out.ok && out.response.status !== 200 && out.response.status !== 401 && (/no (connected )?db|database not connected/i.test(errorFields(parseJson(out.response)).message) || (await withoutDatabase(origin, ctx)))) {
    return { ok: true, label: 'LiteLLM key', windows: [], counts: [], note: NO_DATABASE };
  }
  if (out.ok && out.response.status === 404 && errorFields(parseJson(out.response)).type === 'not_found_error') {
    return { ok: true, label: 'LiteLLM master key', windows: [], counts: [], note: 'no budget: the master key is not a virtual key ("Key not found in database"); for one, make a virtual key with max_budget' };
  }
  const got = answered(out, what, { credential: "the route's key", remedy: "Check the key in the route's apiKey (the master key or a virtual key of this proxy)." }, ctx.now);
  if (!('response' in got)) return got;
  const info = (parseJson(got.response) as { info?: Record<string, unknown> } | undefined)?.info;
  if (!info || typeof info !== 'object') return unreadable(what, got.response, 'no "info" object');
  const spend = num(info.spend);
  const budget = num(info.max_budget);
  const duration = typeof info.budget_duration === 'string' ? ` (${info.budget_duration})` : '';
  const alias = typeof info.key_alias === 'string' && info.key_alias ? ` "${info.key_alias}"` : '';
  return {
    ok: true,
    label: `LiteLLM key${alias}`,
    windows: [{ id: 'budget', label: budget === null ? 'spend (no budget)' : `budget${duration}`, usedPercent: budget === null ? null : (percentOf(spend ?? 0, budget) ?? 0), used: spend, limit: budget, unit: 'USD', resetsAt: isoTime(info.budget_reset_at), forRoutes: true }],
    counts: [],
  };
}
