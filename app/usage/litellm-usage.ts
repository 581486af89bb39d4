// A LiteLLM key's spend and budget: `GET /key/info` with the route's own key (it reports on the key it
// is called with). Only virtual keys of a proxy with a database have budgets: without a database
// /key/info fails, and the master key is "not found" (docs/usage-notes.md, measured on 1.104.2).
import { httpRequest } from '../surfaces/http.ts';
import { errorFields } from '../surfaces/http-verdicts.ts';
import { failedAnswer, isoTime, num, parseJson, percentOf, unreadable } from './usage-answers.ts';
import type { UsageContext, UsageOutcome, UsageTarget } from './usage-types.ts';

/** Whether the proxy says it has no database (`/health/readiness`: `"db": "Not connected"`). */
async function withoutDatabase(origin: string, ctx: UsageContext): Promise<boolean> {
  const ready = await httpRequest(`${origin}/health/readiness`, { deadlineMs: ctx.deadlineMs, headers: { accept: 'application/json' }, ...(ctx.dispatcher ? { dispatcher: ctx.dispatcher } : {}) });
  const db = ready.ok ? (parseJson(ready.response) as { db?: unknown } | undefined)?.db : undefined;
  return typeof db === 'string' && db.toLowerCase() !== 'connected';
}

export async function readLiteLlmUsage(target: UsageTarget, ctx: UsageContext): Promise<UsageOutcome> {
  if (target.source.kind !== 'key' || target.source.key.kind !== 'value') return { ok: false, code: 'no-key', reason: 'The route sends no key, so there is no budget to read.', remedy: "Set the route's apiKey." };
  const origin = target.surface.origin;
  const what = `LiteLLM's /key/info at ${origin}`;
  const out = await httpRequest(`${origin}/key/info`, { deadlineMs: ctx.deadlineMs, headers: { authorization: `Bearer ${target.source.key.value}`, accept: 'application/json', 'user-agent': 'RouteLights' }, ...(ctx.dispatcher ? { dispatcher: ctx.dispatcher } : {}) });
  // Measured on 1.104.2: without a database /key/info is a bare 500 (or 400 "No connected db."); readiness says why.
  if (out.ok && out.response.status !== 200 && out.response.status !== 401 && (/no (connected )?db|database not connected/i.test(errorFields(parseJson(out.response)).message) || (await withoutDatabase(origin, ctx)))) {
    return { ok: true, label: 'LiteLLM key', windows: [], counts: [], note: 'no budget to read: the proxy runs without a database (keys get budgets only with one: DATABASE_URL, and a virtual key made with max_budget)' };
  }
  if (out.ok && out.response.status === 404 && errorFields(parseJson(out.response)).type === 'not_found_error') {
    return { ok: true, label: 'LiteLLM master key', windows: [], counts: [], note: 'no budget: the master key is not a virtual key ("Key not found in database"); for one, make a virtual key with max_budget' };
  }
  const failed = failedAnswer(out, what, { credential: "the route's key", remedy: "Check the key in the route's apiKey (the master key or a virtual key of this proxy)." }, ctx.now);
  if (failed) return failed;
  const response = (out as Extract<typeof out, { ok: true }>).response;
  const info = (parseJson(response) as { info?: Record<string, unknown> } | undefined)?.info;
  if (!info || typeof info !== 'object') return unreadable(what, response, 'no "info" object');
  const spend = num(info.spend);
  const budget = num(info.max_budget);
  const duration = typeof info.budget_duration === 'string' ? ` (${info.budget_duration})` : '';
  const alias = typeof info.key_alias === 'string' && info.key_alias ? ` "${info.key_alias}"` : '';
  return {
    ok: true,
    label: `LiteLLM key${alias}`,
    windows: [{ id: 'budget', label: budget === null ? 'spend (no budget)' : `budget${duration}`, usedPercent: budget === null ? null : (percentOf(spend, budget) ?? 0), used: spend, limit: budget, unit: 'USD', resetsAt: isoTime(info.budget_reset_at), forRoutes: true }],
    counts: [],
  };
}
