// Every lint rule, re-measured: for each rule, RouteLights' own lint emits it for a file, and the real
// Droid, run on that same file against a server that records every request, does what the rule's
// message says (the path it calls, the header it sends, whether it lists the entry, whether it writes
// the file). Where a rule states a provider's fact (Z.AI's balance, Kimi's allowlist, Google's root,
// CLIProxyAPI's paths), the part tested is Droid's: the request it builds from that baseUrl and
// provider. Hosts that are not this machine (api.z.ai, api.kimi.com…) are written as http:// and
// reached through the recording server as Droid's HTTP proxy, so the file Droid runs is the file
// linted. The table of rules, facts and tests: docs/droid-notes.md, "Lint rules, re-measured".
// header-reference-literal, header-replaces-api-key and base-url-credentials: droid-wire.test.ts.
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintRoutes } from '../../app/settings/lint.ts';
import { filesDroidSkips, loadRouteMap } from '../../app/settings/route-map.ts';
import type { SurfaceOptions } from '../../app/surfaces/derive.ts';
import { runDroid } from '../helpers/droid.ts';
import { startOpenAiStub, type OpenAiStub, type RecordedRequest } from '../helpers/openai-stub.ts';
import { scratchDir } from '../helpers/scratch.ts';
import { sources } from '../helpers/sources.ts';

let stub: OpenAiStub;
beforeAll(async () => {
  stub = await startOpenAiStub({ models: ['m'] });
});
afterAll(() => stub.close());

/** No LiteLLM or VibeProxy port: the stub is a plain OpenAI-compatible server. */
const PLAIN: SurfaceOptions = { litellmPorts: [], vibeproxyPorts: [], declaredKinds: new Map(), envKinds: new Set(), kindProblems: [] };
/** The stub's port taken for VibeProxy's (CLIProxyAPI's), as a user's extra port would be. */
const asVibeProxy = (): SurfaceOptions => ({ ...PLAIN, vibeproxyPorts: [stub.port] });
const GENERIC = 'generic-chat-completion-api';
/** A host that is not this machine, reached through the stub as Droid's HTTP proxy. */
const REMOTE = 'http://routelights-remote.example';

interface Home {
  home: string;
  settings: string;
  project: string | null;
}

/** A scratch HOME with these `~/.factory` files (and a project's `.factory` files), private unless a mode is given. */
function homeWith(files: Record<string, string>, project?: Record<string, string>, mode = 0o600): Home {
  const home = scratchDir('rl-lint-facts-');
  mkdirSync(join(home, '.factory'));
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(home, '.factory', name), text);
    chmodSync(join(home, '.factory', name), mode);
  }
  let folder: string | null = null;
  if (project) {
    folder = scratchDir('rl-lint-facts-project-');
    mkdirSync(join(folder, '.factory'));
    for (const [name, text] of Object.entries(project)) writeFileSync(join(folder, '.factory', name), text, { mode: 0o600 });
  }
  return { home, settings: join(home, '.factory', 'settings.json'), project: folder };
}

const settingsWith = (...entries: unknown[]) => ({ 'settings.json': JSON.stringify({ customModels: entries }) });

/** The rules RouteLights reports for a home: its files' problems and the lint of its routes. */
async function rulesFor(at: Home, options: SurfaceOptions = PLAIN, markedSecrets: string[] = []): Promise<string[]> {
  const map = await loadRouteMap({ ...sources(at.settings, at.project ? [at.project] : []), markedSecrets });
  if (!map.ok) throw new Error(map.failure.reason);
  return [...map.value.problems, ...lintRoutes(map.value.routes, options, filesDroidSkips(map.value))].map((f) => f.rule);
}

/** One `droid exec -m id`: the first request whose body names `model`, Droid's output, and whether it ran to its end. */
async function droidCalls(at: Home, id: string, model: string, options: { env?: NodeJS.ProcessEnv; untilExit?: boolean } = {}) {
  const droid = runDroid(['exec', '-m', id, '--auto', 'low', '--cwd', at.home, '-o', 'json', 'Reply exactly: FACT'], { home: at.home, env: options.env, timeoutMs: 30_000 });
  let exited = false;
  void droid.finally(() => (exited = true));
  const mine = (): RecordedRequest | undefined => stub.requests.find((r) => r.body.includes(`"${model}"`));
  for (let i = 0; i < 300 && !exited && (options.untilExit || !mine()); i++) await new Promise((r) => setTimeout(r, 50));
  if (!exited) droid.kill('SIGKILL');
  const run = await droid;
  return { request: mine(), output: run.all ?? '' };
}

