// Does the path Droid posts to exist? A POST of `{}` (no model, so no proxy can forward it upstream and
// no token is spent) to the exact URL Droid builds, with the headers Droid sends. Measured on the real
// CLIProxyAPI and LiteLLM (docs/surfaces-notes.md): a path that does not exist answers 404 whatever the
// key, an existing one 400/401/422/500; 405 means Droid's POST is refused there too.
import { httpRequest } from './http.ts';
import type { ProbeContext, ProbeTarget, WireCheck, WireTarget } from './probe-types.ts';
import { wireHeaders, wireRemedy } from './wire.ts';

export const WIRE_CHECK_TTL_MS = 10 * 60_000;

async function checkOne(target: ProbeTarget, wire: WireTarget, ctx: ProbeContext): Promise<WireCheck | null> {
  const headers = { 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'RouteLights', ...wireHeaders(wire.provider, target.key) };
  const out = await httpRequest(wire.url, { method: 'POST', headers, body: '{}', deadlineMs: ctx.deadlineMs, maxBytes: 64 * 1024, ...(ctx.dispatcher ? { dispatcher: ctx.dispatcher } : {}) });
  if (!out.ok) return null;
  const { status } = out.response;
  const path = new URL(wire.url).pathname;
  if (status === 404 || status === 405) {
    return { ok: false, status, reason: `Droid will call POST ${path} on ${target.surface.origin} for this route, and the surface answers ${status} there: ${status === 404 ? 'no such path' : 'POST is not allowed there'}.`, remedy: wireRemedy(wire.baseUrl, wire.provider) };
  }
  return { ok: true, status, reason: `POST ${path} exists (${status} to an empty request).`, remedy: 'Nothing to do.' };
}

/** Checks each distinct wire URL of a target, reusing recent checks; a check that could not tell is left out. */
export async function checkWire(target: ProbeTarget, ctx: ProbeContext, now = Date.now()): Promise<Record<string, WireCheck>> {
  const out: Record<string, WireCheck> = {};
  await Promise.all(
    target.wire.map(async (wire) => {
      const cacheKey = `${wire.url}|${wire.provider}|${target.keyTag}`;
      const cached = ctx.wireChecks?.get(cacheKey);
      if (cached && now - cached.at < WIRE_CHECK_TTL_MS) return void (out[wire.url] = cached.check);
      const check = await checkOne(target, wire, ctx);
      if (!check) return;
      ctx.wireChecks?.set(cacheKey, { check, at: now });
      out[wire.url] = check;
    }),
  );
  return out;
}
