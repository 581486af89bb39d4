// The smallest real request a route makes (one token, no stream, at the URL and with the headers Droid
// uses: wire.ts), asked only after Droid has failed or stalled on that route: Droid says just "Exec
// failed", the provider's own error body says which door.
import { httpRequest } from './http.ts';
import { errorFields, jsonBody, networkVerdict, shortBody, unexpectedAnswer } from './http-verdicts.ts';
import type { ProbeContext, ProbeTarget, Verdict } from './probe-types.ts';
import { knownProviderVerdict } from './provider-errors.ts';
import { isProvider, wireHeaders, wireUrl } from './wire.ts';

function request(target: ProbeTarget, model: string): { url: string; headers: Record<string, string>; body: string } {
  const provider = isProvider(target.provider) ? target.provider : 'generic-chat-completion-api';
  // A target exists only for an http(s) baseUrl, so the URL always builds.
  const url = wireUrl(target.baseUrl, provider)!;
  const headers = { 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'RouteLights', ...wireHeaders(provider, target.key) };
  if (provider === 'anthropic') return { url, headers, body: JSON.stringify({ model, max_tokens: 1, messages: [{ role: 'user', content: 'ping' }] }) };
  if (provider === 'openai') return { url, headers, body: JSON.stringify({ model, input: 'ping', max_output_tokens: 16 }) };
  return { url, headers, body: JSON.stringify({ model, max_tokens: 1, stream: false, messages: [{ role: 'user', content: 'ping' }] }) };
}

/** Null when the completion works; else the door it hit. */
export async function completionCheck(target: ProbeTarget, model: string, ctx: ProbeContext): Promise<Verdict | null> {
  const { url, headers, body } = request(target, model);
  const what = `${target.surface.origin} (a one-token completion)`;
  const out = await httpRequest(url, { method: 'POST', headers, body, deadlineMs: ctx.deadlineMs, ...(ctx.dispatcher ? { dispatcher: ctx.dispatcher } : {}) });
  if (!out.ok) return networkVerdict(out.error, what, { reason: `Nothing listens at ${target.surface.origin}.`, remedy: "Start the service, or check the route's baseUrl." }, ctx.deadlineMs);
  const res = out.response;
  if (res.status >= 200 && res.status < 300) return null;
  const parsed = jsonBody(res);
  const error = errorFields(parsed);
  const known = knownProviderVerdict(target.surface.kind, res.status, parsed, error);
  if (known) return known;
  if (res.status === 401) return { color: 'red', door: 'key-rejected', reason: `The upstream rejected the key on a completion (401: ${shortBody(error.message || res.body) || 'no body'}).`, remedy: "Check the route's key for this endpoint." };
  if (res.status === 403) return { color: 'red', door: 'forbidden', reason: `The upstream refused the completion (403: ${shortBody(error.message || res.body) || 'no body'}).`, remedy: 'Check the account, plan or allowlist behind this key.' };
  if (res.status === 404 || (res.status === 400 && /model/i.test(error.message))) return { color: 'red', door: 'unknown-model', reason: `The upstream does not serve "${model}" (${res.status}: ${shortBody(error.message || res.body)}).`, remedy: "Fix the route's model." };
  if (res.status === 429) return { color: 'red', door: 'rate-limited', reason: `The upstream is rate-limiting or out of quota (429: ${shortBody(error.message || res.body) || 'no body'}).`, remedy: 'Wait, or check the plan and balance.' };
  return unexpectedAnswer(res, what);
}