/** Droid's model list when it runs in `cwd`: `custom:ID (Display Name)` in its order; [] for "No custom models configured". */
async function droidLists(at: Home, cwd = at.project ?? at.home): Promise<{ listed: string[]; output: string }> {
  const run = await runDroid(['exec', '-m', 'custom:RouteLights-Probe-None', '--auto', 'low', '--cwd', cwd, 'Reply exactly: X'], { home: at.home, cwd, timeoutMs: 30_000 });
  const output = run.all ?? '';
  const start = output.indexOf('Available custom models:');
  const line = start < 0 ? '' : (output.slice(start).split('\n')[1] ?? '');
  return { listed: [...line.matchAll(/(custom:[^\s,]+) \(([^)]*)\)/g)].map((m) => `${m[1]} (${m[2]})`), output };
}

const route = (model: string, fields: Record<string, unknown> = {}) => ({ model, id: 'custom:Fact-0', index: 0, baseUrl: `${stub.url}/v1`, apiKey: 'fact-key', provider: GENERIC, ...fields });
const named = (id: string, fields: Record<string, unknown> = {}) => ({ model: 'm', id, displayName: id.slice('custom:'.length), baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'k', provider: GENERIC, ...fields });

describe.concurrent('the path Droid calls', () => {
  it('anthropic-base-url-v1: an Anthropic route ending in /v1 makes Droid POST /v1/v1/messages', async () => {
    const at = homeWith(settingsWith(route('lf-anthropic-v1', { baseUrl: `${stub.url}/v1`, provider: 'anthropic' })));
    expect(await rulesFor(at)).toContain('anthropic-base-url-v1');
    const { request } = await droidCalls(at, 'custom:Fact-0', 'lf-anthropic-v1');
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v1/v1/messages');
  });

  it('base-url-has-endpoint: a baseUrl ending in /chat/completions makes Droid POST /chat/completions/chat/completions', async () => {
    const at = homeWith(settingsWith(route('lf-endpoint', { baseUrl: `${stub.url}/v1/chat/completions` })));
    expect(await rulesFor(at)).toContain('base-url-has-endpoint');
    expect((await droidCalls(at, 'custom:Fact-0', 'lf-endpoint')).request?.path).toBe('/v1/chat/completions/chat/completions');
  });

  it('base-url-reference: ${VAR} inside the baseUrl path is not expanded, Droid calls the text itself (/$%7BVAR%7D/…)', async () => {
    const at = homeWith(settingsWith(route('lf-url-ref', { baseUrl: `${stub.url}/\${RL_LF_SEGMENT}/v1` })));
    expect(await rulesFor(at)).toContain('base-url-reference');
    const { request } = await droidCalls(at, 'custom:Fact-0', 'lf-url-ref', { env: { RL_LF_SEGMENT: 'expanded' } });
    expect(request?.path).toBe('/$%7BRL_LF_SEGMENT%7D/v1/chat/completions');
  });

  it('base-url-whitespace: Droid does not trim a space before the line break, it calls /v1%20/chat/completions', async () => {
    const at = homeWith(settingsWith(route('lf-space', { baseUrl: `${stub.url}/v1 \n` })));
    expect(await rulesFor(at)).toContain('base-url-whitespace');
    expect((await droidCalls(at, 'custom:Fact-0', 'lf-space')).request?.path).toBe('/v1%20/chat/completions');
  });

  it('vibeproxy-openai-without-v1: Droid adds no /v1 to a CLIProxyAPI baseUrl, it POSTs /chat/completions', async () => {
    const at = homeWith(settingsWith(route('lf-vp-no-v1', { baseUrl: stub.url })));
    expect(await rulesFor(at, asVibeProxy())).toContain('vibeproxy-openai-without-v1');
    expect((await droidCalls(at, 'custom:Fact-0', 'lf-vp-no-v1')).request?.path).toBe('/chat/completions');
  });

  it('dropped after measuring, vibeproxy-codex-openai-provider: the Responses body Droid sends has no prompt_cache_retention, the field its message named', async () => {
    const at = homeWith(settingsWith(route('gpt-5-codex', { provider: 'openai' })));
    expect(await rulesFor(at, asVibeProxy())).not.toContain('vibeproxy-codex-openai-provider');
    const { request } = await droidCalls(at, 'custom:Fact-0', 'gpt-5-codex');
    expect(request?.path).toBe('/v1/responses');
    const body = JSON.parse(request!.body) as Record<string, unknown>;
    expect(body).toHaveProperty('input');
    expect(body).not.toHaveProperty('messages');
    // Droid 0.225.2's Responses fields; prompt_cache_retention, the message's example, is not among them.
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['store', 'include', 'reasoning', 'prompt_cache_key']));
    expect(body).not.toHaveProperty('prompt_cache_retention');
  });

  it('zai-openai-provider: provider openai on Z.AI makes Droid call …/responses', async () => {
    const at = homeWith(settingsWith(route('lf-zai-openai', { baseUrl: 'http://api.z.ai/api/coding/paas/v4', provider: 'openai' })));
    expect(await rulesFor(at)).toContain('zai-openai-provider');
    const { request } = await droidCalls(at, 'custom:Fact-0', 'lf-zai-openai', { env: { HTTP_PROXY: stub.url } });
    expect(request?.path).toBe('http://api.z.ai/api/coding/paas/v4/responses');
  });

  it("zai-generic-endpoint: Droid calls Z.AI's generic endpoint as written (/api/paas/v4/chat/completions)", async () => {
    const at = homeWith(settingsWith(route('lf-zai-generic', { baseUrl: 'http://api.z.ai/api/paas/v4' })));
    expect(await rulesFor(at)).toContain('zai-generic-endpoint');
    const { request } = await droidCalls(at, 'custom:Fact-0', 'lf-zai-generic', { env: { HTTP_PROXY: stub.url } });
    expect(request?.path).toBe('http://api.z.ai/api/paas/v4/chat/completions');
  });

  it("kimi-direct: Droid calls Kimi's coding endpoint itself, as factory-cli (no coding agent's name)", async () => {
    const at = homeWith(settingsWith(route('lf-kimi', { baseUrl: 'http://api.kimi.com/coding/v1' })));
    expect(await rulesFor(at)).toContain('kimi-direct');
    const { request } = await droidCalls(at, 'custom:Fact-0', 'lf-kimi', { env: { HTTP_PROXY: stub.url } });
    expect(request?.path).toBe('http://api.kimi.com/coding/v1/chat/completions');
    expect(request?.headers['User-Agent']).toMatch(/^factory-cli\/0\.225\./);
  });

  it('google-openai-root: with Google\'s /v1beta root, Droid POSTs /v1beta/chat/completions, not /v1beta/openai/…', async () => {
    const at = homeWith(settingsWith(route('lf-google', { baseUrl: 'http://generativelanguage.googleapis.com/v1beta' })));
    expect(await rulesFor(at)).toContain('google-openai-root');
    const { request } = await droidCalls(at, 'custom:Fact-0', 'lf-google', { env: { HTTP_PROXY: stub.url } });
    expect(request?.path).toBe('http://generativelanguage.googleapis.com/v1beta/chat/completions');
  });

  it('insecure-http: to a remote http:// host Droid sends the request and its key in clear text (no upgrade to https)', async () => {
    const at = homeWith(settingsWith(route('lf-insecure', { baseUrl: `${REMOTE}/v1`, apiKey: 'lf-clear-key' })));
    expect(await rulesFor(at)).toContain('insecure-http');
    const { request } = await droidCalls(at, 'custom:Fact-0', 'lf-insecure', { env: { HTTP_PROXY: stub.url } });
    expect(request?.path).toBe(`${REMOTE}/v1/chat/completions`);
    expect(request?.authorization).toBe('Bearer lf-clear-key');
  });

  it('base-url-no-scheme (not invalid-base-url): Droid lists a scheme-less baseUrl (host:port/v1) and reaches it over http', async () => {
    const at = homeWith(settingsWith(route('lf-no-scheme', { baseUrl: `localhost:${stub.port}/v1` })));
    expect(await rulesFor(at)).toContain('base-url-no-scheme');
    expect(await rulesFor(at)).not.toContain('invalid-base-url');
    expect((await droidLists(at)).listed).toEqual(['custom:Fact-0 (lf-no-scheme)']);
    expect((await droidCalls(at, 'custom:Fact-0', 'lf-no-scheme')).request?.path).toBe('/v1/chat/completions');
  });
});

