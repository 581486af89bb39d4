// A LiteLLM proxy: liveness without a key, readiness details, then `GET /v1/models` with the route's
// key. Tells apart: down, key rejected (401, or 400 "No connected db." when the proxy has no database),
// no key sent, model alias not configured, up. docs/litellm-notes.md has what was measured.
import { httpRequest } from './http.ts';
import { baseResult, bearer, errorFields, jsonBody, modelList, networkVerdict, unexpectedAnswer } from './http-verdicts.ts';
import type { ProbeContext, ProbeResult, ProbeTarget } from './probe-types.ts';

const HEADERS = { accept: 'application/json', 'user-agent': 'RouteLights' };

export async function probeLiteLlm(target: ProbeTarget, ctx: ProbeContext): Promise<ProbeResult> {
  const origin = target.surface.origin;
  const what = `LiteLLM at ${origin}`;
  const common = { deadlineMs: ctx.deadlineMs, ...(ctx.dispatcher ? { dispatcher: ctx.dispatcher } : {}) };
  const live = await httpRequest(`${origin}/health/liveliness`, { ...common, headers: HEADERS });
  if (!live.ok) {
    const notRunning = { reason: `LiteLLM is not running: nothing listens on ${new URL(origin).host}.`, remedy: 'Start the proxy (litellm --config …) or check the host and port in the route\'s baseUrl; from another machine, check the private network.' };
    return baseResult(target, networkVerdict(live.error, what, notRunning, ctx.deadlineMs), null);
  }
  if (live.response.status === 503) {
    return baseResult(target, { color: 'red', door: 'shutting-down', reason: 'LiteLLM is shutting down (503 on /health/liveliness).', remedy: 'Wait for it to stop and start it again.' }, live.response.latencyMs);
  }
  if (live.response.status !== 200) return baseResult(target, unexpectedAnswer(live.response, `${what} (/health/liveliness)`), live.response.latencyMs);

  const [ready, listed] = await Promise.all([
    httpRequest(`${origin}/health/readiness`, { ...common, headers: HEADERS }),
    httpRequest(`${origin}/v1/models`, { ...common, headers: { ...HEADERS, ...bearer(target) } }),
  ]);
  const details: Record<string, string> = {};
  if (ready.ok) {
    const r = (jsonBody(ready.response) ?? {}) as Record<string, unknown>;
    for (const k of ['status', 'db', 'litellm_version'] as const) if (typeof r[k] === 'string') details[k === 'litellm_version' ? 'version' : k] = r[k] as string;
  }
  if (!listed.ok) return { ...baseResult(target, networkVerdict(listed.error, what, { reason: `${what} stopped answering between two requests.`, remedy: 'Check whether it is restarting.' }, ctx.deadlineMs), null), details };
  const res = listed.response;
  const error = errorFields(jsonBody(res));
  const withDetails = (verdict: Parameters<typeof baseResult>[1]) => ({ ...baseResult(target, verdict, res.latencyMs), details });
  if (target.key.kind !== 'value' && res.status !== 200) {
    return withDetails({ color: 'red', door: 'no-key', reason: `LiteLLM needs a key and the route sends none (${res.status}${error.message ? `: "${error.message}"` : ''}).`, remedy: "Set the route's apiKey to the proxy key (LITELLM_MASTER_KEY or a virtual key), as a ${VAR} reference." });
  }
  if (res.status === 401 || (res.status === 400 && (error.type === 'no_db_connection' || /no connected db/i.test(error.message)))) {
    const noDb = res.status === 400;
    return withDetails({ color: 'red', door: 'key-rejected', reason: noDb ? 'LiteLLM rejected the route\'s key: the proxy has no database, so only its master key works ("No connected db.").' : `LiteLLM rejected the route's key (${error.type || '401'}${error.message ? `: "${error.message}"` : ''}).`, remedy: "Use the proxy's master key (LITELLM_MASTER_KEY) or a valid virtual key in the route's apiKey." });
  }
  const models = res.status === 200 ? modelList(res) : null;
  if (!models) return withDetails(unexpectedAnswer(res, what));
  const aliases = models.map((m) => m.id);
  const missingModels: ProbeResult['missingModels'] = {};
  for (const model of target.wantedModels) {
    if (!aliases.includes(model)) missingModels[model] = { color: 'red', reason: `LiteLLM has no model alias "${model}" for this key (configured: ${aliases.join(', ') || 'none'}).`, remedy: `Add a "model_name: ${model}" entry to the proxy's model_list, or set the route's model to one of the configured aliases.` };
  }
  return { ...withDetails({ color: 'green', door: 'up', reason: `LiteLLM is up and lists ${aliases.length} alias(es) for this key.`, remedy: 'Nothing to do.' }), models, missingModels };
}
