// Each usage reader against the shapes the providers answer with (a local stand-in): Kimi's windows
// from strings, a 403 that names a limit, the OAuth accounts' windows read with their own tokens (and
// sent nowhere else), which balance a route spends (the Z.AI generic endpoint is not the plan), and
// declared kinds that cannot be read.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSurfaceKinds, surfaceOptionsFromEnv } from '../../../app/surfaces/derive.ts';
import { readAccounts } from '../../../app/surfaces/vibeproxy-accounts.ts';
import { limitsIn403, readKimiUsage } from '../../../app/usage/kimi-usage.ts';
import { readOAuthUsage } from '../../../app/usage/oauth-usage.ts';
import { readCliProxyUsage } from '../../../app/usage/cliproxyapi-usage.ts';
import { readLiteLlmUsage } from '../../../app/usage/litellm-usage.ts';
import { planUsage, zaiGenericEndpoint } from '../../../app/usage/plan-usage.ts';
import { readZaiUsage } from '../../../app/usage/zai-usage.ts';
import type { OAuthSource, UsageContext, UsageTarget } from '../../../app/usage/usage-types.ts';
import { mapFindings } from '../../../app/health/records.ts';
import { scratchDir } from '../../helpers/scratch.ts';
import { listenLoopback } from '../../helpers/tools.ts';
import { startUsageStandIn, type UsageStandIn } from '../../helpers/usage-standin.ts';

let standIn: UsageStandIn;
beforeAll(async () => {
  standIn = await startUsageStandIn(['kimi-for-coding']);
});
afterAll(() => standIn.close());

const ctx = (over: Partial<UsageContext> = {}): UsageContext => ({ deadlineMs: 2_000, vibeproxy: { authDir: '/nonexistent', enginePort: 1 }, rejectedManagementKeys: new Set(), oauth: { codex: `${standIn.url}/backend-api/wham/usage`, claude: `${standIn.url}/api/oauth/usage` }, memo: memo(), now: new Date(), ...over });

function memo(): UsageContext['memo'] {
  const m = new Map<string, string>();
  return { get: (k) => m.get(k), set: (k, v) => void m.set(k, v) };
}
const kimiTarget = (): UsageTarget => ({ account: 'k', surface: { id: standIn.url, kind: 'kimi', origin: standIn.url }, balance: 'the Kimi For Coding plan', source: { kind: 'key', key: { kind: 'value', value: 'sk-kimi-test-0123456789', reference: null } } });

describe('Kimi', () => {
  it('reads the 5-hour window from limits[] and the weekly quota from usage, numbers given as strings', async () => {
    standIn.mode = 'ok';
    standIn.used5h = 25;
    const out = await readKimiUsage(kimiTarget(), ctx());
    expect(out).toMatchObject({ ok: true, label: 'Kimi For Coding', windows: [{ id: '5h', label: '5-hour requests', used: 50, limit: 200, usedPercent: 25 }, { id: 'week', used: 400, limit: 2000, usedPercent: 20 }] });
    expect(standIn.requests.at(-1)).toMatchObject({ path: '/coding/v1/usages', authorization: 'Bearer sk-kimi-test-0123456789' });
  });

  it('a 403 that names the 5-hour limit reads as that window used up; one that does not is a rejected key', () => {
    expect(limitsIn403('You have reached your 5-hour usage limit for Kimi For Coding.')?.map((w) => [w.id, w.usedPercent])).toEqual([['5h', 100]]);
    expect(limitsIn403('Weekly quota exceeded, please wait for the next billing cycle')?.map((w) => w.id)).toEqual(['week', 'cycle']);
    expect(limitsIn403('Kimi For Coding is currently only available for Coding Agents such as Kimi CLI')).toBeNull();
  });
});