describe.concurrent('the key and headers Droid sends', () => {
  it.each([
    ['CLI_PROXY_API_KEY', { CLI_PROXY_API_KEY: 'expanded' }],
    ['$RL_LF_KEY', { RL_LF_KEY: 'expanded' }],
  ])('api-key-variable-name: apiKey %s goes out as that text, though the variable is set', async (apiKey, env) => {
    const model = `lf-var-${apiKey.replace(/\W/g, '')}`;
    const at = homeWith(settingsWith(route(model, { apiKey })));
    expect(await rulesFor(at)).toContain('api-key-variable-name');
    expect((await droidCalls(at, 'custom:Fact-0', model, { env })).request?.authorization).toBe(`Bearer ${apiKey}`);
  });

  it('empty-api-key-remote: with no apiKey Droid sends no credential at all to a remote host', async () => {
    const at = homeWith(settingsWith(route('lf-no-key', { baseUrl: `${REMOTE}/v1`, apiKey: '' })));
    expect(await rulesFor(at)).toContain('empty-api-key-remote');
    const { request } = await droidCalls(at, 'custom:Fact-0', 'lf-no-key', { env: { HTTP_PROXY: stub.url } });
    expect(request?.path).toBe(`${REMOTE}/v1/chat/completions`);
    expect(request?.authorization).toBeUndefined();
    expect(request?.xApiKey).toBeUndefined();
  });

  it('legacy-var-reference: config.json\'s "${VAR}" goes out as that text, though the variable is set', async () => {
    const at = homeWith({ 'config.json': JSON.stringify({ custom_models: [{ model_display_name: 'Legacy Ref', model: 'lf-legacy-ref', base_url: `${stub.url}/v1`, api_key: '${RL_LF_LEGACY}', provider: GENERIC }] }) });
    expect(await rulesFor(at)).toContain('legacy-var-reference');
    const { request } = await droidCalls(at, 'custom:Legacy-Ref-0', 'lf-legacy-ref', { env: { RL_LF_LEGACY: 'expanded' } });
    expect(request?.authorization).toBe('Bearer ${RL_LF_LEGACY}');
  });

  it('plain-text-api-key, plain-text-header-secret, plain-text-secret: Droid sends each value as the file holds it', async () => {
    const at = homeWith(settingsWith(route('lf-plain', { apiKey: 'sk-lf-plain-0123456789abcdef', extraHeaders: { 'X-Session-Token': 'lf-header-secret-1' }, extraArgs: { user: 'lf-marked-secret-1' } })));
    const rules = await rulesFor(at, PLAIN, ['user']);
    expect(rules).toEqual(expect.arrayContaining(['plain-text-api-key', 'plain-text-header-secret', 'plain-text-secret']));
    const { request } = await droidCalls(at, 'custom:Fact-0', 'lf-plain');
    expect(request?.authorization).toBe('Bearer sk-lf-plain-0123456789abcdef');
    expect(request?.headers['X-Session-Token']).toBe('lf-header-secret-1');
    expect(JSON.parse(request!.body)).toMatchObject({ user: 'lf-marked-secret-1' });
  });

  it('key-file-readable: Droid reads a plain key from a file others can read, and leaves its mode as it is', async () => {
    const at = homeWith(settingsWith(route('lf-readable', { apiKey: 'sk-lf-readable-0123456789' })), undefined, 0o644);
    expect(await rulesFor(at)).toContain('key-file-readable');
    expect((await droidCalls(at, 'custom:Fact-0', 'lf-readable')).request?.authorization).toBe('Bearer sk-lf-readable-0123456789');
    expect(statSync(at.settings).mode & 0o777).toBe(0o644);
  });
});

