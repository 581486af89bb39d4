// Lint for Droid routes: the field guide's wrong doors (raw ids, the Z.AI generic endpoint, Kimi's
// 403 gate, plain-text keys…) and the wire shapes Droid gets wrong on every surface, found before a
// route is ever run. Each rule states a fact measured on Droid 0.225.2 (docs/droid-notes.md).
import type { Finding, Severity } from '../model/finding.ts';
import { keyKind, PROVIDERS, SOURCE_FILE, type Route } from '../model/route.ts';
import { referenceTo } from '../model/key-name.ts';
import { isPlainSecret, KEY_HEADER, secretFieldsOf } from '../model/secret-fields.ts';
import { keyNameFor, parseOrigin, surfaceKind, type SurfaceOptions } from '../surfaces/derive.ts';
import { WIRE_SUFFIX, wireUrl } from '../surfaces/wire.ts';

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
    emit('id-missing', 'warning', `The route has no "id"; Droid derives ${route.id} from its display name and its place among entries of the same name, and does not write it back: renaming or reordering changes the id your scripts use.`, `Set "id" (and "index") explicitly so that the id stays stable: e.g. "${route.id}".`, 'id');
  } else if (!route.idDerived && !route.id.startsWith('custom:')) {
    emit('id-prefix', 'error', `The id ${JSON.stringify(route.id)} does not start with "custom:". With 'droid exec -m', a raw name that is also one of Droid's built-in models (kimi-k2.5, glm-5.1, gpt-5.5…) goes through Factory's own billing path, not this route, and fails as an authentication or payment error.`, `Rename the id to "custom:${route.id}" and use that exact id with droid exec -m.`, 'id');
  }
}

/** Wire shapes Droid builds the same way on every surface: it appends its endpoint to the baseUrl as written. */
function lintWireShape(route: Route, url: URL, emit: Emit): void {
  const provider = route.provider;
  if (provider !== 'anthropic' && provider !== 'openai' && provider !== 'generic-chat-completion-api') return;
  const path = url.pathname.replace(/\/+$/, '');
  const wire = new URL(wireUrl(route.baseUrl, provider)!).pathname;
  const endpoint = Object.values(WIRE_SUFFIX).find((suffix) => path.endsWith(suffix));
  if (endpoint) {
    emit('base-url-has-endpoint', 'error', `"baseUrl" already ends in ${endpoint}, and Droid appends ${WIRE_SUFFIX[provider]} to it: it will POST ${wire}.`, `Use ${url.origin}${path.slice(0, -endpoint.length)} as the baseUrl.`, 'baseUrl');
  } else if (provider === 'anthropic' && path.endsWith('/v1')) {
    emit('anthropic-base-url-v1', 'error', `An Anthropic-style route must not end in /v1: Droid appends /v1/messages itself, so it will POST ${wire}.`, `Use ${url.origin}${path.slice(0, -3)} as the baseUrl.`, 'baseUrl');
  }
}

function lintBaseUrl(route: Route, options: SurfaceOptions, emit: Emit): void {
  const raw = route.baseUrl;
  if (raw === undefined || raw === '') return;
  if (raw.includes('${')) {
    emit('base-url-reference', 'error', `"baseUrl" holds a \${VAR} reference, which Droid does not expand there (only in apiKey): ${raw.trim().startsWith('${') ? 'the URL is invalid, and Droid sends nothing and retries silently for minutes' : 'it calls the path with the text itself in it (/$%7BNAME%7D/…)'}.`, 'Write the URL itself; where it differs between machines, keep the difference in a profile override (routelights profile import --override ORIGIN=URL).', 'baseUrl');
    return;
  }
  if (raw !== raw.trim()) emit('base-url-whitespace', 'error', `"baseUrl" has stray whitespace: ${JSON.stringify(raw)}.`, 'Remove the spaces or line breaks around the URL.', 'baseUrl');
  const url = parseOrigin(raw);
  if (!url) {
    emit('invalid-base-url', 'error', `"baseUrl" ${JSON.stringify(raw)} is not an http(s) URL.`, 'Write a full URL such as http://localhost:8317/v1.', 'baseUrl');
    return;
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    emit('insecure-http', 'warning', `"baseUrl" uses plain http:// to ${url.host}, which is not this machine: the key crosses the network in clear text.`, 'Use https://, or reach the host through an encrypted private network (e.g. WireGuard/Tailscale) and accept the risk knowingly.', 'baseUrl');
  }
  lintWireShape(route, url, emit);
  lintSurfaceShape(route, url, options, emit);
}