describe('the OAuth accounts behind VibeProxy', () => {
  function authDir(): string {
    const dir = scratchDir();
    writeFileSync(join(dir, 'codex-me@example.com.json'), JSON.stringify({ type: 'codex', email: 'me@example.com', access_token: 'codex-access-token-0123456789abcdef', account_id: 'acct-1', expired: '2099-01-01T00:00:00Z' }));
    writeFileSync(join(dir, 'claude-me@example.com.json'), JSON.stringify({ type: 'claude', email: 'me@example.com', access_token: 'claude-access-token-0123456789abcdef', expired: '2099-01-01T00:00:00Z' }));
    mkdirSync(join(dir, 'sub'));
    return dir;
  }

  it('Codex: windows by their length, with the account id; Claude: the beta header; each token only to its own host', async () => {
    standIn.mode = 'ok';
    standIn.used5h = 40;
    const dir = authDir();
    const accounts = (await readAccounts(dir))!;
    const surface = { id: 'http://localhost:8317', kind: 'vibeproxy' as const, origin: 'http://localhost:8317' };
    const plan = planUsage([{ routeKey: 'f#custom:GPT-0', model: 'gpt-5.5', baseUrl: 'http://localhost:8317/v1', surface, key: { kind: 'none' } }, { routeKey: 'f#custom:Opus-0', model: 'claude-opus-4-5', baseUrl: 'http://localhost:8317', surface, key: { kind: 'none' } }], accounts, false);
    expect(plan.byRoute.get('f#custom:GPT-0')).toEqual({ accounts: ['http://localhost:8317|codex-me@example.com.json'], balance: 'a ChatGPT subscription (Codex) through VibeProxy' });
    expect(plan.byRoute.get('f#custom:Opus-0')?.balance).toBe('a Claude subscription through VibeProxy');
    const [codex, claude] = [plan.targets.find((t) => t.account.endsWith('codex-me@example.com.json'))!, plan.targets.find((t) => t.account.endsWith('claude-me@example.com.json'))!];
    const c = ctx({ vibeproxy: { authDir: dir, enginePort: 1 } });
    expect(await readOAuthUsage(codex.source as OAuthSource, c)).toMatchObject({ ok: true, label: 'Codex account me@example.com (plus)', windows: [{ id: '5h', label: '5-hour window', usedPercent: 40 }, { id: 'week', label: 'weekly window', usedPercent: 30 }] });
    const codexCall = standIn.requests.at(-1)!;
    expect(codexCall).toMatchObject({ path: '/backend-api/wham/usage', authorization: 'Bearer codex-access-token-0123456789abcdef' });
    expect(codexCall.headers['chatgpt-account-id']).toBe('acct-1');
    expect(await readOAuthUsage(claude.source as OAuthSource, c)).toMatchObject({ ok: true, label: 'Claude account me@example.com', windows: [{ id: '5h', usedPercent: 40 }, { id: 'week', usedPercent: 31 }] });
    const claudeCall = standIn.requests.at(-1)!;
    expect(claudeCall.headers['anthropic-beta']).toBe('oauth-2025-04-20');
    expect(claudeCall.authorization).toBe('Bearer claude-access-token-0123456789abcdef');
  });

  it('an expired token (401) is a reason on the reading that says what to do', async () => {
    standIn.mode = 'bad-key';
    const dir = authDir();
    const out = await readOAuthUsage({ kind: 'oauth', provider: 'codex', file: 'codex-me@example.com.json', email: 'me@example.com' }, ctx({ vibeproxy: { authDir: dir, enginePort: 1 } }));
    expect(out).toMatchObject({ ok: false, code: 'key-rejected', reason: expect.stringContaining('rejected the access token of me@example.com (HTTP 401)'), remedy: expect.stringContaining('log the Codex account in again in VibeProxy') });
    expect(JSON.stringify(out)).not.toContain('codex-access-token');
    standIn.mode = 'ok';
  });
});

describe('which balance a route spends', () => {
  it("the Z.AI generic endpoint spends the pay-as-you-go balance and reads nothing; the coding endpoint reads the plan", () => {
    expect(zaiGenericEndpoint('https://api.z.ai/api/paas/v4')).toBe(true);
    expect(zaiGenericEndpoint('https://api.z.ai/api/coding/paas/v4')).toBe(false);
    expect(zaiGenericEndpoint('https://api.z.ai/api/anthropic')).toBe(false);
    const surface = { id: 'https://api.z.ai', kind: 'zai' as const, origin: 'https://api.z.ai' };
    const key = { kind: 'value' as const, value: 'zai-key-0123456789', reference: null };
    const plan = planUsage([{ routeKey: 'f#generic', model: 'glm-4.6', baseUrl: 'https://api.z.ai/api/paas/v4', surface, key }, { routeKey: 'f#coding', model: 'glm-4.6', baseUrl: 'https://api.z.ai/api/coding/paas/v4', surface, key }], [], false);
    expect(plan.byRoute.get('f#generic')).toEqual({ accounts: [], balance: "Z.AI's pay-as-you-go balance, not the coding plan (the generic endpoint)" });
    expect(plan.byRoute.get('f#coding')?.accounts).toHaveLength(1);
    expect(plan.targets).toHaveLength(1);
  });
});