describe.concurrent('which entry Droid uses, and whether it writes the file', () => {
  it('id-prefix: -m with a raw id that is a built-in name goes to Factory\'s model ("Authentication failed"), never to the route', async () => {
    const at = homeWith(settingsWith(route('glm-5.1', { id: 'glm-5.1' })));
    expect(await rulesFor(at)).toContain('id-prefix');
    const { request, output } = await droidCalls(at, 'glm-5.1', 'glm-5.1', { untilExit: true });
    expect(request).toBeUndefined();
    expect(output).toContain('Authentication failed');
  });

  it('duplicate-id: Droid sends -m <id> to the first entry with that id', async () => {
    const at = homeWith(settingsWith(route('lf-dup-first', { id: 'custom:Twice-0' }), route('lf-dup-second', { id: 'custom:Twice-0', index: 1 })));
    expect(await rulesFor(at)).toContain('duplicate-id');
    const { request } = await droidCalls(at, 'custom:Twice-0', 'lf-dup-first', { untilExit: true });
    expect(request).toBeDefined();
    expect(stub.requests.some((r) => r.body.includes('"lf-dup-second"'))).toBe(false);
  });

  it('id-missing: Droid derives custom:<name>-<n>, n counting the earlier kept entries of that name (an explicit id too), and does not write it back', async () => {
    const text = JSON.stringify({ customModels: [named('custom:Mine', { displayName: 'Dup' }), { ...named('custom:x', { displayName: 'Dup', model: 'lf-derived', baseUrl: `${stub.url}/v1` }), id: undefined }] });
    const at = homeWith({ 'settings.json': text });
    expect(await rulesFor(at)).toContain('id-missing');
    expect((await droidLists(at)).listed).toEqual(['custom:Mine (Dup)', 'custom:Dup-1 (Dup)']);
    const { output } = await droidCalls(at, 'custom:Dup-1', 'lf-derived', { untilExit: true });
    expect(output).toContain('"result":"FACT"');
    expect(readFileSync(at.settings, 'utf8')).toBe(text);
  });

  it('model-reference-dangling: Droid refuses the dangling id ("Invalid model") and lists no route of that id', async () => {
    const at = homeWith({ 'settings.json': JSON.stringify({ sessionDefaultSettings: { model: 'custom:Gone-0' }, customModels: [named('custom:Here-0')] }) });
    expect(await rulesFor(at)).toContain('model-reference-dangling');
    const run = await runDroid(['exec', '-m', 'custom:Gone-0', '--auto', 'low', '--cwd', at.home, 'Reply exactly: X'], { home: at.home, timeoutMs: 30_000 });
    expect(run.exitCode).not.toBe(0);
    expect(run.all).toContain('Invalid model: custom:Gone-0');
    expect((await droidLists(at)).listed).toEqual(['custom:Here-0 (Here-0)']);
  });
});

