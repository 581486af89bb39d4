// What Droid puts on the wire, re-measured on every run with the real Droid against a server that
// records each request: the path it builds from baseUrl and provider, and the auth headers it sends.
// RouteLights' lights and lint rules rest on these facts (app/surfaces/wire.ts; docs/droid-notes.md),
// so a Droid release that builds requests differently turns this test red.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveApiKey } from '../../app/secrets/resolve.ts';
import { wireHeaders, wireUrl } from '../../app/surfaces/wire.ts';
import { runDroid } from '../helpers/droid.ts';
import { startOpenAiStub, type OpenAiStub } from '../helpers/openai-stub.ts';
import { scratchDir } from '../helpers/scratch.ts';

let stub: OpenAiStub;
beforeAll(async () => {
  stub = await startOpenAiStub({ models: ['m'] });
});
afterAll(() => stub.close());

const cases: Array<{ provider: string; path: string; apiKey: string }> = [
  { provider: 'generic-chat-completion-api', path: '/v1/', apiKey: 'wire-key-1' },
  { provider: 'generic-chat-completion-api', path: '/v1/chat/completions', apiKey: 'wire-key-2' },
  { provider: 'generic-chat-completion-api', path: '/v1', apiKey: '' },
  { provider: 'openai', path: '/v1', apiKey: 'wire-key-3' },
  { provider: 'anthropic', path: '', apiKey: 'wire-key-4' },
  { provider: 'anthropic', path: '/v1', apiKey: 'wire-key-5' },
];

describe('the request Droid makes for a route', () => {
  it.each(cases)('$provider with baseUrl …$path (key "$apiKey"): the path and headers wire.ts predicts', async ({ provider, path, apiKey }) => {
    const home = scratchDir('rl-droid-wire-');
    mkdirSync(join(home, '.factory'));
    const baseUrl = `${stub.url}${path}`;
    const model = `wire-${provider}-${cases.findIndex((c) => c.path === path && c.provider === provider)}`;
    writeFileSync(join(home, '.factory', 'settings.json'), JSON.stringify({ customModels: [{ model, id: 'custom:Wire-0', index: 0, baseUrl, apiKey, provider }] }));
    const droid = runDroid(['exec', '-m', 'custom:Wire-0', '--auto', 'low', '--cwd', home, '-o', 'json', 'Reply exactly: WIRE'], { home, timeoutMs: 30_000 });
    let exited = false;
    void droid.finally(() => (exited = true));
    const mine = () => stub.requests.filter((r) => r.body.includes(`"${model}"`));
    for (let i = 0; i < 300 && mine().length === 0 && !exited; i++) await new Promise((r) => setTimeout(r, 50));
    droid.kill('SIGKILL');
    await droid;
    const [request] = mine();
    expect(request, 'Droid sent no request').toBeDefined();
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe(new URL(wireUrl(baseUrl, provider)!).pathname);
    const headers = wireHeaders(provider, resolveApiKey(apiKey, null));
    expect(request!.authorization).toBe(headers.authorization);
    expect(request!.xApiKey).toBe(headers['x-api-key']);
    expect(request!.anthropicVersion).toBe(headers['anthropic-version']);
  });
});