/** Facts of one kind of surface (Z.AI, Kimi, VibeProxy's engine), each from its documentation or a measurement. */
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
    // CLIProxyAPI serves its OpenAI shapes only under /v1 (measured: /chat/completions is a 404 there).
    if ((provider === 'openai' || provider === 'generic-chat-completion-api') && !hasV1) {
      emit('vibeproxy-openai-without-v1', 'error', 'An OpenAI-style route on VibeProxy needs /v1 in its baseUrl: its engine serves /v1/chat/completions and /v1/responses only.', `Use ${url.origin}/v1 as the baseUrl.`, 'baseUrl');
    }
    if (provider === 'openai' && /gpt|codex/i.test(route.model ?? '')) {
      emit('vibeproxy-codex-openai-provider', 'warning', 'GPT/Codex models on VibeProxy with provider "openai" use the Responses API, whose fields (e.g. prompt_cache_retention) draw 400s there.', 'Use provider "generic-chat-completion-api" (VibeProxy\'s own guide).', 'provider');
    }
  }
}

function lintApiKey(route: Route, options: SurfaceOptions, emit: Emit): void {
  const key = keyKind(route.apiKey);
  if (route.source.kind === 'legacy-config' && key.kind === 'reference') {
    emit('legacy-var-reference', 'error', `config.json holds "\${${key.name}}", but Droid expands \${VAR} only in settings.json and settings.local.json: the literal text is sent as the key.`, "Move the route into settings.json with 'routelights routes migrate'.", 'apiKey');
  } else if (key.kind === 'plain') {
    const name = keyNameFor(route, options);
    emit('plain-text-api-key', 'warning', 'The "apiKey" is stored in plain text in the settings file.', `Keep it in the Keychain and write a reference instead: routelights keys move puts it under ${name} and writes "${referenceTo(name)}"; Droid expands it from its environment.`, 'apiKey');
  }
}

/** How to keep a header's secret out of the file, as far as Droid allows (docs/droid-notes.md, extraHeaders). */
function headerRemedy(name: string, keyName: string): string {
  return KEY_HEADER.test(name)
    ? `Droid sends "apiKey" in this same header: write the key as "apiKey": "${referenceTo(keyName)}" and remove the header (routelights keys move does both).`
    : `Droid sends extraHeaders as written, never expanding \${VAR} there: keep the file private (chmod 600), or keep the value in the Keychain (routelights keys set ${keyName}), write "${referenceTo(keyName)}" and start Droid as routelights exec -- droid …, which expands it.`;
}

/** Secrets beyond apiKey: extraHeaders, the user part of baseUrl, fields the user marks (measured: docs/droid-notes.md). */
function lintSecrets(route: Route, options: SurfaceOptions, emit: Emit): void {
  const headers = route.extra.extraHeaders;
  const names = headers && typeof headers === 'object' && !Array.isArray(headers) ? Object.entries(headers as Record<string, unknown>) : [];
  const keyName = keyNameFor(route, options);
  for (const [name, value] of names) {
    if (typeof value === 'string' && value.includes('${')) {
      emit('header-reference-literal', 'warning', `extraHeaders "${name}" holds a \${VAR} reference, but Droid expands \${VAR} only in apiKey: a plain droid sends the text ${JSON.stringify(value)} itself.`, headerRemedy(name, keyName), 'extraHeaders');
    }
    if (KEY_HEADER.test(name) && keyKind(route.apiKey).kind !== 'none') {
      emit('header-replaces-api-key', 'warning', `extraHeaders "${name}" replaces the apiKey: Droid sends one ${name} header, the one from extraHeaders, and the apiKey is never sent.`, 'Keep one of the two, preferably the apiKey (as a ${NAME} reference).', 'extraHeaders');
    }
  }
  for (const field of secretFieldsOf(route)) {
    if (field.kind === 'url') {
      emit('base-url-credentials', 'warning', `"baseUrl" carries credentials (user:password@), which Droid drops: it sends no Authorization: Basic${keyKind(route.apiKey).kind === 'none' ? ', and with no apiKey its requests go out with no credentials at all' : ''}. They only sit in the file.`, 'Remove them from the URL; a key belongs in "apiKey" (as a ${NAME} reference).', 'baseUrl');
    } else if (isPlainSecret(field) && !field.value.includes('${')) {
      const where = field.path.join('.');
      if (field.kind === 'header') emit('plain-text-header-secret', 'warning', `extraHeaders "${field.path[1]}" holds a credential in plain text in the settings file.`, headerRemedy(field.path[1]!, keyName), 'extraHeaders');
      else emit('plain-text-secret', 'warning', `"${where}" (marked secret in ROUTELIGHTS_SECRET_FIELDS) is in plain text in the settings file.`, 'Droid reads it only as written: keep the file private (chmod 600).', field.path[0]);
    }
  }
}