describe.concurrent('which entries Droid lists', () => {
  it('missing-model, missing-base-url, missing-provider: Droid leaves each such entry out, and lists the rest', async () => {
    const { model: _m, ...noModel } = named('custom:NoModel-0');
    const { baseUrl: _b, ...noBaseUrl } = named('custom:NoBaseUrl-0');
    const { provider: _p, ...noProvider } = named('custom:NoProvider-0');
    const at = homeWith(settingsWith(named('custom:Kept-0'), noModel, noBaseUrl, noProvider));
    expect(await rulesFor(at)).toEqual(expect.arrayContaining(['missing-model', 'missing-base-url', 'missing-provider']));
    expect((await droidLists(at)).listed).toEqual(['custom:Kept-0 (Kept-0)']);
  });

  it('unknown-provider, unknown-provider-skips-file: in settings.json one unknown provider drops every route of the file', async () => {
    const at = homeWith(settingsWith(named('custom:Kept-0'), named('custom:Odd-0', { provider: 'openai-compatible' })));
    expect(await rulesFor(at)).toEqual(expect.arrayContaining(['unknown-provider', 'unknown-provider-skips-file']));
    const seen = await droidLists(at);
    expect(seen.listed).toEqual([]);
    expect(seen.output).toContain('No custom models configured');
  });

  it('routes-in-other-list: custom_models in settings.json and customModels in config.json are never read', async () => {
    const legacy = { model_display_name: 'Snake', model: 'm', base_url: 'http://127.0.0.1:9/v1', api_key: 'k', provider: GENERIC };
    const at = homeWith({ 'settings.json': JSON.stringify({ customModels: [named('custom:Kept-0')], custom_models: [legacy] }), 'config.json': JSON.stringify({ customModels: [named('custom:InConfig-0')] }) });
    const rules = await rulesFor(at);
    expect(rules.filter((r) => r === 'routes-in-other-list')).toHaveLength(2);
    expect((await droidLists(at)).listed).toEqual(['custom:Kept-0 (Kept-0)']);
  });

  it('unknown-provider: in config.json only that entry is left out', async () => {
    const legacy = (name: string, provider: string) => ({ model_display_name: name, model: 'm', base_url: 'http://127.0.0.1:9/v1', api_key: 'k', provider });
    const at = homeWith({ 'config.json': JSON.stringify({ custom_models: [legacy('Kept', GENERIC), legacy('Odd', 'openai-compatible')] }) });
    const rules = await rulesFor(at);
    expect(rules).toContain('unknown-provider');
    expect(rules).not.toContain('unknown-provider-skips-file');
    expect((await droidLists(at)).listed).toEqual(['custom:Kept-0 (Kept)']);
  });

  it('trailing-comma: Droid ignores every route of the file ("No custom models configured")', async () => {
    const at = homeWith({ 'settings.json': `{ "customModels": [ ${JSON.stringify(named('custom:Kept-0'))}, ] }` });
    expect(await rulesFor(at)).toContain('trailing-comma');
    const seen = await droidLists(at);
    expect(seen.listed).toEqual([]);
    expect(seen.output).toContain('No custom models configured');
  });

  it('routes-not-a-list: with "customModels" an object Droid sees no routes', async () => {
    const at = homeWith({ 'settings.json': JSON.stringify({ customModels: { only: named('custom:Kept-0') } }) });
    expect(await rulesFor(at)).toContain('routes-not-a-list');
    const seen = await droidLists(at);
    expect(seen.listed).toEqual([]);
    expect(seen.output).toContain('No custom models configured');
  });

  it('entry-not-an-object: Droid skips that entry and lists the others', async () => {
    const at = homeWith(settingsWith('not a route', named('custom:Kept-0')));
    expect(await rulesFor(at)).toContain('entry-not-an-object');
    expect((await droidLists(at)).listed).toEqual(['custom:Kept-0 (Kept-0)']);
  });

  it('schema: Droid still lists entries with a field of the wrong type', async () => {
    const at = homeWith(settingsWith(named('custom:Kept-0'), named('custom:Index-0', { index: '0' }), named('custom:MaxOut-0', { maxOutputTokens: '8192' }), named('custom:NoImage-0', { noImageSupport: 'yes' })));
    expect(await rulesFor(at)).toContain('schema');
    expect((await droidLists(at)).listed).toEqual(['custom:Kept-0 (Kept-0)', 'custom:Index-0 (Index-0)', 'custom:MaxOut-0 (MaxOut-0)', 'custom:NoImage-0 (NoImage-0)']);
  });

  it('dropped after measuring, duplicate-index: Droid lists both entries of one index, and derives an unnamed entry\'s id without its index', async () => {
    const { id: _id, ...unnamed } = named('custom:C-7', { displayName: 'C', index: 7 });
    const at = homeWith(settingsWith(named('custom:A-0', { index: 0 }), named('custom:B-0', { index: 0 }), unnamed));
    expect(await rulesFor(at)).not.toContain('duplicate-index');
    expect((await droidLists(at)).listed).toEqual(['custom:A-0 (A-0)', 'custom:B-0 (B-0)', 'custom:C-0 (C)']);
  });

  it("local-replaces-settings: settings.local.json's customModels replace settings.json's routes", async () => {
    const at = homeWith({ ...settingsWith(named('custom:Main-0')), 'settings.local.json': JSON.stringify({ customModels: [named('custom:Local-0')] }) });
    expect(await rulesFor(at)).toContain('local-replaces-settings');
    expect((await droidLists(at)).listed).toEqual(['custom:Local-0 (Local-0)']);
  });

  it("project-overrides: inside the project, Droid uses the project's entry for a shared id", async () => {
    const at = homeWith(settingsWith(named('custom:Shared-0', { displayName: 'From the user' })), settingsWith(named('custom:Shared-0', { displayName: 'From the project' })));
    expect(await rulesFor(at)).toContain('project-overrides');
    expect((await droidLists(at)).listed).toEqual(['custom:Shared-0 (From the project)']);
  });
});
