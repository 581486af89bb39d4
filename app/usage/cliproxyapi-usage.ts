// CLIProxyAPI's counts, from its management API on the engine's port, asked only with the management key
// the user gave and never again after a 401 (five wrong keys ban loopback for 30 minutes): requests and
// tokens per model from `GET /v0/management/usage` where the build still has it (upstream removed it in
// v6.10; forks keep it), else requests per account from `GET /v0/management/auth-files` (measured on
// v7.2.140: `success` and `failed` per OAuth account). Its usage queue is never drained: other tools read it.
import { httpRequest, type HttpOutcome } from '../surfaces/http.ts';
import type { UsageReading } from '../model/snapshot.ts';
import { failedAnswer, num, parseJson, unreadable } from './usage-answers.ts';
import type { UsageContext, UsageOutcome } from './usage-types.ts';

interface ModelStats {
  total_requests?: unknown;
  total_tokens?: unknown;
}

type Counts = UsageReading['counts'];

function perModel(usage: { apis?: unknown }): Counts {
  const sums = new Map<string, { requests: number; tokens: number }>();
  for (const api of Object.values((usage.apis ?? {}) as Record<string, { models?: Record<string, ModelStats> }>)) {
    for (const [model, stats] of Object.entries(api?.models ?? {})) {
      const sum = sums.get(model) ?? { requests: 0, tokens: 0 };
      sums.set(model, { requests: sum.requests + (num(stats.total_requests) ?? 0), tokens: sum.tokens + (num(stats.total_tokens) ?? 0) });
    }
  }
  return [...sums].map(([name, c]) => ({ name, of: 'model' as const, requests: c.requests, failed: null, tokens: c.tokens })).sort((a, b) => b.requests - a.requests);
}

function perAccount(files: unknown): Counts | null {
  if (!Array.isArray(files)) return null;
  return files.flatMap((raw) => {
    const f = (raw ?? {}) as Record<string, unknown>;
    const success = num(f.success);
    const failed = num(f.failed);
    if (success === null && failed === null) return [];
    const name = [f.email, f.account, f.label, f.name].find((v): v is string => typeof v === 'string' && v !== '') ?? '?';
    return [{ name: typeof f.provider === 'string' ? `${f.provider} ${name}` : name, of: 'account' as const, requests: (success ?? 0) + (failed ?? 0), failed, tokens: null }];
  });
}

export async function readCliProxyUsage(ctx: UsageContext): Promise<UsageOutcome> {
  const key = ctx.vibeproxy.managementKey;
  const remedy = "Check the engine's remote-management secret-key, set ROUTELIGHTS_VIBEPROXY_MANAGEMENT_KEY again and restart RouteLights.";
  if (!key || ctx.rejectedManagementKeys.has(key)) return { ok: false, code: 'key-rejected', reason: 'The management key was rejected earlier in this session; RouteLights does not try it again (five wrong keys ban this machine for 30 minutes).', remedy };
  const origin = `http://127.0.0.1:${ctx.vibeproxy.enginePort}`;
  const what = `CLIProxyAPI's management API at ${origin}`;
  const ask = (path: string): Promise<HttpOutcome> => httpRequest(`${origin}/v0/management/${path}`, { deadlineMs: ctx.deadlineMs, headers: { authorization: `Bearer ${key}`, accept: 'application/json' }, ...(ctx.dispatcher ? { dispatcher: ctx.dispatcher } : {}) });
  const rejected = (out: HttpOutcome) => out.ok && (out.response.status === 401 || out.response.status === 403);
  const label = `CLIProxyAPI at ${origin}`;

  const usage = await ask('usage');
  if (rejected(usage)) ctx.rejectedManagementKeys.add(key);
  if (!(usage.ok && usage.response.status === 404)) {
    const failed = failedAnswer(usage, what, { credential: 'the management key', remedy }, ctx.now);
    if (failed) return failed;
    const response = (usage as Extract<HttpOutcome, { ok: true }>).response;
    const body = (parseJson(response) as { usage?: { apis?: unknown } } | undefined)?.usage;
    return body && typeof body === 'object' ? { ok: true, label, windows: [], counts: perModel(body) } : unreadable(what, response, 'no "usage" object');
  }
  // This build has no statistics endpoint: the accounts' own request counts are what it keeps.
  const files = await ask('auth-files');
  if (rejected(files)) ctx.rejectedManagementKeys.add(key);
  const failed = failedAnswer(files, what, { credential: 'the management key', remedy }, ctx.now);
  if (failed) return failed.code === 'no-usage-endpoint' ? { ...failed, reason: `${what} is off or keeps no counts (404 on /v0/management/usage and /auth-files).`, remedy: "Turn the engine's management API on (remote-management secret-key) to see its counts, or leave it off: the accounts' own windows are read from their tokens." } : failed;
  const response = (files as Extract<HttpOutcome, { ok: true }>).response;
  const counts = perAccount((parseJson(response) as { files?: unknown } | undefined)?.files);
  return counts ? { ok: true, label, windows: [], counts } : unreadable(what, response, 'no "files" list');
}
