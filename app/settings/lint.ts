// Lint for Droid routes: the field guide's wrong doors (raw ids, the Z.AI generic endpoint, Kimi's
// 403 gate, VibeProxy's /v1 slash, plain-text keys…) found before a route is ever run.
import type { Finding, Severity } from '../model/finding.ts';
import { apiKeyReference, PROVIDERS, type Route } from '../model/route.ts';
import { parseOrigin, surfaceKind, type SurfaceOptions } from '../surfaces/derive.ts';

type Emit = (rule: string, severity: Severity, message: string, remedy: string, field?: string) => void;

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function lintRequired(route: Route, emit: Emit): void {
  if (!route.model) emit('missing-model', 'error', 'The route has no "model": Droid has nothing to send on the wire.', 'Set "model" to the name the surface lists (e.g. in its /v1/models).', 'model');
  if (!route.baseUrl) emit('missing-base-url', 'error', 'The route has no "baseUrl": Droid does not know where to send requests.', 'Set "baseUrl", e.g. http://localhost:8317/v1 for VibeProxy or http://127.0.0.1:4000/v1 for LiteLLM.', 'baseUrl');
  if (!route.provider) emit('missing-provider', 'error', 'The route has no "provider": Droid does not know which API shape to speak.', `Set "provider" to one of ${PROVIDERS.join(', ')} (generic-chat-completion-api for most OpenAI-compatible endpoints).`, 'provider');
  else if (!(PROVIDERS as readonly string[]).includes(route.provider)) emit('unknown-provider', 'error', `"provider" is ${JSON.stringify(route.provider)}, which Droid does not know.`, `Use one of ${PROVIDERS.join(', ')}.`, 'provider');
}

function lintId(route: Route, emit: Emit): void {
  if (route.idDerived && route.source.kind !== 'legacy-config') {
    emit('id-missing', 'warning', `The route has no "id"; Droid will derive ${route.id} and write it back.`, `Set "id" (and "index") explicitly so the id stays stable: e.g. "${route.id}".`, 'id');
  } else if (!route.idDerived && !route.id.startsWith('custom:')) {
    emit('id-prefix', 'error', `The id ${JSON.stringify(route.id)} does not start with "custom:". With 'droid exec -m', a raw name that is also one of Droid's built-in models (kimi-k2.5, glm-5.1, gpt-5.5…) goes through Factory's own billing path, not this route, and fails as an authentication or payment error.`, `Rename the id to "custom:${route.id}" and use that exact id with droid exec -m.`, 'id');
  }
}

function lintBaseUrl(route: Route, options: SurfaceOptions, emit: Emit): void {
  const raw = route.baseUrl;
  if (raw === undefined || raw === '') return;
  if (raw !== raw.trim()) emit('base-url-whitespace', 'error', `"baseUrl" has stray whitespace: ${JSON.stringify(raw)}.`, 'Remove the spaces or line breaks around the URL.', 'baseUrl');
  const url = parseOrigin(raw);
  if (!url) {
    emit('invalid-base-url', 'error', `"baseUrl" ${JSON.stringify(raw)} is not an http(s) URL.`, 'Write a full URL such as http://localhost:8317/v1.', 'baseUrl');
    return;
  }
  if (raw.trim().endsWith('/')) emit('base-url-trailing-slash', 'warning', `"baseUrl" ends with a slash; Droid appends paths such as /chat/completions and may produce a double slash.`, `Remove the trailing slash: ${raw.trim().replace(/\/+$/, '')}.`, 'baseUrl');
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    emit('insecure-http', 'warning', `"baseUrl" uses plain http:// to ${url.host}, which is not this machine: the key crosses the network in clear text.`, 'Use https://, or reach the host through an encrypted private network (e.g. WireGuard/Tailscale) and accept the risk knowingly.', 'baseUrl');
  }
  lintSurfaceShape(route, url, options, emit);
}

