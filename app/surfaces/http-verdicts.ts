// Shared readings of HTTP answers for every probe: network failures, JSON bodies, model lists, and the
// statuses no surface explains better (HTML pages, 5xx, unexpected codes).
import type { HttpResponse, NetError } from './http.ts';
import type { ModelInfo, ProbeResult, ProbeTarget, Verdict } from './probe-types.ts';

/** At most `max` characters of a body, on one line, with anything shaped like a key cut out. */
export function shortBody(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim().replace(/(sk-[A-Za-z0-9_-]{6})[A-Za-z0-9_-]+/g, '$1…').replace(/\b[A-Za-z0-9_-]{40,}\b/g, '…');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function jsonBody(response: HttpResponse): unknown {
  try {
    return JSON.parse(response.body) as unknown;
  } catch {
    return undefined;
  }
}

/** Error fields of the common shapes: OpenAI `{error:{message,type,code}}`, Anthropic `{type:'error',error:{type,message}}`, CLIProxyAPI `{error:"…"}`. */
export function errorFields(body: unknown): { message: string; type: string; code: string } {
  const root = (body ?? {}) as Record<string, unknown>;
  const error = root.error;
  if (typeof error === 'string') return { message: error, type: '', code: '' };
  const e = (error ?? root) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  return { message: str(e.message ?? root.detail), type: str(e.type), code: str(e.code) };
}

/** The model list of an OpenAI-style (`{data:[{id,owned_by}]}`) or Anthropic-style (`{data:[{id,type}]}`) answer. */
export function modelList(response: HttpResponse): ModelInfo[] | null {
  const body = jsonBody(response) as { data?: unknown } | undefined;
  if (!body || !Array.isArray(body.data)) return null;
  return body.data
    .filter((m): m is { id: string; owned_by?: unknown } => typeof (m as { id?: unknown })?.id === 'string')
    .map((m) => (typeof m.owned_by === 'string' ? { id: m.id, ownedBy: m.owned_by } : { id: m.id }));
}

export function looksLikeHtml(response: HttpResponse): boolean {
  return /text\/html/i.test(response.headers['content-type'] ?? '') || /^\s*<(!doctype|html)/i.test(response.body);
}

export function networkVerdict(error: NetError, what: string, notRunning: { reason: string; remedy: string }, deadlineMs: number): Verdict {
  switch (error.kind) {
    case 'refused':
      return { color: 'red', door: 'not-running', ...notRunning };
    case 'timeout':
      return { color: 'red', door: 'timeout', reason: `${what} did not answer completely within ${Math.round(deadlineMs / 100) / 10} s (it hangs or drips).`, remedy: `Check that ${what} is healthy; restart it if it is stuck.` };
    case 'reset':
      return { color: 'red', door: 'reset', reason: `${what} reset the connection mid-answer.`, remedy: `Restart ${what}; if it keeps happening, look at its logs.` };
    case 'dns':
      return { color: 'red', door: 'dns', reason: `The host of ${what} does not resolve from this machine.`, remedy: 'Check the host name in the route\'s baseUrl and your DNS or VPN.' };
    case 'unreachable':
      return { color: 'red', door: 'unreachable', reason: `${what} is unreachable from this machine (no route to the host).`, remedy: 'Check your network or VPN (e.g. the private network to the other machine).' };
    case 'tls':
      return { color: 'red', door: 'tls', reason: `${what}: ${error.message}.`, remedy: 'Check the URL scheme (http vs https) and any TLS-inspecting proxy.' };
    default:
      return { color: 'red', door: 'network', reason: `${what}: ${error.message}.`, remedy: 'Check the network and the route\'s baseUrl.' };
  }
}

/** A verdict for an answer a probe did not expect: an HTML page, invalid JSON, a server error, a redirect. */
export function unexpectedAnswer(response: HttpResponse, what: string): Verdict {
  const status = response.status;
  if (status >= 300 && status < 400) {
    return { color: 'red', door: 'redirect', reason: `${what} answered ${status} redirecting to ${response.headers.location ?? 'elsewhere'}; RouteLights does not follow redirects and neither will Droid's key.`, remedy: "Point the route's baseUrl at the final address." };
  }
  if (looksLikeHtml(response)) {
    return { color: 'red', door: 'html', reason: `${what} answered ${status} with an HTML page, not an API answer (a login portal, a proxy, or the wrong port?).`, remedy: "Check the route's baseUrl: it should reach the API itself." };
  }
  if (status >= 500) {
    return { color: 'red', door: 'server-error', reason: `${what} failed with ${status}: ${shortBody(response.body) || 'no body'}.`, remedy: `Look at ${what}'s logs; retry later.` };
  }
  if (status === 429) {
    return { color: 'red', door: 'rate-limited', reason: `${what} is rate-limiting (429): ${shortBody(response.body) || 'no body'}.`, remedy: 'Wait and retry; check the plan\'s limits.' };
  }
  if (response.truncated) {
    return { color: 'red', door: 'too-large', reason: `${what} sent more than RouteLights reads from a model list (${status}); the answer is not what an API sends.`, remedy: "Check the route's baseUrl points at the API." };
  }
  if (status >= 200 && status < 300) {
    return { color: 'red', door: 'bad-answer', reason: `${what} answered ${status} but not with a model list it can read: ${shortBody(response.body) || 'an empty body'}.`, remedy: "Check the route's baseUrl (an OpenAI-compatible API answers GET …/models with {\"data\":[…]})." };
  }
  return { color: 'red', door: `http-${status}`, reason: `${what} answered ${status}: ${shortBody(response.body) || 'no body'}.`, remedy: "Check the route's baseUrl and key." };
}

/** Model ids that differ from `model` only in dots, dashes, underscores or case (Copilot's dots vs Claude's dashes). */
export function nearMatches(model: string, models: readonly ModelInfo[]): string[] {
  const norm = (s: string) => s.toLowerCase().replace(/[._-]/g, '');
  return models.map((m) => m.id).filter((id) => id !== model && norm(id) === norm(model));
}

export function baseResult(target: ProbeTarget, verdict: Verdict, latencyMs: number | null): ProbeResult {
  return { ...verdict, surfaceId: target.surface.id, keyTag: target.keyTag, latencyMs, models: null, missingModels: {}, details: {}, notes: [], wire: {} };
}

export function bearer(target: ProbeTarget): Record<string, string> {
  return target.key.kind === 'value' ? { authorization: `Bearer ${target.key.value}` } : {};
}
