// The documented error bodies of the direct providers (../shared/reference/providers.md), each mapped to
// its own door, reason and remedy. Never suggests changing the client's User-Agent.
import type { Verdict } from './probe-types.ts';

const ZAI_CODES: Record<string, Omit<Verdict, 'color'>> = {
  '1113': { door: 'balance', reason: 'Z.AI says the balance is exhausted or there is no resource package (1113).', remedy: 'Recharge; or, if you have the GLM Coding Plan, you are on the generic endpoint: use https://api.z.ai/api/coding/paas/v4.' },
  '1302': { door: 'rate-limited', reason: 'Z.AI concurrency limit reached (1302).', remedy: 'Slow down and retry later.' },
  '1303': { door: 'rate-limited', reason: 'Z.AI request frequency limit reached (1303).', remedy: 'Slow down and retry later.' },
  '1305': { door: 'rate-limited', reason: 'Z.AI traffic limit reached (1305).', remedy: 'Slow down and retry later.' },
  '1308': { door: 'usage-limit', reason: 'Z.AI 5-hour usage limit reached (1308)', remedy: 'Wait until the reset time Z.AI names.' },
  '1309': { door: 'plan-expired', reason: 'The Z.AI plan has expired (1309).', remedy: 'Renew the GLM Coding Plan.' },
  '1310': { door: 'usage-limit', reason: 'Z.AI weekly or monthly limit reached (1310).', remedy: 'Wait for the period to reset.' },
  '1311': { door: 'model-not-in-plan', reason: 'This model is not in your Z.AI plan (1311).', remedy: "Set the route's model to one the plan includes (e.g. glm-5.1, glm-4.7)." },
  '1313': { door: 'fair-use', reason: 'Z.AI reports a fair-use violation (1313).', remedy: "See Z.AI's terms; contact Z.AI support." },
  '1211': { door: 'unknown-model', reason: 'Z.AI does not know this model (1211).', remedy: "Fix the route's model (lower-case wire ids such as glm-5.1)." },
};

/** Z.AI: the code is in `error.code` on the OpenAI-style endpoints and in `error.type` on the Anthropic one. */
export function zaiVerdict(status: number, error: { message: string; type: string; code: string }): Verdict | null {
  const code = /^\d{4}$/.test(error.code) ? error.code : /^\d{4}$/.test(error.type) ? error.type : '';
  const known = ZAI_CODES[code];
  if (known) return { color: 'red', ...known, reason: code === '1308' && error.message ? `${known.reason}: ${error.message}` : known.reason };
  if (status === 401 || error.code === '401') return { color: 'red', door: 'key-rejected', reason: `Z.AI rejected the key as expired or wrong (401${error.message ? `: "${error.message}"` : ''}).`, remedy: "Create a new API key in Z.AI's console and put it in the route (as a ${VAR} reference)." };
  return null;
}

/** Kimi For Coding: one `access_terminated_error` type for the allowlist gate and for quota limits; the message tells them apart. */
export function kimiVerdict(status: number, body: unknown, error: { message: string; type: string }): Verdict | null {
  const msg = error.message;
  if (error.type === 'access_terminated_error') {
    if (/coding agents|only available for/i.test(msg)) {
      return { color: 'red', door: 'client-gate', reason: 'Kimi refuses this client: its coding endpoint is only open to allowlisted coding agents (403 access_terminated_error). This is not a bad key.', remedy: "Route Kimi through VibeProxy's Kimi OAuth (http://localhost:8317/v1), or try provider \"anthropic\" with https://api.kimi.com/coding. The gate has also refused allowlisted clients for a day at times." };
    }
    if (/quota|limit|usage|billing|cycle/i.test(msg)) {
      return { color: 'red', door: 'quota', reason: `Kimi quota reached (403 access_terminated_error: "${msg.slice(0, 140)}").`, remedy: 'Wait for the 5-hour, weekly or billing-cycle window to reset, or upgrade the plan.' };
    }
    if (/subscription|access/i.test(msg)) {
      return { color: 'red', door: 'no-subscription', reason: `The Kimi subscription has no access to this (403: "${msg.slice(0, 140)}").`, remedy: 'Check the Kimi For Coding subscription on this account.' };
    }
  }
  if (error.type === 'permission_error' || (body as { type?: string } | undefined)?.type === 'error' && /terminated/i.test(msg)) {
    return { color: 'red', door: 'account-banned', reason: `Kimi terminated access for this account ("${msg.slice(0, 140)}").`, remedy: "Review Kimi's Community Guidelines and contact Kimi support." };
  }
  if (status === 401) return { color: 'red', door: 'key-rejected', reason: `Kimi rejected the key (401${msg ? `: "${msg.slice(0, 100)}"` : ''}).`, remedy: 'Create a new key (sk-kimi-…) in the Kimi console, or use VibeProxy\'s Kimi OAuth.' };
  return null;
}

/**
 * A provider's documented error for any surface kind when its body is unmistakable (Z.AI's four-digit
 * codes, Kimi's error types): a relay in front of Z.AI or Kimi passes their bodies through. Generic
 * readings (a bare 401) stay with the surface's own kind.
 */
export function knownProviderVerdict(kind: string, status: number, body: unknown, error: { message: string; type: string; code: string }): Verdict | null {
  if (kind === 'zai') return zaiVerdict(status, error);
  if (kind === 'kimi') return kimiVerdict(status, body, error);
  if (ZAI_CODES[error.code] || ZAI_CODES[error.type]) return zaiVerdict(status, error);
  if (error.type === 'access_terminated_error' || error.type === 'permission_error') return kimiVerdict(status, body, error);
  return null;
}