describe('declared kinds', () => {
  it('ROUTELIGHTS_SURFACE_KINDS declares origins (normalised); an entry that is not ORIGIN=KIND is a warning that names it', () => {
    const { kinds, problems } = parseSurfaceKinds('http://127.0.0.1:9000/=ZAI, https://gw.example:443=kimi,localhost:1=zai,http://x:1=glm,http://a:1=zai;http://b:1=kimi,https://gw.example=zai');
    expect([...kinds]).toEqual([['http://127.0.0.1:9000', 'zai'], ['https://gw.example', 'zai']]);
    expect(problems).toEqual([
      '"localhost:1=zai" does not start with an http(s) origin and "=". That entry is ignored.',
      '"http://x:1=glm": "glm" is not a kind (vibeproxy, litellm, zai, kimi, openai-compatible, anthropic-compatible). That entry is ignored.',
      '"http://a:1=zai;http://b:1=kimi" holds a ";": entries are separated by commas. That entry is ignored.',
      'https://gw.example is declared twice; the last, zai, is used.',
    ]);
    const findings = mapFindings(null, surfaceOptionsFromEnv({ ROUTELIGHTS_SURFACE_KINDS: 'http://x:1=glm' }));
    expect(findings).toEqual([expect.objectContaining({ rule: 'surface-kinds', severity: 'warning', message: expect.stringContaining('"glm" is not a kind') })]);
  });

  it('a gateway that does not pass the usage endpoint through says so (404), without changing anything else', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(404);
      res.end();
    });
    const gw = await listenLoopback(server);
    const out = await readKimiUsage({ ...kimiTarget(), surface: { id: gw.url, kind: 'kimi', origin: gw.url } }, ctx());
    expect(out).toMatchObject({ ok: false, code: 'no-usage-endpoint', reason: expect.stringContaining('does not exist here (HTTP 404)') });
    await gw.close();
  });
});

/** A loopback server answering each path with a fixed status and JSON body, counting requests per path. */
async function answering(routes: Record<string, [number, unknown]>) {
  const asked: Record<string, number> = {};
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    asked[path] = (asked[path] ?? 0) + 1;
    const [status, body] = routes[path] ?? [404, { error: 'no route' }];
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  });
  const listening = await listenLoopback(server);
  return { url: listening.url, port: listening.port, asked, close: listening.close };
}

const keyed = (url: string, kind: 'zai' | 'litellm'): UsageTarget => ({ account: `${url}|${kind}|t`, surface: { id: url, kind, origin: url }, balance: '', source: { kind: 'key', key: { kind: 'value', value: 'key-0123456789', reference: null } } });

describe('Z.AI', () => {
  it('numbers as strings, a weekly window (unit 6) and credits; the plan name asked once an hour', async () => {
    const z = await answering({
      '/api/monitor/usage/quota/limit': [200, { code: 200, success: true, data: { limits: [{ type: 'CREDIT_LIMIT', unit: 3, number: 5, usage: '1000', remaining: '250', nextResetTime: '1893456000000' }, { type: 'CREDIT_LIMIT', unit: 6, number: 1, percentage: 130 }] } }],
      '/api/biz/subscription/list': [200, { code: 200, success: true, data: [{ productName: 'Old', status: 'EXPIRED' }, { productName: 'GLM Coding Lite', status: 'VALID' }] }],
    });
    const c = ctx();
    const out = await readZaiUsage(keyed(z.url, 'zai'), c);
    expect(out).toMatchObject({ ok: true, label: 'Z.AI GLM Coding Lite', windows: [{ id: 'credits-5h', label: '5-hour credits', used: 750, limit: 1000, usedPercent: 75, resetsAt: '2030-01-01T00:00:00.000Z' }, { id: 'credits-week', label: 'weekly credits', usedPercent: 100 }] });
    await readZaiUsage(keyed(z.url, 'zai'), c);
    expect(z.asked).toEqual({ '/api/monitor/usage/quota/limit': 2, '/api/biz/subscription/list': 1 });
    await z.close();
  });

  it('HTTP 200 envelopes: a missing header (1001) is a rejected key; "no coding plan" (500) is said as such', async () => {
    const z = await answering({ '/api/monitor/usage/quota/limit': [200, { code: 1001, msg: 'Authentication parameter not received in Header', success: false }] });
    expect(await readZaiUsage(keyed(z.url, 'zai'), ctx())).toMatchObject({ ok: false, code: 'key-rejected', reason: expect.stringContaining('HTTP 200 with code 1001') });
    await z.close();
    const p = await answering({ '/api/monitor/usage/quota/limit': [200, { code: 500, msg: '当前用户不存在coding plan', success: false }] });
    expect(await readZaiUsage(keyed(p.url, 'zai'), ctx())).toMatchObject({ ok: false, code: 'no-plan', reason: expect.stringContaining('has no GLM Coding Plan'), remedy: expect.stringContaining('Subscribe') });
    await p.close();
  });
});

