// The real Droid CLI reads a settings file written by the engine: a route added with `routelights
// routes add` is reachable with `droid exec -m <id>` and the sentinel comes back exact, with the key
// from a ${VAR} reference. Comments the engine kept do not trouble Droid.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { runDroid } from '../helpers/droid.ts';
import { startOpenAiStub, type OpenAiStub } from '../helpers/openai-stub.ts';
import { scratchDir } from '../helpers/scratch.ts';

let stub: OpenAiStub;
beforeAll(async () => {
  stub = await startOpenAiStub({ models: ['echo-model'] });
});
afterAll(() => stub.close());

it('droid exec -m <added id> reaches the local server through the route the engine wrote', async () => {
  const home = scratchDir('rl-droid-home-');
  const settingsPath = join(home, '.factory', 'settings.json');
  mkdirSync(join(home, '.factory'));
  writeFileSync(settingsPath, '{\n  // written by hand, kept by RouteLights\n  "customModels": [],\n  /* Droid accepts comments (but no trailing commas) */\n  "enableTelemetry": false\n}\n');
  const added = await cli(['routes', 'add', '--settings', settingsPath, '--id', 'custom:Echo-[Local]-0', '--model', 'echo-model', '--base-url', `${stub.url}/v1`, '--provider', 'generic-chat-completion-api', '--display-name', 'Echo [Local]', '--api-key-ref', 'RL_TEST_KEY']);
  expect(added.code).toBe(0);
  expect(readFileSync(settingsPath, 'utf8')).toContain('// written by hand, kept by RouteLights');

  const token = `RL_ECHO_${Date.now().toString(36).toUpperCase()}`;
  const run = await runDroid(['exec', '-m', 'custom:Echo-[Local]-0', '--auto', 'low', '--cwd', home, '-o', 'json', `Reply exactly: ${token}`], { home, env: { RL_TEST_KEY: 'local-test-key-1' } });
  const line = run.all.split('\n').find((l) => l.startsWith('{"type":"result"'));
  expect(line, run.all).toBeDefined();
  const result = JSON.parse(line!) as { result: string; is_error: boolean };
  expect(result.is_error).toBe(false);
  expect(result.result.trim()).toBe(token);
  const chat = stub.requests.filter((r) => r.path.includes('/chat/completions'));
  expect(chat.length).toBeGreaterThan(0);
  expect(chat[0]!.authorization).toBe('Bearer local-test-key-1');
  expect(JSON.parse(chat[0]!.body).model).toBe('echo-model');
});
