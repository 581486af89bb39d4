// LiteLLM: a real proxy (pinned, hash-checked, offline mock models): up, key rejected (the desktop
// set-up has no database, so a wrong key draws 400 "No connected db."), no key, alias missing, down.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { droidBinary } from '../helpers/droid.ts';
import { startLiteLlm, type LiteLlm } from '../helpers/litellm.ts';
import { scratchDir } from '../helpers/scratch.ts';
import { freePort } from '../helpers/tools.ts';

const dir = scratchDir('rl-litellm-');
let proxy: LiteLlm;

beforeAll(async () => {
  proxy = await startLiteLlm(dir, [{ alias: 'gpt-5.5', mock: 'DROID_LITELLM_OK' }]);
});
afterAll(() => proxy?.stop());

async function status(baseUrl: string, model: string, key: string | undefined, provider = 'generic-chat-completion-api') {
  const path = join(dir, `s-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify({ customModels: [{ model, id: 'custom:gpt-5-5-[LiteLLM]-6', index: 6, baseUrl, ...(key ? { apiKey: '${LITELLM_KEY}' } : {}), provider }] }));
  const port = new URL(baseUrl).port;
  const out = await cli(['status', '--json', '--settings', path, '--droid', droidBinary()], { env: { PATH: process.env.PATH, HOME: dir, ROUTELIGHTS_LITELLM_PORTS: port, ...(key ? { LITELLM_KEY: key } : {}) } });
  expect(out.stdout).not.toContain(proxy.masterKey);
  const doc = JSON.parse(out.stdout);
  return { surface: doc.surfaces[0], route: doc.routes[0], code: out.code };
}

describe('LiteLLM (real proxy)', () => {
  it('up: the alias is listed for the key, readiness details kept', async () => {
    const s = await status(`${proxy.url}/v1`, 'gpt-5.5', proxy.masterKey);
    expect(s.surface).toMatchObject({ kind: 'litellm', light: 'green', models: ['gpt-5.5'] });
    expect(s.route).toMatchObject({ light: 'yellow', layer: 'sentinel' });
    expect(s.code).toBe(0);
  });

  it('key rejected: 400 "No connected db." is read as a rejected key', async () => {
    const s = await status(`${proxy.url}/v1`, 'gpt-5.5', 'sk-wrong-key-000');
    expect(s.surface).toMatchObject({ light: 'red', door: 'key-rejected' });
    expect(s.route).toMatchObject({ light: 'red', reason: expect.stringMatching(/rejected the route's key.*No connected db/) });
    expect(s.code).toBe(1);
  });

  it('no key at all', async () => {
    const s = await status(`${proxy.url}/v1`, 'gpt-5.5', undefined);
    expect(s.route).toMatchObject({ light: 'red', reason: expect.stringMatching(/needs a key and the route sends none/) });
  });

  it('alias missing: names the configured aliases', async () => {
    const s = await status(`${proxy.url}/v1`, 'gpt-5.5-typo', proxy.masterKey);
    expect(s.surface.light).toBe('green');
    expect(s.route).toMatchObject({ light: 'red', reason: 'LiteLLM has no model alias "gpt-5.5-typo" for this key (configured: gpt-5.5).' });
  });

  it("a path Droid would get wrong: the proxy answers 404 where Droid will post, so the route is red (measured: LiteLLM's routes come before its key check)", async () => {
    const s = await status(`${proxy.url}/v1/chat/completions`, 'gpt-5.5', proxy.masterKey);
    expect(s.route).toMatchObject({ light: 'red', layer: 'route', reason: expect.stringContaining('POST /v1/chat/completions/chat/completions') });
    const anthropic = await status(`${proxy.url}/api`, 'gpt-5.5', proxy.masterKey, 'anthropic');
    expect(anthropic.route).toMatchObject({ light: 'red', layer: 'route', reason: expect.stringContaining(`POST /api/v1/messages on ${proxy.url}`) });
  });

  it('the paths Droid posts to for each provider exist on LiteLLM: no wire finding on a well-formed route', async () => {
    for (const [provider, base] of [['generic-chat-completion-api', '/v1'], ['openai', '/v1'], ['anthropic', ''], ['anthropic', '/anthropic']] as const) {
      const s = await status(`${proxy.url}${base}`, 'gpt-5.5', proxy.masterKey, provider);
      expect(s.route.reason, provider).not.toMatch(/Droid will call/);
    }
  });

  it('down: nothing listens', async () => {
    const port = await freePort();
    const s = await status(`http://127.0.0.1:${port}/v1`, 'gpt-5.5', proxy.masterKey);
    expect(s.surface).toMatchObject({ light: 'red', reason: expect.stringMatching(/LiteLLM is not running/) });
    expect(s.route.light).toBe('red');
  });
});
