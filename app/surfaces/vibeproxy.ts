// VibeProxy (:8317, in front of its CLIProxyAPI engine on :8318). Only `GET /v1/models` is asked of
// 8317: every other path there is forwarded to an outside service. Tells apart: not running, engine
// down (502), key rejected, template key, up and listing; explains a missing model from the accounts.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { httpRequest } from './http.ts';
import { baseResult, bearer, errorFields, jsonBody, looksLikeHtml, modelList, nearMatches, networkVerdict, unexpectedAnswer } from './http-verdicts.ts';
import { nonLoopbackListeners } from './listen-scope.ts';
import type { ProbeContext, ProbeResult, ProbeTarget, SurfaceNote, VibeProxyOptions } from './probe-types.ts';
import { accountProblem, modelFamily, readAccounts, type Account } from './vibeproxy-accounts.ts';
import { managementNotes } from './vibeproxy-management.ts';

export const DEFAULT_ENGINE_PORT = 8318;

export function defaultAuthDir(home = homedir()): string {
  return join(home, '.cli-proxy-api');
}

/** Where VibeProxy's accounts and engine are: the defaults, or $ROUTELIGHTS_VIBEPROXY_AUTH_DIR / _ENGINE_PORT / _MANAGEMENT_KEY. */
export function vibeproxyOptionsFromEnv(env: NodeJS.ProcessEnv): VibeProxyOptions {
  const port = Number(env.ROUTELIGHTS_VIBEPROXY_ENGINE_PORT);
  const managementKey = env.ROUTELIGHTS_VIBEPROXY_MANAGEMENT_KEY;
  return {
    authDir: env.ROUTELIGHTS_VIBEPROXY_AUTH_DIR || defaultAuthDir(env.HOME || homedir()),
    enginePort: Number.isInteger(port) && port > 0 ? port : DEFAULT_ENGINE_PORT,
    ...(managementKey ? { managementKey } : {}),
  };
}

const HEADERS = { accept: 'application/json', 'user-agent': 'RouteLights' };

async function engineHealth(ctx: ProbeContext): Promise<string> {
  const out = await httpRequest(`http://127.0.0.1:${ctx.vibeproxy.enginePort}/healthz`, { deadlineMs: Math.min(ctx.deadlineMs, 2_000), headers: HEADERS, ...(ctx.dispatcher ? { dispatcher: ctx.dispatcher } : {}) });
  if (!out.ok) return `its engine on :${ctx.vibeproxy.enginePort} ${out.error.kind === 'refused' ? 'is not listening' : `does not answer (${out.error.message})`}`;
  return `its engine's /healthz on :${ctx.vibeproxy.enginePort} answered ${out.response.status}`;
}

function explainMissing(model: string, listed: ProbeResult['models'], accounts: Account[] | null, now: Date, authDir: string): { color: 'red'; reason: string; remedy: string } {
  const near = nearMatches(model, listed ?? []);
  if (near.length > 0) {
    return { color: 'red', reason: `VibeProxy does not list "${model}", but lists ${near.map((n) => `"${n}"`).join(', ')}.`, remedy: `Set the route's model to ${near[0]} (Claude subscription names use dashes, Copilot names use dots).` };
  }
  const family = modelFamily(model);
  const owners = [...new Set((listed ?? []).map((m) => m.ownedBy).filter(Boolean))].join(', ') || 'none';
  if (family && accounts) {
    const mine = accounts.filter((a) => family.types.includes(a.type));
    if (mine.length === 0) {
      return { color: 'red', reason: `VibeProxy does not list "${model}": no ${family.label} account is logged in (auth files in ${authDir}; listed providers: ${owners}).`, remedy: `Connect a ${family.label} account in VibeProxy's settings, then check again.` };
    }
    const problems = mine.map((a) => [a, accountProblem(a, now)] as const);
    if (problems.every(([, p]) => p !== null)) {
      return { color: 'red', reason: `VibeProxy does not list "${model}": its ${family.label} account${mine.length > 1 ? 's are' : ' is'} ${problems.map(([a, p]) => `${a.email ?? a.file} (${p})`).join(', ')}.`, remedy: `Re-connect the ${family.label} account in VibeProxy (or enable it again).` };
    }
  }
  return { color: 'red', reason: `VibeProxy does not list "${model}" (listed providers: ${owners}). A model drops out while every account serving it is benched after a 401/402/403/404 (30 min; 12 h for a 404).`, remedy: "Check the model name against VibeProxy's list; if it was listed before, wait or re-connect that account in VibeProxy." };
}