describe('LiteLLM', () => {
  it("the master key (\"Key not found in database\") has no budget: said as a note, not a failure", async () => {
    const l = await answering({ '/key/info': [404, { error: { message: 'Key not found in database', type: 'not_found_error', param: 'key', code: '404' } }] });
    expect(await readLiteLlmUsage(keyed(l.url, 'litellm'), ctx())).toEqual({ ok: true, label: 'LiteLLM master key', windows: [], counts: [], note: expect.stringContaining('the master key is not a virtual key') });
    await l.close();
  });

  it('a bare 500 with readiness saying no database: a note, and /key/info is not asked again for an hour', async () => {
    const l = await answering({ '/key/info': [500, 'Internal Server Error'], '/health/readiness': [200, { status: 'healthy', db: 'Not connected' }] });
    const c = ctx();
    for (let i = 0; i < 3; i++) expect(await readLiteLlmUsage(keyed(l.url, 'litellm'), c)).toMatchObject({ ok: true, windows: [], note: expect.stringContaining('runs without a database') });
    expect(l.asked).toEqual({ '/key/info': 1, '/health/readiness': 1 });
    await l.close();
  });

  it('a budget of 0 is all used; a negative spend is none', async () => {
    const l = await answering({ '/key/info': [200, { info: { spend: -3, max_budget: 0, budget_duration: '1d', budget_reset_at: null } }] });
    expect(await readLiteLlmUsage(keyed(l.url, 'litellm'), ctx())).toMatchObject({ ok: true, windows: [{ id: 'budget', usedPercent: 100, limit: 0 }] });
    await l.close();
  });
});

describe('CLIProxyAPI management counts', () => {
  it('a build that keeps /v0/management/usage gives requests and tokens per model (summed over client keys)', async () => {
    const e = await answering({ '/v0/management/usage': [200, { usage: { total_requests: 5, apis: { k1: { models: { 'gpt-5': { total_requests: 3, total_tokens: 300 } } }, k2: { models: { 'gpt-5': { total_requests: '1', total_tokens: 50 }, 'claude-opus-4-5': { total_requests: 1, total_tokens: 900 } } } } } }] });
    const out = await readCliProxyUsage(ctx({ vibeproxy: { authDir: '/nonexistent', enginePort: e.port, managementKey: 'mk-0123456789' } }));
    expect(out).toMatchObject({ ok: true, counts: [{ name: 'gpt-5', of: 'model', requests: 4, tokens: 350 }, { name: 'claude-opus-4-5', requests: 1, tokens: 900 }] });
    await e.close();
  });

  it('a 401 is a rejected key, never asked again in the session', async () => {
    const e = await answering({ '/v0/management/usage': [401, { error: 'invalid management key' }] });
    const c = ctx({ vibeproxy: { authDir: '/nonexistent', enginePort: e.port, managementKey: 'mk-wrong-0123456789' } });
    expect(await readCliProxyUsage(c)).toMatchObject({ ok: false, code: 'key-rejected' });
    expect(await readCliProxyUsage(c)).toMatchObject({ ok: false, code: 'key-rejected', reason: expect.stringContaining('five wrong keys') });
    expect(e.asked).toEqual({ '/v0/management/usage': 1 });
    await e.close();
  });
});
