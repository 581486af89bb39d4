// A stand-in for the usage endpoints the tests cannot reach, in their published shapes (docs/usage-notes.md),
// and LiteLLM's /key/info as measured with a database; each can answer a bad key, a 429 or garbage.
import { createServer } from 'node:http';
import { listenLoopback } from './tools.ts';

export type UsageMode = 'ok' | 'bad-key' | '429' | 'garbage';

export interface UsageStandIn {
  url: string;
  port: number;
  mode: UsageMode;
  /** Percent used of the first (5-hour) window; the others stay as they are. */
  used5h: number;
  /** When the 5-hour window resets. */
  resetsAt: Date;
  /** The Retry-After of a 429, or null for none. */
  retryAfter: string | null;
  requests: Array<{ path: string; authorization: string | undefined; headers: Record<string, string | string[] | undefined> }>;
  close: () => Promise<void>;
}

function zaiQuota(s: UsageStandIn) {
  return {
    code: 200,
    msg: 'Operation successful',
    success: true,
    data: {
      level: 'pro',
      limits: [
        { type: 'TOKENS_LIMIT', unit: 3, number: 5, percentage: s.used5h, nextResetTime: s.resetsAt.getTime() },
        { type: 'TIME_LIMIT', unit: 5, number: 1, usage: 4000, currentValue: 1828, remaining: 2172, percentage: 45, usageDetails: [{ modelCode: 'search-prime', usage: 1433 }] },
      ],
    },
  };
}

function kimiUsages(s: UsageStandIn) {
  const limit = 200;
  const used = Math.round((s.used5h / 100) * limit);
  return {
    user: { userId: 'u1', region: 'REGION_OVERSEA', membership: { level: 'LEVEL_STANDARD' } },
    usage: { limit: '2000', used: '400', remaining: '1600', resetTime: new Date(s.resetsAt.getTime() + 4 * 86_400_000).toISOString() },
    limits: [{ window: { duration: 300, timeUnit: 'TIME_UNIT_MINUTE' }, detail: { limit: String(limit), used: String(used), remaining: String(limit - used), resetTime: s.resetsAt.toISOString() } }],
  };
}

function codexUsage(s: UsageStandIn) {
  return {
    plan_type: 'plus',
    rate_limit: {
      allowed: s.used5h < 100,
      limit_reached: s.used5h >= 100,
      primary_window: { used_percent: s.used5h, limit_window_seconds: 18_000, reset_after_seconds: 3600, reset_at: Math.floor(s.resetsAt.getTime() / 1000) },
      secondary_window: { used_percent: 30, limit_window_seconds: 604_800, reset_after_seconds: 86_400, reset_at: Math.floor(s.resetsAt.getTime() / 1000) + 86_400 },
    },
    credits: { has_credits: false, unlimited: false, balance: '0' },
  };
}

/** Measured: a virtual key made with {"max_budget": 1.0, "budget_duration": "5h"}; spend follows used5h. */
function liteLlmKeyInfo(s: UsageStandIn) {
  return { key: 'c9043c5b46cb863189f9d104248af3a676782003a254ff9d62ca2ef990464c46', info: { key_name: 'sk-...Sd-w', key_alias: 'team-a', spend: s.used5h / 100, total_spend: s.used5h / 100, max_budget: 1.0, budget_duration: '5h', budget_reset_at: s.resetsAt.toISOString().replace('Z', '+00:00'), tpm_limit: null, rpm_limit: null, models: [], status: 'active' } };
}

function claudeUsage(s: UsageStandIn) {
  return { five_hour: { utilization: s.used5h, resets_at: s.resetsAt.toISOString() }, seven_day: { utilization: 31, resets_at: new Date(s.resetsAt.getTime() + 3 * 86_400_000).toISOString() }, seven_day_opus: null, extra_usage: { is_enabled: false } };
}

export async function startUsageStandIn(models: string[] = ['glm-5.1']): Promise<UsageStandIn> {
  const s: Partial<UsageStandIn> = { mode: 'ok', retryAfter: '600', used5h: 38, resetsAt: new Date(Date.now() + 42 * 60_000), requests: [] };
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    s.requests!.push({ path, authorization: req.headers.authorization, headers: req.headers });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (/\/models$/.test(path)) return send(200, { object: 'list', data: models.map((id) => ({ id, object: 'model', owned_by: 'stand-in' })) });
    // RouteLights' path check posts `{}` where Droid will post: the provider's answer to a request without messages.
    if (req.method === 'POST' && /\/(chat\/completions|messages)$/.test(path)) return send(400, { error: { message: "Missing required parameter: 'messages'.", type: 'invalid_request_error' } });
    if (path === '/health/liveliness') return send(200, "I'm alive!");
    if (path === '/health/readiness') return send(200, { status: 'healthy', db: 'connected', litellm_version: '1.104.2' });
    const usage = /\/api\/monitor\/usage\/quota\/limit$|\/api\/biz\/subscription\/list$|\/coding\/v1\/usages$|\/wham\/usage$|\/api\/oauth\/usage$|^\/key\/info$/.test(path);
    if (!usage) return send(404, { error: { message: `stand-in: no route for ${path}` } });
    const zai = path.startsWith('/api/monitor') || path.startsWith('/api/biz');
    if (s.mode === '429') return send(429, { error: { message: 'Too many requests' } }, s.retryAfter ? { 'retry-after': s.retryAfter } : {});
    if (s.mode === 'garbage') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<html><body>Sign in to continue</body></html>');
    }
    if (s.mode === 'bad-key') return zai ? send(200, { code: 401, msg: 'token expired or incorrect', success: false }) : send(401, { error: { message: 'invalid key', type: 'authentication_error' } });
    if (path.endsWith('/quota/limit')) return send(200, zaiQuota(s as UsageStandIn));
    if (path.endsWith('/subscription/list')) return send(200, { code: 200, success: true, data: [{ id: '1', productName: 'GLM Coding Pro', status: 'VALID', valid: '2026-11-12 16:55:13-2026-12-12 16:55:13', nextRenewTime: '2026-12-12' }] });
    if (path.endsWith('/usages')) return send(200, kimiUsages(s as UsageStandIn));
    if (path.endsWith('/wham/usage')) return send(200, codexUsage(s as UsageStandIn));
    if (path === '/key/info') return send(200, liteLlmKeyInfo(s as UsageStandIn));
    return send(200, claudeUsage(s as UsageStandIn));
  });
  const listening = await listenLoopback(server);
  s.url = listening.url;
  s.port = listening.port;
  s.close = listening.close;
  return s as UsageStandIn;
}
