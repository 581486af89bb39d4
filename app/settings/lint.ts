// Lint for Droid routes: the field guide's wrong doors (raw ids, the Z.AI generic endpoint, Kimi's
// 403 gate, plain-text keys…) and the wire shapes Droid gets wrong on every surface, found before a
// route is ever run. Each rule states a fact measured on Droid 0.225.2 (docs/droid-notes.md).
import type { Finding, Severity } from '../model/finding.ts';
import { keyKind, PROVIDERS, SOURCE_FILE, type Route } from '../model/route.ts';
import { referenceTo } from '../model/key-name.ts';
import { holdsPlainKey, isPlainSecret, replacesApiKey, secretFieldsOf, urlCredentials } from '../model/secret-fields.ts';
import { keyNameFor, parseOrigin, surfaceKind, type SurfaceOptions } from '../surfaces/derive.ts';
import { WIRE_SUFFIX, wireUrl } from '../surfaces/wire.ts';

type Emit = (rule: string, severity: Severity, message: string, remedy: string, field?: string) => void;

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * This machine or its own network: loopback, private and link-local addresses, names with no dot (a
 * Docker service such as `cliproxyapi`, a LAN host such as `fedora`) and the private suffixes. Local
 * proxies and model servers there often take any key, or none.
 */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return isLoopbackHost(host) || !host.includes('.') && !host.includes(':') || /\.(local|lan|internal|home\.arpa)$/.test(host) || /^(10\.|192\.168\.|169\.254\.|172\.(1[6-9]|2\d|3[01])\.)/.test(host) || /^f[cd][0-9a-f]{2}:/.test(host);
}


/** What Droid needs of an entry to list it at all (measured, 0.225.2: docs/droid-notes.md). */
function lintRequired(route: Route, emit: Emit): void {
  const out = 'Droid leaves the entry out of its model list';
  if (!route.model) emit('missing-model', 'error', `The route has no "model": ${out}.`, 'Set "model" to the name the surface lists (e.g. in its /v1/models).', 'model');
  if (!route.baseUrl) emit('missing-base-url', 'error', `The route has no "baseUrl": ${out}.`, 'Set "baseUrl", e.g. http://localhost:8317/v1 for VibeProxy or http://127.0.0.1:4000/v1 for LiteLLM.', 'baseUrl');
  if (!route.provider) emit('missing-provider', 'error', `The route has no "provider": ${out}.`, `Set "provider" to one of ${PROVIDERS.join(', ')} (generic-chat-completion-api for most OpenAI-compatible endpoints).`, 'provider');
  else if (!(PROVIDERS as readonly string[]).includes(route.provider)) {
    const cost = route.source.kind === 'legacy-config' ? out : `Droid then ignores every route of ${SOURCE_FILE[route.source.kind]}, this one's neighbours too`;
    emit('unknown-provider', 'error', `"provider" is ${JSON.stringify(route.provider)}, which Droid does not know: ${cost}.`, `Use one of ${PROVIDERS.join(', ')}.`, 'provider');
  }
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
  if (raw !== raw.trim()) emit('base-url-whitespace', 'error', `"baseUrl" has stray whitespace: ${JSON.stringify(raw)}. Droid drops line breaks but keeps spaces, so it calls a path with %20 in it (…/v1%20/chat/completions).`, 'Remove the spaces or line breaks around the URL.', 'baseUrl');
  const url = parseOrigin(raw);
  // host:port/… or a dotted host: what Droid reads as http:// (measured); a bare word is no URL at all.
  if (!url && /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d+)?(\/\S*)?$/.test(raw.trim()) && /[.:]/.test(raw.trim().split('/')[0]!) && parseOrigin(`http://${raw.trim()}`)) {
    emit('base-url-no-scheme', 'warning', `"baseUrl" ${JSON.stringify(raw)} has no scheme: Droid reads it as http://${raw.trim()} (measured), but RouteLights and other tools cannot check it so.`, `Write the scheme: http://${raw.trim()}.`, 'baseUrl');
    return;
  }
  if (!url) {
    emit('invalid-base-url', 'error', `"baseUrl" ${JSON.stringify(raw)} is not an http(s) URL: Droid cannot call it.`, 'Write a full URL such as http://localhost:8317/v1.', 'baseUrl');
    return;
  }
  // A Docker service or a LAN host (cliproxyapi:8317, 10.0.0.200) is the user's own network: no warning there.
  if (url.protocol === 'http:' && !isLocalHost(url.hostname)) {
    emit('insecure-http', 'warning', `"baseUrl" uses plain http:// to ${url.host}, outside this machine and its own network: the key crosses the internet in clear text.`, 'Use https://, or reach the host through an encrypted private network (e.g. WireGuard/Tailscale) and accept the risk knowingly.', 'baseUrl');
  }
  lintWireShape(route, url, emit);
  lintSurfaceShape(route, url, options, emit);
  lintProviderRoot(route, url, emit);
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
      emit('vibeproxy-openai-without-v1', 'error', `An OpenAI-style route to CLIProxyAPI on port ${url.port || '8317'} (VibeProxy's engine) needs /v1 in its baseUrl: it serves /v1/chat/completions and /v1/responses only.`, `Use ${url.origin}/v1 as the baseUrl.`, 'baseUrl');
    }
  }
}

