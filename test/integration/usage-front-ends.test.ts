// Quota beside every light, from each surface's wire shape to every front end: the tray row (and its
// notifications), `status --json` answered by the running serve, /metrics and the readiness report. Z.AI and Kimi are
// stood in for by a local server answering their documented shapes (the origin declared with
// ROUTELIGHTS_SURFACE_KINDS, as a user declares a gateway); LiteLLM and CLIProxyAPI are the real programs.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCliProxyApi } from '../helpers/cliproxyapi.ts';
import { startLiteLlm } from '../helpers/litellm.ts';
import { scratchDir } from '../helpers/scratch.ts';
import { flatMenu, frontEnds } from '../helpers/usage-front-ends.ts';
import { startUsageStandIn, type UsageStandIn } from '../helpers/usage-standin.ts';

let standIn: UsageStandIn;
beforeAll(async () => {
  standIn = await startUsageStandIn(['glm-5.1', 'kimi-for-coding']);
});
afterAll(() => standIn.close());

const hhmm = (d: Date) => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
const KEY = 'zai-standin-key-0123456789';

describe('Z.AI coding plan (stand-in)', () => {
  it('62 % left shows in the tray row, status --json and /metrics; used up turns the route red with one notification', async () => {
    standIn.mode = 'ok';
    standIn.used5h = 38;
    standIn.resetsAt = new Date(Date.now() + 42 * 60_000);
    const at = hhmm(standIn.resetsAt);
    const ends = await frontEnds({ customModels: [{ model: 'glm-5.1', id: 'custom:GLM-5.1-0', index: 0, displayName: 'GLM-5.1', baseUrl: `${standIn.url}/api/coding/paas/v4`, apiKey: KEY, provider: 'generic-chat-completion-api' }] }, { ROUTELIGHTS_SURFACE_KINDS: `${standIn.url}=zai` });
    try {
      const { status, metrics } = await ends.look();
      expect(status.answeredBy.kind).toBe('serve');
      expect(status.routes[0]).toMatchObject({ id: 'custom:GLM-5.1-0', quota: `62 % of 5-hour tokens left · resets ${at}`, spends: { balance: 'the Z.AI coding plan' } });
      expect(status.usage[0]).toMatchObject({ label: 'Z.AI GLM Coding Pro', kind: 'zai', windows: [{ id: 'tokens-5h', usedPercent: 38 }, { id: 'tools-month', used: 1828, limit: 4000 }] });
      expect(metrics).toMatch(new RegExp(`routelights_usage_left_ratio\\{surface="${standIn.url}",kind="zai",account="${standIn.url}\\|zai\\|[0-9a-f]{12}",window="tokens-5h"\\} 0.62`));
      expect(metrics).toMatch(/routelights_usage_read_ok\{[^}]*kind="zai"[^}]*\} 1/);
      await vi.waitFor(() => expect(ends.menu().find((i) => i.id?.startsWith('route:'))?.label).toBe(`◐ custom:GLM-5.1-0 · 62 % of 5-hour tokens left · resets ${at}`));
      expect(flatMenu(ends.menu()).map((i) => i.label)).toContain('Spends the Z.AI coding plan');
      const { markdown } = await ends.api.call('report', {});
      expect(markdown).toContain(`- [x] quota left: Z.AI GLM Coding Pro — 62 % of 5-hour tokens left · resets ${at}; 54 % of monthly tool calls left`);
      // The key went to the usage API as Z.AI's pages send it, and nowhere into what is shown.
      expect(standIn.requests.find((r) => r.path.endsWith('/quota/limit'))?.authorization).toBe(`Bearer ${KEY}`);
      expect(JSON.stringify(status) + metrics + JSON.stringify(ends.menu())).not.toContain(KEY);

      standIn.used5h = 100;
      const out = await ends.look();
      expect(out.status.routes[0]).toMatchObject({ light: 'red', layer: 'quota', reason: expect.stringMatching(new RegExp(`^Z.AI GLM Coding Pro: 5-hour tokens used up \\(resets at ${at}, in 4[12] min\\)\\.$`)) });
      expect(out.metrics).toMatch(/routelights_usage_left_ratio\{[^}]*window="tokens-5h"\} 0\n/);
      expect(out.metrics).toMatch(/routelights_route_light\{route="custom:GLM-5.1-0"[^}]*\} 3/);
      await vi.waitFor(() => expect(ends.menu().find((i) => i.id?.startsWith('route:'))?.label).toBe(`✕ custom:GLM-5.1-0 · 0 % of 5-hour tokens left · resets ${at}`));
      expect(ends.notifications).toEqual([{ title: 'Z.AI GLM Coding Pro: 5-hour tokens used up', body: expect.stringMatching(new RegExp(`^Routes that spend only it are red until it resets at ${at} \\(in 4[12] min\\)\\.$`)) }]);
    } finally {
      await ends.close();
    }
  });

  it('the generic endpoint says it spends the pay-as-you-go balance, not the plan, and reads no quota', async () => {
    standIn.mode = 'ok';
    const ends = await frontEnds({ customModels: [{ model: 'glm-5.1', id: 'custom:GLM-generic-0', baseUrl: `${standIn.url}/api/paas/v4`, apiKey: KEY, provider: 'generic-chat-completion-api' }] }, { ROUTELIGHTS_SURFACE_KINDS: `${standIn.url}=zai` });
    try {
      const { status } = await ends.look();
      expect(status.routes[0]).toMatchObject({ quota: "spends Z.AI's pay-as-you-go balance, not the coding plan (the generic endpoint)", spends: { accounts: [] } });
      expect(status.usage).toEqual([]);
      await vi.waitFor(() => expect(ends.menu().find((i) => i.id?.startsWith('route:'))?.label).toContain("· spends Z.AI's pay-as-you-go balance"));
    } finally {
      await ends.close();
    }
  });
});

