// CLIProxyAPI's counts from its management API (only with the key the user gave): per model from
// `/v0/management/usage` where a build keeps it, else per account from `/auth-files` (v7, measured).
import type { UsageReading } from '../model/snapshot.ts';
import { MANAGEMENT_KEY_REJECTED } from '../surfaces/vibeproxy-management.ts';
import { answered, ask, num, parseJson, unreadable } from './usage-answers.ts';
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
  if (!key || ctx.rejectedManagementKeys.has(key)) return { ok: false, code: 'key-rejected', reason: MANAGEMENT_KEY_REJECTED, remedy };
  const origin = `http://127.0.0.1:${ctx.vibeproxy.enginePort}`;
  const what = `CLIProxyAPI's management API at ${origin}`;
  const label = `CLIProxyAPI at ${origin}`;
  const rejected = { credential: 'the management key', remedy };
  const get = async (path: string) => {
    const out = await ask(`${origin}/v0/management/${path}`, ctx, { authorization: `Bearer ${key}` });
    if (out.ok && (out.response.status === 401 || out.response.status === 403)) ctx.rejectedManagementKeys.add(key);
    return out;
  };

  // A build without the statistics endpoint (upstream removed it in v6.10) is not asked again for an hour.
  const memo = `cliproxyapi-usage|${origin}`;
  if (ctx.memo.get(memo) !== 'absent') {
    const usage = await get('usage');
    if (!(usage.ok && usage.response.status === 404)) {
      const got = answered(usage, what, rejected, ctx.now);
      if (!('response' in got)) return got;
      const body = (parseJson(got.response) as { usage?: { apis?: unknown } } | undefined)?.usage;
      return body && typeof body === 'object' ? { ok: true, label, windows: [], counts: perModel(body) } : unreadable(what, got.response, 'no "usage" object');
    }
    ctx.memo.set(memo, 'absent');
  }
  const got = answered(await get('auth-files'), what, rejected, ctx.now);
  if (!('response' in got)) {
    return got.code === 'no-usage-endpoint' ? { ...got, reason: `${what} is off or keeps no counts (404 on /v0/management/usage and /auth-files).`, remedy: "Turn the engine's management API on (remote-management secret-key) to see its counts, or leave it off: the accounts' own windows are read from their tokens." } : got;
  }
  const counts = perAccount((parseJson(got.response) as { files?: unknown } | undefined)?.files);
  return counts ? { ok: true, label, windows: [], counts } : unreadable(what, got.response, 'no "files" list');
}