const placeName = (project: string | null) => (project === null ? 'your own settings' : `the project ${project}`);

function lintPlaces(routes: readonly Route[], skipped: ReadonlySet<string>, findings: Finding[]): void {
  const used = routes.filter((r) => r.ignored === undefined && !skipped.has(r.source.path));
  const byIndex = new Map<string, Route[]>();
  for (const route of used) {
    if (route.index === undefined || route.source.kind === 'legacy-config') continue;
    const key = `${route.source.project ?? ''}\n${route.index}`;
    byIndex.set(key, [...(byIndex.get(key) ?? []), route]);
  }
  for (const same of byIndex.values()) {
    if (new Set(same.map((r) => r.id)).size > 1) {
      const second = same[1]!;
      findings.push({ rule: 'duplicate-index', severity: 'warning', routeId: second.id, routeKey: second.key, field: 'index', message: `The index ${second.index} is used by ${same.map((r) => r.id).join(' and ')} in ${placeName(second.source.project)}.`, remedy: 'Give each route its own index (Droid resolves custom:<name>-<index> by it, and shows it in its model list).' });
    }
  }
  for (const route of routes) {
    const ignored = route.ignored;
    if (!ignored || ignored.wholeList) continue;
    const where = ignored.by.path === route.source.path ? `an earlier entry of ${SOURCE_FILE[route.source.kind]}` : ignored.by.path;
    findings.push({ rule: 'duplicate-id', severity: 'warning', routeId: route.id, routeKey: route.key, field: 'id', message: `${route.id} is defined again here, but Droid uses the first entry with this id (in ${where}) and ignores this one.`, remedy: 'Give this route its own id, or remove the entry that does nothing.' });
  }
  for (const route of used.filter((r) => r.source.project === null)) {
    const projects = [...new Set(used.filter((r) => r.source.project !== null && r.id === route.id).map((r) => r.source.project!))];
    if (projects.length === 0) continue;
    findings.push({ rule: 'project-overrides', severity: 'info', routeId: route.id, routeKey: route.key, message: `Inside ${projects.join(' and ')}, Droid uses the project's own entry for ${route.id} instead of this one (a project's routes come first).`, remedy: 'Nothing to do if that is meant; otherwise rename one of the two.' });
  }
}

/**
 * Every finding for a set of routes, errors first. `skipped` holds the files Droid does not read (a
 * trailing comma): their routes are linted as entries but take no place beside the others.
 */
export function lintRoutes(routes: readonly Route[], options: SurfaceOptions, skipped: ReadonlySet<string> = new Set()): Finding[] {
  const findings: Finding[] = [];
  for (const route of routes) {
    const emit: Emit = (rule, severity, message, remedy, field) => findings.push({ rule, severity, routeId: route.id, routeKey: route.key, ...(field ? { field } : {}), message, remedy });
    for (const issue of route.schemaIssues) emit('schema', 'error', `The entry has a field of the wrong type: ${issue}.`, 'Correct the field type (numbers and booleans without quotes).');
    lintId(route, emit);
    lintRequired(route, emit);
    lintBaseUrl(route, options, emit);
    lintApiKey(route, options, emit);
    lintSecrets(route, options, emit);
  }
  lintPlaces(routes, skipped, findings);
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  return findings.sort((a, b) => rank[a.severity] - rank[b.severity]);
}