describe('Kimi For Coding (stand-in)', () => {
  it('its 5-hour window and weekly quota in the tray row, status --json and /metrics; low warns once', async () => {
    standIn.mode = 'ok';
    standIn.used5h = 50;
    standIn.resetsAt = new Date(Date.now() + 90 * 60_000);
    const at = hhmm(standIn.resetsAt);
    const ends = await frontEnds({ customModels: [{ model: 'kimi-for-coding', id: 'custom:Kimi-0', baseUrl: `${standIn.url}/coding/v1`, apiKey: 'sk-kimi-standin-0123456789', provider: 'generic-chat-completion-api' }] }, { ROUTELIGHTS_SURFACE_KINDS: `${standIn.url}=kimi` });
    try {
      const { status, metrics } = await ends.look();
      expect(status.routes[0]).toMatchObject({ quota: `50 % of 5-hour requests left · resets ${at}`, spends: { balance: 'the Kimi For Coding plan' } });
      expect(status.usage[0]).toMatchObject({ label: 'Kimi For Coding', windows: [{ id: '5h', used: 100, limit: 200 }, { id: 'week', used: 400, limit: 2000 }] });
      expect(metrics).toMatch(/routelights_usage_left_ratio\{[^}]*kind="kimi"[^}]*window="week"\} 0.8/);
      await vi.waitFor(() => expect(ends.menu().find((i) => i.id?.startsWith('route:'))?.label).toBe(`◐ custom:Kimi-0 · 50 % of 5-hour requests left · resets ${at}`));
      standIn.used5h = 95;
      const low = await ends.look();
      expect(low.status.routes[0]).toMatchObject({ light: 'yellow', layer: 'quota' });
      expect(ends.notifications).toEqual([{ title: 'Kimi For Coding: 5 % of 5-hour requests left', body: expect.stringMatching(new RegExp(`^Below the warning threshold; it resets at ${at} \\(in 1 h (29|30) min\\)\\.$`)) }]);
      standIn.used5h = 96;
      await ends.look();
      expect(ends.notifications).toHaveLength(1);
    } finally {
      await ends.close();
    }
  });
});

