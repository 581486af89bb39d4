// Lint: each wrong door of the field guide gets its own rule, severity and remedy; the guide's own
// working routes are clean.
import { describe, expect, it } from 'vitest';
import { routeKey, type Route } from '../../../app/model/route.ts';
import { lintRoutes } from '../../../app/settings/lint.ts';
import { surfaceOptionsFromEnv } from '../../../app/surfaces/derive.ts';

const options = surfaceOptionsFromEnv({});
function route(fields: Partial<Route>): Route {
  const id = fields.id ?? 'custom:Test-0';
  const source = fields.source ?? { kind: 'settings', path: '/s.json', position: 0, project: null };
  return { key: routeKey(source.path, id, source.position), id, idDerived: false, model: 'm', baseUrl: 'http://127.0.0.1:4000/v1', provider: 'generic-chat-completion-api', index: 0, extra: {}, schemaIssues: [], source, ...fields };
}
const rules = (routes: Route[]) => lintRoutes(routes, options).map((f) => `${f.severity}:${f.rule}`);

describe('lint', () => {
  it("the field guide's working routes have no findings", () => {
    expect(rules([
      route({ id: 'custom:Kimi-K2.5-[Kimi-Coding]-0', model: 'kimi-k2.5', baseUrl: 'http://localhost:8317/v1', apiKey: '${VIBEPROXY_KEY}' }),
      route({ id: 'custom:GLM-5.1-[ZAI]-1', index: 1, model: 'glm-5.1', baseUrl: 'https://api.z.ai/api/coding/paas/v4', apiKey: '${ZAI_KEY}' }),
      route({ id: 'custom:gpt-5-5-[LiteLLM]-6', index: 6, model: 'gpt-5.5', baseUrl: 'http://127.0.0.1:4000/v1', apiKey: '${ROUTELIGHTS_KEY_LITELLM}' }),
      route({ id: 'custom:Opus-[VibeProxy]-7', index: 7, model: 'claude-opus-4-6', baseUrl: 'http://localhost:8317', provider: 'anthropic' }),
    ])).toEqual([]);
  });

  const cases: Array<[string, Partial<Route>, string]> = [
    ['raw id without custom:', { id: 'kimi-k2.5' }, 'error:id-prefix'],
    ['missing model', { model: undefined }, 'error:missing-model'],
    ['missing baseUrl', { baseUrl: undefined }, 'error:missing-base-url'],
    ['missing provider', { provider: undefined }, 'error:missing-provider'],
    ['unknown provider', { provider: 'azure' }, 'error:unknown-provider'],
    ['Z.AI generic endpoint', { baseUrl: 'https://api.z.ai/api/paas/v4' }, 'warning:zai-generic-endpoint'],
    ['Z.AI with provider openai', { baseUrl: 'https://api.z.ai/api/coding/paas/v4', provider: 'openai' }, 'error:zai-openai-provider'],
    ['Kimi coding endpoint directly', { baseUrl: 'https://api.kimi.com/coding/v1' }, 'warning:kimi-direct'],
    ['VibeProxy OpenAI-style without /v1', { baseUrl: 'http://localhost:8317' }, 'error:vibeproxy-openai-without-v1'],
    ['Anthropic-style with /v1 on VibeProxy', { baseUrl: 'http://localhost:8317/v1', provider: 'anthropic' }, 'error:anthropic-base-url-v1'],
    ['Anthropic-style with /v1 on any other host', { baseUrl: 'https://llm.example.com/anthropic/v1', provider: 'anthropic' }, 'error:anthropic-base-url-v1'],
    ['the endpoint written into the baseUrl', { baseUrl: 'http://127.0.0.1:4000/v1/chat/completions' }, 'error:base-url-has-endpoint'],
    ['the Responses endpoint written into the baseUrl', { baseUrl: 'https://api.example.com/v1/responses/', provider: 'openai' }, 'error:base-url-has-endpoint'],
    ['plain-text key', { apiKey: 'sk-live-abc123def456ghi' }, 'warning:plain-text-api-key'],
    ['a key-shaped value in clear, even to a local proxy', { baseUrl: 'http://localhost:8317/v1', apiKey: 'a1b2c3d4e5f6a7b8c9d0e1f2' }, 'warning:plain-text-api-key'],
    ['a variable name written as the key', { apiKey: 'CLI_PROXY_API_KEY' }, 'warning:api-key-variable-name'],
    ['$VAR written as the key', { apiKey: '$FREE_DEEPSEEK_API_KEY' }, 'warning:api-key-variable-name'],
    ['no key to a remote host', { baseUrl: 'https://api.example.com/v1', apiKey: undefined }, 'warning:empty-api-key-remote'],
    ["Google's OpenAI-compatible API at its plain root", { baseUrl: 'https://generativelanguage.googleapis.com/v1' }, 'error:google-openai-root'],
    ['${VAR} in legacy config.json', { apiKey: '${ZAI}', source: { kind: 'legacy-config', path: '/config.json', position: 0, project: null } }, 'error:legacy-var-reference'],
    ['plain http to a host on the internet', { baseUrl: 'http://llm.example.com:4000/v1' }, 'warning:insecure-http'],
    ['stray whitespace', { baseUrl: ' http://127.0.0.1:4000/v1 ' }, 'error:base-url-whitespace'],
    ['no scheme: Droid reads http://', { baseUrl: 'localhost:4000/v1' }, 'warning:base-url-no-scheme'],
    ['not an http(s) URL', { baseUrl: 'ftp://files.example.com/v1' }, 'error:invalid-base-url'],
    ['a field of the wrong type', { schemaIssues: ['"maxOutputTokens" should be a whole number, found "8k"'] }, 'warning:schema'],
    ['no id written', { idDerived: true, id: 'custom:m-0' }, 'warning:id-missing'],
    ['${VAR} at the start of baseUrl', { baseUrl: '${LITELLM_URL}/v1' }, 'error:base-url-reference'],
    ['${VAR} in the path of baseUrl', { baseUrl: 'http://127.0.0.1:4000/${TEAM}/v1' }, 'error:base-url-reference'],
    ['credentials in baseUrl', { baseUrl: 'http://alice:pw@127.0.0.1:4000/v1' }, 'warning:base-url-credentials'],
    ['a credential header in plain text', { extra: { extraHeaders: { 'X-Session-Token': 'abc123' } } }, 'warning:plain-text-header-secret'],
    ['${VAR} in a header', { extra: { extraHeaders: { 'X-Org': '${ORG_ID}' } } }, 'warning:header-reference-literal'],
    ['an Authorization header beside an apiKey', { apiKey: '${K}', extra: { extraHeaders: { authorization: 'Bearer ${K}' } } }, 'warning:header-replaces-api-key'],
    ['an X-Api-Key header beside an apiKey on an anthropic route', { provider: 'anthropic', baseUrl: 'http://127.0.0.1:4000', apiKey: '${K}', extra: { extraHeaders: { 'x-api-key': '${K}' } } }, 'warning:header-replaces-api-key'],
  ];
  for (const [name, fields, expected] of cases) {
    it(`${name} → ${expected}`, () => {
      const findings = lintRoutes([route(fields)], options);
      expect(findings.map((f) => `${f.severity}:${f.rule}`)).toContain(expected);
      const finding = findings.find((f) => `${f.severity}:${f.rule}` === expected)!;
      expect(finding.routeId).toBe(fields.id ?? 'custom:Test-0');
      expect(finding.message.length).toBeGreaterThan(20);
      expect(finding.remedy.length).toBeGreaterThan(10);
    });
  }

  it('placeholders are no secrets, and a local proxy or LAN host without a key needs no warning', () => {
    for (const apiKey of ['dummy', 'sk-dummy', 'dummy-not-used', 'ollama', 'local', 'not-needed', 'lm-studio']) {
      expect(rules([route({ baseUrl: 'http://localhost:8317/v1', apiKey })]), apiKey).toEqual([]);
    }
    for (const baseUrl of ['http://fedora:11434/v1', 'http://cliproxyapi:8317/v1', 'http://10.0.0.200:8317/v1', 'http://192.168.1.5:4000/v1']) {
      expect(rules([route({ baseUrl, apiKey: undefined })]).filter((r) => r.includes('api-key')), baseUrl).toEqual([]);
    }
  });

  it('headers that carry nothing secret, and the credential header as a reference, are not plain secrets', () => {
    expect(rules([route({ apiKey: '${K}', extra: { extraHeaders: { 'X-Trace': 'abc', 'anthropic-beta': 'context-1m' } } })])).toEqual([]);
    expect(rules([route({ extra: { extraHeaders: { Authorization: 'Bearer ${K}' } } })])).toEqual(['warning:header-reference-literal']);
  });

  it('an Authorization header in plain text: the remedy is the apiKey Droid sends in that same header', () => {
    const finding = lintRoutes([route({ extra: { extraHeaders: { Authorization: 'Bearer abc123' } } })], options).find((f) => f.rule === 'plain-text-header-secret');
    expect(finding?.remedy).toMatch(/Droid sends "apiKey" in this same header.*keys move/);
  });

  it('an id defined again is a warning on the entry Droid ignores; two routes on one index are nothing (Droid uses the index for nothing, measured)', () => {
    const first = route({});
    const again = route({ source: { kind: 'settings', path: '/s.json', position: 1, project: null }, ignored: { kind: 'replaced', by: { kind: 'settings', path: '/s.json' }, wholeList: false, instead: { key: first.key, path: '/s.json', position: 0 } } });
    const findings = lintRoutes([first, again, route({ id: 'custom:Other-0' })], options);
    expect(findings.filter((f) => f.rule === 'duplicate-id').map((f) => [f.severity, f.routeKey])).toEqual([['warning', again.key]]);
    expect(findings.map((f) => f.rule)).not.toContain('duplicate-index');
  });

  it('a trailing slash is no finding: Droid drops it (measured: …/v1/ posts to /v1/chat/completions)', () => {
    expect(rules([route({ baseUrl: 'http://127.0.0.1:4000/v1/' })])).toEqual([]);
  });

  it('never repeats a plain key value in a message', () => {
    const text = JSON.stringify(lintRoutes([route({ apiKey: 'sk-canary-0123456789abcdef' })], options));
    expect(text).not.toContain('sk-canary-0123456789abcdef');
  });

  it('orders errors before warnings before info', () => {
    const severities = lintRoutes([route({ id: 'raw', baseUrl: 'http://10.0.0.2:4000/v1/' })], options).map((f) => f.severity);
    expect(severities).toEqual([...severities].sort((a, b) => ['error', 'warning', 'info'].indexOf(a) - ['error', 'warning', 'info'].indexOf(b)));
  });
});