function accountNotes(accounts: Account[] | null, now: Date): SurfaceNote[] {
  return (accounts ?? []).flatMap((a) => {
    const problem = accountProblem(a, now);
    return problem ? [{ severity: 'warning' as const, message: `VibeProxy account ${a.type} ${a.email ?? a.file}: ${problem}.`, remedy: 'Re-connect it in VibeProxy\'s settings.' }] : [];
  });
}

async function listenNote(port: number): Promise<SurfaceNote[]> {
  const exposed = await nonLoopbackListeners(port).catch(() => null);
  if (!exposed || exposed.length === 0) return [];
  return [{ severity: 'warning', message: `Port ${port} listens beyond loopback (${[...new Set(exposed)].join(', ')}): the proxy, and the key for it, can be reached from the network.`, remedy: "Turn off VibeProxy's 'allow LAN connections' unless another machine needs it (VibeProxy 1.8.313+ binds 127.0.0.1 by default)." }];
}

export async function probeVibeProxy(target: ProbeTarget, ctx: ProbeContext, now = new Date()): Promise<ProbeResult> {
  const what = `VibeProxy at ${target.surface.origin}`;
  const url = `${target.surface.origin}/v1/models`;
  const out = await httpRequest(url, { deadlineMs: ctx.deadlineMs, headers: { ...HEADERS, ...bearer(target) }, ...(ctx.dispatcher ? { dispatcher: ctx.dispatcher } : {}) });
  const port = Number(new URL(target.surface.origin).port || 80);
  if (!out.ok) {
    const notRunning = { reason: `VibeProxy is not running: nothing listens on ${new URL(target.surface.origin).host}.`, remedy: 'Start VibeProxy (menu bar icon → Start Server), or check the port in the route\'s baseUrl.' };
    return baseResult(target, networkVerdict(out.error, what, notRunning, ctx.deadlineMs), null);
  }
  const res = out.response;
  const [accounts, exposed, management] = await Promise.all([readAccounts(ctx.vibeproxy.authDir), listenNote(port), managementNotes(ctx)]);
  const notes = [...exposed, ...accountNotes(accounts, now), ...management];
  const result = (verdict: Parameters<typeof baseResult>[1]) => ({ ...baseResult(target, verdict, res.latencyMs), notes });
  if (res.status === 502 && !looksLikeHtml(res) && /^\s*bad gateway\s*$/i.test(res.body)) {
    const engine = await engineHealth(ctx);
    return result({ color: 'red', door: 'engine-down', reason: `VibeProxy is running but its CLIProxyAPI engine is not answering (502 Bad Gateway; ${engine}).`, remedy: "Restart the server from VibeProxy's menu (Stop, then Start); if it keeps failing, quit and reopen VibeProxy." });
  }
  const error = errorFields(jsonBody(res));
  if (res.status === 401) {
    const missing = /missing/i.test(error.message);
    return result({ color: 'red', door: 'key-rejected', reason: missing ? 'VibeProxy requires a key and the route sends none ("Missing API key").' : `VibeProxy rejected the route's key ("${error.message || 'Invalid API key'}").`, remedy: "Set the route's apiKey to one of the api-keys of VibeProxy's engine (as a ${VAR} reference kept in the Keychain)." });
  }
  if (res.status === 403 && /unsafe_example_api_key/.test(res.body)) {
    return result({ color: 'red', door: 'template-key', reason: 'VibeProxy refuses the example key "your-api-key-…" from its template config (403 unsafe_example_api_key).', remedy: 'Configure a real key in the engine\'s api-keys and use it in the route.' });
  }
  const models = res.status === 200 ? modelList(res) : null;
  if (!models) return result(unexpectedAnswer(res, what));
  const listed = new Set(models.map((m) => m.id));
  const missingModels: ProbeResult['missingModels'] = {};
  for (const model of target.wantedModels) if (!listed.has(model)) missingModels[model] = explainMissing(model, models, accounts, now, ctx.vibeproxy.authDir);
  const summary = accounts ? `; ${accounts.length} account(s) in ${ctx.vibeproxy.authDir}` : '';
  const warning = notes.find((n) => n.severity === 'warning');
  return {
    ...result(warning
      ? { color: 'yellow', door: 'up', reason: `VibeProxy is up and lists ${models.length} model(s)${summary}, but: ${warning.message}`, remedy: warning.remedy }
      : { color: 'green', door: 'up', reason: `VibeProxy is up and lists ${models.length} model(s)${summary}.`, remedy: 'Nothing to do.' }),
    models,
    missingModels,
    details: { engine: res.headers['x-cpa-version'] ?? 'unknown', ...(accounts ? { accounts: accounts.map((a) => `${a.type}:${a.email ?? a.file}${accountProblem(a, now) ? ` (${accountProblem(a, now)})` : ''}`).join(', ') } : {}) },
  };
}

