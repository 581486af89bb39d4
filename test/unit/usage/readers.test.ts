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
import { planUsage, zaiGenericEndpoint } from '../../../app/usage/plan-usage.ts';
import type { UsageContext, UsageTarget } from '../../../app/usage/usage-types.ts';
import { mapFindings } from '../../../app/health/records.ts';
import { scratchDir } from '../../helpers/scratch.ts';
import { listenLoopback } from '../../helpers/tools.ts';
import { startUsageStandIn, type UsageStandIn } from '../../helpers/usage-standin.ts';

let standIn: UsageStandIn;
beforeAll(async () => {
  standIn = await startUsageStandIn(['kimi-for-coding']);
});
afterAll(() => standIn.close());

const ctx = (over: Partial<UsageContext> = {}): UsageContext => ({ deadlineMs: 2_000, vibeproxy: { authDir: '/nonexistent', enginePort: 1 }, rejectedManagementKeys: new Set(), oauth: { codex: `${standIn.url}/backend-api/wham/usage`, claude: `${standIn.url}/api/oauth/usage` }, now: new Date(), ...over });
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
    expect(await readOAuthUsage(codex, c)).toMatchObject({ ok: true, label: 'Codex account me@example.com (plus)', windows: [{ id: '5h', label: '5-hour window', usedPercent: 40 }, { id: 'week', label: 'weekly window', usedPercent: 30 }] });
    const codexCall = standIn.requests.at(-1)!;
    expect(codexCall).toMatchObject({ path: '/backend-api/wham/usage', authorization: 'Bearer codex-access-token-0123456789abcdef' });
    expect(codexCall.headers['chatgpt-account-id']).toBe('acct-1');
    expect(await readOAuthUsage(claude, c)).toMatchObject({ ok: true, label: 'Claude account me@example.com', windows: [{ id: '5h', usedPercent: 40 }, { id: 'week', usedPercent: 31 }] });
    const claudeCall = standIn.requests.at(-1)!;
    expect(claudeCall.headers['anthropic-beta']).toBe('oauth-2025-04-20');
    expect(claudeCall.authorization).toBe('Bearer claude-access-token-0123456789abcdef');
  });

  it('an expired token (401) is a reason on the reading that says what to do', async () => {
    standIn.mode = 'bad-key';
    const dir = authDir();
    const target: UsageTarget = { account: 'a', surface: { id: 'v', kind: 'vibeproxy', origin: 'http://localhost:8317' }, balance: '', source: { kind: 'oauth', provider: 'codex', file: 'codex-me@example.com.json', email: 'me@example.com' } };
    const out = await readOAuthUsage(target, ctx({ vibeproxy: { authDir: dir, enginePort: 1 } }));
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
    const { kinds, problems } = parseSurfaceKinds('http://127.0.0.1:9000/=zai, https://gw.example:443=kimi,localhost:1=zai,http://x:1=glm');
    expect([...kinds]).toEqual([['http://127.0.0.1:9000', 'zai'], ['https://gw.example', 'kimi']]);
    expect(problems).toEqual(['"localhost:1=zai" does not start with an http(s) origin and "=".', '"http://x:1=glm": "glm" is not a kind (vibeproxy, litellm, zai, kimi, openai-compatible, anthropic-compatible).']);
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