describe('VibeProxy / CLIProxyAPI (the real engine)', () => {
  it("the Codex account's own windows (read with its token) beside the route, and the engine's per-account counts with the management key", async () => {
    standIn.mode = 'ok';
    standIn.used5h = 38;
    standIn.resetsAt = new Date(Date.now() + 100 * 60_000);
    const at = hhmm(standIn.resetsAt);
    const secret = 'mgmt-secret-0123456789';
    const engine = await startCliProxyApi({ dir: scratchDir('rl-cpa-'), apiKeys: ['client-key-0123456789'], managementSecret: secret });
    const TOKEN = 'codex-access-token-for-usage-0123456789';
    writeFileSync(join(engine.authDir, 'codex-me@example.com.json'), JSON.stringify({ type: 'codex', email: 'me@example.com', access_token: TOKEN, refresh_token: 'r', account_id: 'acct-42', expired: '2099-01-01T00:00:00Z' }));
    // Two calls through the engine: the account's upstream is out of reach here, so each is counted as failed.
    await vi.waitFor(async () => expect(await (await fetch(`${engine.url}/v0/management/auth-files`, { headers: { authorization: `Bearer ${secret}` } })).text()).toContain('me@example.com'), { timeout: 10_000 });
    for (let i = 0; i < 2; i++) await fetch(`${engine.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer client-key-0123456789', 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-5.5', messages: [{ role: 'user', content: 'hi' }] }) });
    const ends = await frontEnds({ customModels: [{ model: 'gpt-5.5', id: 'custom:GPT-5.5-0', baseUrl: `${engine.url}/v1`, apiKey: 'client-key-0123456789', provider: 'openai' }] }, {
      ROUTELIGHTS_SURFACE_KINDS: `${engine.url}=vibeproxy`,
      ROUTELIGHTS_VIBEPROXY_AUTH_DIR: engine.authDir,
      ROUTELIGHTS_VIBEPROXY_ENGINE_PORT: String(engine.port),
      ROUTELIGHTS_VIBEPROXY_MANAGEMENT_KEY: secret,
      ROUTELIGHTS_CODEX_USAGE_URL: `${standIn.url}/backend-api/wham/usage`,
    });
    try {
      const { status, metrics } = await ends.look();
      expect(status.routes[0]).toMatchObject({ quota: `62 % of 5-hour window left · resets ${at}`, spends: { balance: 'a ChatGPT subscription (Codex) through VibeProxy' } });
      const codex = status.usage.find((u) => u.label.startsWith('Codex'));
      expect(codex).toMatchObject({ label: 'Codex account me@example.com (plus)', windows: [{ id: '5h', usedPercent: 38 }, { id: 'week', usedPercent: 30 }], problem: null });
      // v7.2.140 has no /v0/management/usage (removed upstream): the accounts' own counts stand in.
      const counts = status.usage.find((u) => u.label.startsWith('CLIProxyAPI'));
      expect(counts).toMatchObject({ problem: null, counts: [{ name: 'codex me@example.com', of: 'account', requests: 2, failed: 2, tokens: null }] });
      expect(metrics).toMatch(/routelights_usage_left_ratio\{[^}]*account="[^"]*\|codex-me@example.com.json",window="week"\} 0.7/);
      expect(metrics).toMatch(/routelights_usage_read_ok\{[^}]*account="[^"]*\|management"\} 1/);
      await vi.waitFor(() => expect(ends.menu().find((i) => i.id?.startsWith('route:'))?.label).toBe(`◐ custom:GPT-5.5-0 · 62 % of 5-hour window left · resets ${at}`));
      expect(flatMenu(ends.menu()).map((i) => i.label)).toContain('CLIProxyAPI at http://127.0.0.1:' + engine.port + ': codex me@example.com: 2 requests (2 failed)');
      const asked = standIn.requests.filter((r) => r.path === '/backend-api/wham/usage').at(-1)!;
      expect(asked.authorization).toBe(`Bearer ${TOKEN}`);
      expect(asked.headers['chatgpt-account-id']).toBe('acct-42');
      expect(JSON.stringify(status) + metrics + JSON.stringify(ends.menu())).not.toContain(TOKEN);
    } finally {
      await ends.close();
      await engine.stop();
    }
  });
});

describe('LiteLLM', () => {
  it('the real proxy without a database: the reading says there is no budget to read, and the light is its own', async () => {
    const dir = scratchDir('rl-litellm-usage-');
    const litellm = await startLiteLlm(dir, [{ alias: 'gpt-5.5', mock: 'OK' }]);
    const ends = await frontEnds({ customModels: [{ model: 'gpt-5.5', id: 'custom:GPT-LiteLLM-0', baseUrl: `${litellm.url}/v1`, apiKey: litellm.masterKey, provider: 'generic-chat-completion-api' }] }, { ROUTELIGHTS_LITELLM_PORTS: String(litellm.port) });
    try {
      const { status, metrics } = await ends.look();
      const note = 'no budget to read: the proxy runs without a database (keys get budgets only with one: DATABASE_URL, and a virtual key made with max_budget)';
      expect(status.usage[0]).toMatchObject({ kind: 'litellm', label: 'LiteLLM key', windows: [], problem: null, note });
      expect(status.routes[0]).toMatchObject({ light: 'yellow', layer: 'sentinel', quota: null, spends: { balance: "this LiteLLM key's budget" } });
      expect(metrics).toMatch(/routelights_usage_read_ok\{[^}]*kind="litellm"[^}]*\} 1/);
      await vi.waitFor(() => expect(flatMenu(ends.menu()).some((i) => i.label?.startsWith('LiteLLM key: no budget to read: the proxy runs without a database'))).toBe(true));
      expect(ends.menu().find((i) => i.id?.startsWith('route:'))?.label).toMatch(/^◐ custom:GPT-LiteLLM-0 — Unproven/);
      expect(JSON.stringify(status) + metrics).not.toContain(litellm.masterKey);
    } finally {
      await ends.close();
      await litellm.stop();
    }
  });

  it("a virtual key's budget (/key/info as LiteLLM answers with a database): spend beside the light, used up turns it red until the reset", async () => {
    standIn.mode = 'ok';
    standIn.used5h = 40;
    standIn.resetsAt = new Date(Date.now() + 3 * 3_600_000);
    const at = hhmm(standIn.resetsAt);
    const ends = await frontEnds({ customModels: [{ model: 'glm-5.1', id: 'custom:Team-0', baseUrl: `${standIn.url}/v1`, apiKey: 'sk-virtual-key-0123456789', provider: 'generic-chat-completion-api' }] }, { ROUTELIGHTS_SURFACE_KINDS: `${standIn.url}=litellm` });
    try {
      const { status, metrics } = await ends.look();
      expect(status.usage[0]).toMatchObject({ label: 'LiteLLM key "team-a"', windows: [{ id: 'budget', label: 'budget (5h)', used: 0.4, limit: 1, unit: 'USD', usedPercent: 40 }] });
      expect(status.routes[0]).toMatchObject({ quota: `60 % of budget (5h) left · resets ${at}` });
      expect(metrics).toMatch(/routelights_usage_left_ratio\{[^}]*kind="litellm"[^}]*window="budget"\} 0.6/);
      await vi.waitFor(() => expect(ends.menu().find((i) => i.id?.startsWith('route:'))?.label).toBe(`◐ custom:Team-0 · 60 % of budget (5h) left · resets ${at}`));
      standIn.used5h = 100;
      const out = await ends.look();
      expect(out.status.routes[0]).toMatchObject({ light: 'red', layer: 'quota', reason: expect.stringContaining('LiteLLM key "team-a": budget (5h) used up (resets at') });
      expect(ends.notifications.map((n) => n.title)).toEqual(['LiteLLM key "team-a": budget (5h) used up']);
    } finally {
      await ends.close();
    }
  });
});