function lintApiKey(route: Route, options: SurfaceOptions, emit: Emit): void {
  const key = keyKind(route.apiKey);
  const legacy = route.source.kind === 'legacy-config';
  const name = keyNameFor(route, options);
  const host = parseOrigin(route.baseUrl ?? '')?.hostname;
  if (legacy && key.kind === 'reference') {
    emit('legacy-var-reference', 'error', `config.json holds "\${${key.name}}", but Droid expands \${VAR} only in settings.json and settings.local.json: the literal text is sent as the key.`, "Move the route into settings.json with 'routelights routes migrate'.", 'apiKey');
  } else if (key.kind === 'plain' && /^\$?[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$|^\$[A-Za-z_][A-Za-z0-9_]*$/.test(route.apiKey!.trim())) {
    const bare = route.apiKey!.trim().replace(/^\$/, '');
    emit('api-key-variable-name', 'warning', `"apiKey" is ${JSON.stringify(route.apiKey)}, a variable's name, but Droid expands only "\${NAME}": it sends the text ${JSON.stringify(route.apiKey)} itself as the key.`, legacy ? `config.json expands nothing: move the route into settings.json (routelights routes migrate), then write "${referenceTo(bare)}".` : `Write "${referenceTo(bare)}".`, 'apiKey');
  } else if (holdsPlainKey(route.apiKey)) {
    // A placeholder (dummy, ollama…) is no secret, and a local proxy that takes any key needs no warning.
    emit('plain-text-api-key', 'warning', 'The "apiKey" holds a key in plain text in the settings file.', legacy ? "config.json does not expand ${VAR}: move the route into settings.json first (routelights routes migrate), then routelights keys move puts the key in the Keychain." : `Keep it in the Keychain and write a reference instead: routelights keys move puts it under ${name} and writes "${referenceTo(name)}"; Droid expands it from its environment.`, 'apiKey');
  } else if (key.kind === 'none' && host !== undefined && !isLocalHost(host)) {
    emit('empty-api-key-remote', 'warning', `The route has no "apiKey" and goes to ${host}, outside this machine and its network: Droid then sends no credential at all.`, `Give it the key (as "${referenceTo(name)}", kept with routelights keys set ${name}); if ${host} needs none, nothing to do.`, 'apiKey');
  }
}

/** OpenAI-compatible roots that a provider serves elsewhere than a plain /v1 (from each provider's documentation). */
function lintProviderRoot(route: Route, url: URL, emit: Emit): void {
  if (url.hostname === 'generativelanguage.googleapis.com' && route.provider !== 'anthropic' && !url.pathname.replace(/\/+$/, '').endsWith('/v1beta/openai')) {
    emit('google-openai-root', 'error', `Google serves its OpenAI-compatible API under /v1beta/openai: Droid will POST ${new URL(wireUrl(route.baseUrl, route.provider ?? '')!).pathname}, which is not there.`, `Use ${url.origin}/v1beta/openai as the baseUrl.`, 'baseUrl');
  }
}

/** How to keep a header's secret out of the file, as far as Droid allows (docs/droid-notes.md, extraHeaders). */
function headerRemedy(route: Route, name: string, keyName: string): string {
  if (replacesApiKey(route.provider, name)) return `Droid sends "apiKey" in this same header: write the key as "apiKey": "${referenceTo(keyName)}" and remove the header (routelights keys move does both).`;
  // A name of the header's own: the route's apiKey may already be kept under keyName.
  const own = `${keyName}_${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
  return `Droid sends extraHeaders as written, never expanding \${VAR} there: keep the file private (chmod 600), or keep the value in the Keychain (routelights keys set ${own}), write "${referenceTo(own)}" and start Droid as routelights exec -- droid …, which expands it.`;
}

/** Secrets beyond apiKey: extraHeaders, the user part of baseUrl, fields the user marks (measured: docs/droid-notes.md). */
function lintSecrets(route: Route, options: SurfaceOptions, emit: Emit): void {
  const headers = route.extra.extraHeaders;
  const names = headers && typeof headers === 'object' && !Array.isArray(headers) ? Object.entries(headers as Record<string, unknown>) : [];
  const keyName = keyNameFor(route, options);
  for (const [name, value] of names) {
    if (typeof value === 'string' && value.includes('${')) {
      emit('header-reference-literal', 'warning', `extraHeaders "${name}" holds a \${VAR} reference, but Droid expands \${VAR} only in apiKey: a plain droid sends the text ${JSON.stringify(value)} itself.`, headerRemedy(route, name, keyName), 'extraHeaders');
    }
    if (replacesApiKey(route.provider, name) && keyKind(route.apiKey).kind !== 'none') {
      emit('header-replaces-api-key', 'warning', `extraHeaders "${name}" replaces the apiKey: Droid sends one ${name} header, the one from extraHeaders, and the apiKey is never sent.`, 'Keep one of the two, preferably the apiKey (as a ${NAME} reference).', 'extraHeaders');
    }
  }
  if (urlCredentials(route.baseUrl) !== null) {
    emit('base-url-credentials', 'warning', `"baseUrl" carries credentials (user:password@), which Droid drops: it sends no "Basic" authorization header${keyKind(route.apiKey).kind === 'none' ? ', and with no apiKey its requests go out with no credentials at all' : ''}. They only sit in the file.`, 'Remove them from the URL; a key belongs in "apiKey" (as a ${NAME} reference).', 'baseUrl');
  }
  for (const field of secretFieldsOf(route)) {
    if (field.kind === 'url') continue;
    if (isPlainSecret(field) && !field.value.includes('${')) {
      const where = field.path.join('.');
      if (field.kind === 'header') emit('plain-text-header-secret', 'warning', `extraHeaders "${field.path[1]}" holds a credential in plain text in the settings file.`, headerRemedy(route, field.path[1]!, keyName), 'extraHeaders');
      else emit('plain-text-secret', 'warning', `"${where}" (marked secret in ROUTELIGHTS_SECRET_FIELDS) is in plain text in the settings file.`, 'Droid reads it only as written: keep the file private (chmod 600).', field.path[0]);
    }
  }
}

function lintPlaces(routes: readonly Route[], skipped: ReadonlySet<string>, findings: Finding[]): void {
  const used = routes.filter((r) => r.ignored === undefined && !skipped.has(r.source.path));
  for (const route of routes) {
    const ignored = route.ignored;
    if (ignored?.kind !== 'replaced' || ignored.wholeList) continue;
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
    // A model or baseUrl of the wrong type leaves the entry out (missing-model, missing-base-url say so); any other field does not.
    for (const issue of route.schemaIssues) emit('schema', 'warning', `The entry has a field of the wrong type: ${issue}.${/^"(model|baseUrl)"/.test(issue) ? '' : ' Droid lists the entry all the same (measured); RouteLights reads that field as not written.'}`, 'Correct the field type (numbers and booleans without quotes).');
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
