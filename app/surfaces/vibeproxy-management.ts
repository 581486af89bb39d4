// CLIProxyAPI's management API, asked only when the user gave a management key, and never again after
// a 401 in this session: five wrong keys from one address (loopback included) ban it for 30 minutes.
// It is asked on the engine's port, never on VibeProxy's 8317 (which forwards such paths outside).
import { httpRequest } from './http.ts';
import { jsonBody } from './http-verdicts.ts';
import type { ProbeContext, SurfaceNote } from './probe-types.ts';

/** Why a rejected management key is never tried again in a session. */
export const MANAGEMENT_KEY_REJECTED = 'The management key was rejected; RouteLights will not try it again this session (five wrong keys ban this machine for 30 minutes).';

interface AuthFileStatus {
  name?: string;
  email?: string;
  status?: string;
  status_message?: string;
  unavailable?: boolean;
  next_retry_after?: string;
}

export async function managementNotes(ctx: ProbeContext): Promise<SurfaceNote[]> {
  const key = ctx.vibeproxy.managementKey;
  if (!key || ctx.rejectedManagementKeys.has(key)) return [];
  const out = await httpRequest(`http://127.0.0.1:${ctx.vibeproxy.enginePort}/v0/management/auth-files`, {
    deadlineMs: Math.min(ctx.deadlineMs, 3_000),
    headers: { authorization: `Bearer ${key}`, accept: 'application/json' },
    ...(ctx.dispatcher ? { dispatcher: ctx.dispatcher } : {}),
  });
  if (!out.ok) return [];
  const { status } = out.response;
  if (status === 401 || status === 403) {
    ctx.rejectedManagementKeys.add(key);
    return [{ severity: 'warning', message: MANAGEMENT_KEY_REJECTED, remedy: "Check the engine's remote-management secret-key and set the key again." }];
  }
  if (status === 404) return [{ severity: 'info', message: "The engine's management API is off (VibeProxy ships it off).", remedy: 'Nothing to do; account health comes from the auth files.' }];
  const files = ((jsonBody(out.response) as { files?: AuthFileStatus[] } | undefined)?.files ?? []).filter((f) => f.unavailable || (f.status && f.status !== 'active'));
  return files.map((f) => ({ severity: 'warning' as const, message: `Account ${f.email ?? f.name ?? '?'}: ${f.status_message ?? f.status ?? 'unavailable'}${f.next_retry_after ? ` (retry after ${f.next_retry_after})` : ''}.`, remedy: 'Re-connect or wait for that account in VibeProxy.' }));
}