function lintSurfaceShape(route: Route, url: URL, options: SurfaceOptions, emit: Emit): void {
  const kind = surfaceKind(url, route.provider, options);
  const path = url.pathname.replace(/\/+$/, '');
  const provider = route.provider;
  if (kind === 'zai') {
    if (path.startsWith('/api/paas/v4')) {
      emit('zai-generic-endpoint', 'warning', "The route uses Z.AI's generic endpoint /api/paas/v4, which draws from a different balance than the GLM Coding Plan.", `Use the coding endpoint: ${url.origin}/api/coding/paas/v4.`, 'baseUrl');
    }
    if (provider === 'openai') {
      emit('zai-openai-provider', 'error', 'Provider "openai" makes Droid call the Responses API (/responses), which Z.AI does not serve.', 'Use provider "generic-chat-completion-api" with /api/coding/paas/v4, or "anthropic" with https://api.z.ai/api/anthropic.', 'provider');
    }
  }
  if (kind === 'kimi' && path.startsWith('/coding/v1')) {
    emit('kimi-direct', 'warning', "Kimi's coding endpoint can refuse callers outside its coding-agent allowlist with 403 access_terminated_error.", 'Route Kimi through VibeProxy OAuth (http://localhost:8317/v1), or try provider "anthropic" with https://api.kimi.com/coding.', 'baseUrl');
  }
  if (kind === 'vibeproxy') {
    const hasV1 = path === '/v1' || path.startsWith('/v1/');
    if (provider === 'anthropic' && hasV1) {
      emit('vibeproxy-anthropic-with-v1', 'error', 'An Anthropic-style route on VibeProxy must not end in /v1: Anthropic clients append /v1/messages themselves.', `Use ${url.origin} as the baseUrl.`, 'baseUrl');
    } else if ((provider === 'openai' || provider === 'generic-chat-completion-api') && !hasV1) {
      emit('vibeproxy-openai-without-v1', 'error', 'An OpenAI-style route on VibeProxy needs /v1 in its baseUrl.', `Use ${url.origin}/v1 as the baseUrl.`, 'baseUrl');
    }
    if (provider === 'openai' && /gpt|codex/i.test(route.model ?? '')) {
      emit('vibeproxy-codex-openai-provider', 'warning', 'GPT/Codex models on VibeProxy with provider "openai" use the Responses API, whose fields (e.g. prompt_cache_retention) draw 400s there.', 'Use provider "generic-chat-completion-api" (VibeProxy\'s own guide).', 'provider');
    }
  }
}

function lintApiKey(route: Route, emit: Emit): void {
  const key = route.apiKey;
  if (key === undefined || key === '') return;
  const reference = apiKeyReference(key);
  if (route.source.kind === 'legacy-config' && reference !== null) {
    emit('legacy-var-reference', 'error', `config.json holds "${key.trim()}", but Droid expands \${VAR} only in settings.json and settings.local.json: the literal text is sent as the key.`, "Move the route into settings.json with 'routelights routes migrate'.", 'apiKey');
  } else if (reference === null) {
    emit('plain-text-api-key', 'warning', 'The "apiKey" is stored in plain text in the settings file.', 'Keep it in the Keychain and write a ${VAR} reference instead (e.g. "${ROUTELIGHTS_KEY_LITELLM}"); Droid expands it from its environment.', 'apiKey');
  }
}

function lintDuplicates(routes: readonly Route[], findings: Finding[]): void {
  const active = routes.filter((r) => r.shadowedBy === undefined);
  const idCount = new Map<string, number>();
  for (const route of active) idCount.set(route.id, (idCount.get(route.id) ?? 0) + 1);
  const reported = new Set<string>();
  for (const route of active) {
    if ((idCount.get(route.id) ?? 0) > 1 && !reported.has(route.id)) {
      reported.add(route.id);
      findings.push({ rule: 'duplicate-id', severity: 'error', routeId: route.id, field: 'id', message: `The id ${route.id} is defined ${idCount.get(route.id)} times; Droid will use only one of them.`, remedy: 'Give each route its own id, or remove the extra one.' });
    }
  }
  const byIndex = new Map<number, Route[]>();
  for (const route of active) if (route.index !== undefined) byIndex.set(route.index, [...(byIndex.get(route.index) ?? []), route]);
  for (const [index, same] of byIndex) {
    if (new Set(same.map((r) => r.id)).size > 1) {
      findings.push({ rule: 'duplicate-index', severity: 'warning', routeId: same[1]!.id, field: 'index', message: `The index ${index} is used by ${same.map((r) => r.id).join(' and ')}.`, remedy: 'Give each route its own index (Droid uses it in derived ids and in its model list).' });
    }
  }
  for (const route of routes) {
    if (route.source.kind === 'legacy-config' && route.shadowedBy) {
      const where = { settings: 'settings.json', 'settings.local': 'settings.local.json', 'legacy-config': 'an earlier entry of config.json' }[route.shadowedBy];
      findings.push({ rule: 'legacy-shadowed', severity: 'info', routeId: route.id, message: `${route.id} in config.json is hidden by the same id in ${where}; Droid uses that one.`, remedy: "Remove the legacy entry with 'routelights routes remove ID --source config.json', or leave it: it does nothing." });
    }
  }
}

/** Every finding for a set of routes, errors first. */
export function lintRoutes(routes: readonly Route[], options: SurfaceOptions): Finding[] {
  const findings: Finding[] = [];
  for (const route of routes) {
    const emit: Emit = (rule, severity, message, remedy, field) => findings.push({ rule, severity, routeId: route.id, ...(field ? { field } : {}), message, remedy });
    for (const issue of route.schemaIssues) emit('schema', 'error', `The entry has a field of the wrong type: ${issue}.`, 'Correct the field type (numbers and booleans without quotes).');
    lintId(route, emit);
    lintRequired(route, emit);
    lintBaseUrl(route, options, emit);
    lintApiKey(route, emit);
  }
  lintDuplicates(routes, findings);
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  return findings.sort((a, b) => rank[a.severity] - rank[b.severity]);
}
