// The Codex and Claude accounts' own windows behind VibeProxy, asked with the account's token from its
// auth file (nothing asked of the user; never refreshed or written here; sent only to that usage host).
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { redactor } from '../secrets/redact.ts';
import { answered, ask, isoTime, num, parseJson, share, unreadable } from './usage-answers.ts';
import type { OAuthSource, OAuthUsageEndpoints, UsageContext, UsageOutcome, WindowReading } from './usage-types.ts';

const OAUTH_USAGE_ENDPOINTS: OAuthUsageEndpoints = { codex: 'https://chatgpt.com/backend-api/wham/usage', claude: 'https://api.anthropic.com/api/oauth/usage' };

/** The providers' usage URLs, or stand-ins ($ROUTELIGHTS_CODEX_USAGE_URL, $ROUTELIGHTS_CLAUDE_USAGE_URL) for a proxy or a test. */
export function oauthEndpointsFromEnv(env: NodeJS.ProcessEnv): OAuthUsageEndpoints {
  return { codex: env.ROUTELIGHTS_CODEX_USAGE_URL || OAUTH_USAGE_ENDPOINTS.codex, claude: env.ROUTELIGHTS_CLAUDE_USAGE_URL || OAUTH_USAGE_ENDPOINTS.claude };
}

function spanOf(seconds: number): { id: string; label: string } {
  if (seconds === 604_800) return { id: 'week', label: 'weekly window' };
  if (seconds % 86_400 === 0) return { id: `${seconds / 86_400}d`, label: `${seconds / 86_400}-day window` };
  return { id: `${Math.round(seconds / 3600)}h`, label: `${Math.round(seconds / 3600)}-hour window` };
}

/** Codex windows by their length (`limit_window_seconds`), never by slot: a Pro plan has only a weekly one, in the primary slot. */
function codexWindows(body: Record<string, unknown>, now: Date): WindowReading[] {
  const limits = (body.rate_limit ?? {}) as Record<string, unknown>;
  return [limits.primary_window, limits.secondary_window].flatMap((raw) => {
    if (!raw || typeof raw !== 'object') return [];
    const w = raw as Record<string, unknown>;
    const seconds = num(w.limit_window_seconds);
    if (seconds === null) return [];
    const after = num(w.reset_after_seconds);
    const resetsAt = isoTime(w.reset_at) ?? (after !== null ? new Date(now.getTime() + after * 1000).toISOString() : null);
    return [{ ...spanOf(seconds), usedPercent: share(num(w.used_percent)), used: null, limit: null, unit: null, resetsAt, forRoutes: true }];
  });
}

/** Claude's windows; the per-model weekly ones are shown but gate only that model's routes, so they make no light. */
const CLAUDE: Array<[string, string, string, boolean]> = [
  ['five_hour', '5h', '5-hour window', true],
  ['seven_day', 'week', 'weekly window', true],
  ['seven_day_opus', 'week-opus', 'weekly Opus window', false],
  ['seven_day_sonnet', 'week-sonnet', 'weekly Sonnet window', false],
];

function claudeWindows(body: Record<string, unknown>): WindowReading[] {
  return CLAUDE.flatMap(([field, id, label, forRoutes]) => {
    const w = body[field] as Record<string, unknown> | null | undefined;
    const used = w ? share(num(w.utilization)) : null;
    return w && used !== null ? [{ id, label, usedPercent: used, used: null, limit: null, unit: null, resetsAt: isoTime(w.resets_at), forRoutes }] : [];
  });
}

async function token(authDir: string, file: string): Promise<{ access: string; accountId: string | null; email: string | null } | null> {
  try {
    const raw = JSON.parse(await fs.readFile(join(authDir, file), 'utf8')) as Record<string, unknown>;
    if (typeof raw.access_token !== 'string' || !raw.access_token) return null;
    redactor.add(raw.access_token);
    return { access: raw.access_token, accountId: typeof raw.account_id === 'string' ? raw.account_id : null, email: typeof raw.email === 'string' ? raw.email : null };
  } catch {
    return null;
  }
}

export async function readOAuthUsage(source: OAuthSource, ctx: UsageContext): Promise<UsageOutcome> {
  const { provider, file } = source;
  const name = provider === 'codex' ? 'Codex' : 'Claude';
  const held = await token(ctx.vibeproxy.authDir, file);
  if (!held) return { ok: false, code: 'no-token', reason: `${file} in ${ctx.vibeproxy.authDir} holds no access token RouteLights can read.`, remedy: `Log the ${name} account in again in VibeProxy.` };
  const url = ctx.oauth[provider];
  const headers: Record<string, string> = { authorization: `Bearer ${held.access}` };
  if (provider === 'claude') headers['anthropic-beta'] = 'oauth-2025-04-20';
  if (provider === 'codex' && held.accountId) headers['chatgpt-account-id'] = held.accountId;
  const what = `${name}'s usage endpoint (${new URL(url).host})`;
  const got = answered(await ask(url, ctx, headers), what, { credential: `the access token of ${held.email ?? file}`, remedy: `Its token may have expired and VibeProxy not refreshed it yet: log the ${name} account in again in VibeProxy if it persists.` }, ctx.now);
  if (!('response' in got)) return got;
  const body = parseJson(got.response);
  if (!body || typeof body !== 'object') return unreadable(what, got.response, 'not JSON');
  const fields = body as Record<string, unknown>;
  const windows = provider === 'codex' ? codexWindows(fields, ctx.now) : claudeWindows(fields);
  if (windows.length === 0) return unreadable(what, got.response, 'no usage window in it');
  const plan = provider === 'codex' && typeof fields.plan_type === 'string' ? ` (${fields.plan_type})` : '';
  return { ok: true, label: `${name} account ${held.email ?? source.email ?? file}${plan}`, windows, counts: [] };
}
