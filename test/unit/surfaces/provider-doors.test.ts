// Stand-ins for Z.AI's coding endpoint and Kimi For Coding (unreachable from here) answering with the
// documented bodies: each wrong door gets its own reason, and none is "bad API key" unless it is one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeDirect } from '../../../app/surfaces/direct.ts';
import { startOpenAiStub, type OpenAiStub } from '../../helpers/openai-stub.ts';
import { context, target } from '../../helpers/probe-target.ts';

let stub: OpenAiStub;
beforeAll(async () => {
  stub = await startOpenAiStub({ models: ['glm-5.1', 'glm-4.7'] });
});
afterAll(() => stub.close());

async function zai(status: number, body: unknown, provider = 'generic-chat-completion-api') {
  stub.behaviour = { kind: 'status', status, body };
  const base = provider === 'anthropic' ? `${stub.url}/api/anthropic` : `${stub.url}/api/coding/paas/v4`;
  return probeDirect(target('zai', base, { key: 'zai-key', provider, models: ['glm-5.1'] }), context());
}

async function kimi(status: number, body: unknown) {
  stub.behaviour = { kind: 'status', status, body };
  return probeDirect(target('kimi', `${stub.url}/coding/v1`, { key: 'sk-kimi-x', models: ['kimi-for-coding'] }), context());
}

describe('Z.AI stand-in', () => {
  it('up: lists models under the coding endpoint, checks the key with no quota spent', async () => {
    stub.behaviour = { kind: 'ok' };
    const r = await probeDirect(target('zai', `${stub.url}/api/coding/paas/v4`, { key: 'zai-key', models: ['glm-5.1', 'glm-5.9'] }), context());
    expect(r).toMatchObject({ color: 'green', door: 'up' });
    expect(stub.requests.at(-1)).toMatchObject({ method: 'GET', path: '/api/coding/paas/v4/models', authorization: 'Bearer zai-key' });
    expect(r.missingModels['glm-5.9']).toMatchObject({ color: 'yellow' });
    expect(r.missingModels['glm-5.1']).toBeUndefined();
  });

  it.each([
    [429, { error: { code: '1113', message: 'Insufficient balance or no resource package. Please recharge.' } }, 'balance', /balance is exhausted.*1113/],
    [429, { error: { code: '1302', message: 'High concurrency' } }, 'rate-limited', /concurrency/],
    [429, { error: { code: '1308', message: 'Usage limit reached, resets at 2026-11-24 20:00:00' } }, 'usage-limit', /5-hour usage limit.*resets at 2026-11-24 20:00:00/],
    [403, { error: { code: '1309', message: 'Your plan has expired' } }, 'plan-expired', /plan has expired/],
    [429, { error: { code: '1310', message: 'Weekly limit' } }, 'usage-limit', /weekly or monthly/],
    [400, { error: { code: '1311', message: 'model not in plan' } }, 'model-not-in-plan', /not in your Z.AI plan/],
    [400, { error: { code: '1211', message: 'Unknown Model' } }, 'unknown-model', /does not know this model/],
    [401, { error: { code: '401', message: '令牌已过期或验证不正确' } }, 'key-rejected', /expired or wrong/],
  ])('%i with %j → %s', async (status, body, door, reason) => {
    const r = await zai(status, body);
    expect(r).toMatchObject({ color: 'red', door });
    expect(r.reason).toMatch(reason);
  });

  it('the Anthropic-style endpoint carries the code in error.type', async () => {
    const r = await zai(429, { type: 'error', error: { type: '1308', message: 'Usage limit reached, resets at 20:00' } }, 'anthropic');
    expect(r).toMatchObject({ color: 'red', door: 'usage-limit' });
    expect(stub.requests.at(-1)!.path).toBe('/api/anthropic/v1/models');
  });
});

describe('Kimi stand-in', () => {
  it('the coding-agent gate is not a bad key, and the remedy never suggests another User-Agent', async () => {
    const r = await kimi(403, { error: { message: 'Kimi For Coding is currently only available for Coding Agents such as Kimi CLI, Claude Code, Roo Code, Kilo Code, etc.', type: 'access_terminated_error' } });
    expect(r).toMatchObject({ color: 'red', door: 'client-gate' });
    expect(r.reason).toMatch(/not a bad key/);
    expect(r.remedy).toMatch(/VibeProxy's Kimi OAuth/);
    expect(`${r.reason} ${r.remedy}`).not.toMatch(/user.?agent/i);
  });

  it('the same error type with a quota message is a quota door', async () => {
    const r = await kimi(403, { error: { message: "You've reached your usage limit for this billing cycle.", type: 'access_terminated_error' } });
    expect(r).toMatchObject({ color: 'red', door: 'quota' });
  });

  it('an account ban', async () => {
    const r = await kimi(403, { error: { type: 'permission_error', message: 'Access terminated. Review our Community Guidelines…' }, type: 'error' });
    expect(r).toMatchObject({ color: 'red', door: 'account-banned' });
  });

  it('401 is a rejected key; 429 is rate limiting', async () => {
    expect(await kimi(401, { error: { message: 'Invalid Authentication', type: 'invalid_authentication_error' } })).toMatchObject({ door: 'key-rejected' });
    expect(await kimi(429, { error: { message: 'Too many requests', type: 'rate_limit_reached_error' } })).toMatchObject({ door: 'rate-limited' });
  });
});

describe('any OpenAI-compatible endpoint', () => {
  it('no model list (404) is reachable-but-unchecked, yellow', async () => {
    stub.behaviour = { kind: 'status', status: 404, body: { error: { message: 'Not found' } } };
    const r = await probeDirect(target('openai-compatible', `${stub.url}/v1`, { key: 'k' }), context());
    expect(r).toMatchObject({ color: 'yellow', door: 'no-model-list' });
  });
});
