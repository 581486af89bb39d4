// Direct provider endpoints (Z.AI, Kimi, any OpenAI- or Anthropic-compatible API): the cheapest request
// that checks reachability and the key without spending quota, the model list under the route's
// baseUrl, with each provider's documented error bodies mapped to their own doors.
import { httpRequest } from './http.ts';
import { baseResult, errorFields, jsonBody, modelList, nearMatches, networkVerdict, unexpectedAnswer } from './http-verdicts.ts';
import type { ProbeContext, ProbeResult, ProbeTarget } from './probe-types.ts';
import { knownProviderVerdict } from './provider-errors.ts';

const NAMES: Record<string, string> = { zai: 'Z.AI', kimi: 'Kimi', 'openai-compatible': 'the endpoint', 'anthropic-compatible': 'the endpoint' };

function listRequest(target: ProbeTarget): { url: string; headers: Record<string, string> } {
  const base = target.baseUrl.trim().replace(/\/+$/, '');
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'RouteLights' };
  const key = target.key.kind === 'value' ? target.key.value : undefined;
  if (target.provider === 'anthropic') {
    if (key) headers['x-api-key'] = key;
    if (key) headers.authorization = `Bearer ${key}`;
    headers['anthropic-version'] = '2023-06-01';
    return { url: `${base}/v1/models`, headers };
  }
  if (key) headers.authorization = `Bearer ${key}`;
  return { url: `${base}/models`, headers };
}

export async function probeDirect(target: ProbeTarget, ctx: ProbeContext): Promise<ProbeResult> {
  const name = NAMES[target.surface.kind] ?? 'the endpoint';
  const what = `${name} at ${target.surface.origin}`;
  const { url, headers } = listRequest(target);
  const out = await httpRequest(url, { deadlineMs: ctx.deadlineMs, headers, ...(ctx.dispatcher ? { dispatcher: ctx.dispatcher } : {}) });
  if (!out.ok) {
    const notRunning = { reason: `Nothing listens at ${target.surface.origin} (connection refused).`, remedy: "Check the host and port in the route's baseUrl, and whether the service runs." };
    return baseResult(target, networkVerdict(out.error, what, notRunning, ctx.deadlineMs), null);
  }
  const res = out.response;
  const body = jsonBody(res);
  const known = res.status !== 200 ? knownProviderVerdict(target.surface.kind, res.status, body, errorFields(body)) : null;
  if (known) return baseResult(target, known, res.latencyMs);
  if (res.status === 401 || res.status === 403) {
    const error = errorFields(body);
    return baseResult(target, { color: 'red', door: res.status === 401 ? 'key-rejected' : 'forbidden', reason: `${name} refused the key (${res.status}${error.message ? `: "${error.message.slice(0, 120)}"` : ''}).`, remedy: target.key.kind === 'value' ? "Check the route's key for this endpoint (and that it belongs to the right plan)." : "The route sends no key: set its apiKey (as a ${VAR} reference)." }, res.latencyMs);
  }
  if (res.status === 404 || res.status === 405) {
    return baseResult(target, { color: 'yellow', door: 'no-model-list', reason: `${name} is reachable but has no model list at ${new URL(url).pathname} (${res.status}), so the key and model are not checked here.`, remedy: 'Run a sentinel: it proves the route end to end.' }, res.latencyMs);
  }
  const models = res.status === 200 ? modelList(res) : null;
  if (!models) return baseResult(target, unexpectedAnswer(res, what), res.latencyMs);
  const missingModels: ProbeResult['missingModels'] = {};
  for (const model of target.wantedModels) {
    if (models.some((m) => m.id === model)) continue;
    const near = nearMatches(model, models);
    missingModels[model] = near.length
      ? { color: 'red', reason: `${name} does not list "${model}" but lists "${near[0]}".`, remedy: `Set the route's model to ${near[0]}.` }
      : { color: 'yellow', reason: `${name} answers but does not list "${model}"${target.surface.kind === 'zai' ? " (Z.AI's list has been seen to miss served models)" : ''}.`, remedy: 'Run a sentinel to prove it, or check the model name.' };
  }
  return { ...baseResult(target, { color: 'green', door: 'up', reason: `${name} is reachable, accepts the key, and lists ${models.length} model(s).`, remedy: 'Nothing to do.' }, res.latencyMs), models, missingModels };
}
