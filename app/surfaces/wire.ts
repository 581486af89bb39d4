// The request Droid makes for a route, so that a light is evidence about what Droid will really call.
// Measured with Droid 0.225.2 against a server that logs every request (docs/droid-notes.md, "What Droid
// puts on the wire"; test/integration/droid-wire.test.ts re-checks it): one POST to the baseUrl with its
// trailing slashes removed plus a suffix per provider (never de-duplicated: an Anthropic route ending in
// /v1 calls /v1/v1/messages); `Authorization: Bearer` for the OpenAI shapes, `x-api-key` with
// `anthropic-version` for Anthropic, and no auth header at all when the key is empty.
import type { Provider } from '../model/route.ts';
import { PROVIDERS } from '../model/route.ts';
import type { ResolvedKey } from '../secrets/resolve.ts';

export const WIRE_SUFFIX: Record<Provider, string> = { 'generic-chat-completion-api': '/chat/completions', openai: '/responses', anthropic: '/v1/messages' };

export const ANTHROPIC_VERSION = '2023-06-01';

export function isProvider(provider: string | undefined): provider is Provider {
  return (PROVIDERS as readonly string[]).includes(provider ?? '');
}

/** The URL Droid posts to, or null when the provider is not one Droid knows or the URL is not http(s). */
export function wireUrl(baseUrl: string | undefined, provider: string | undefined): string | null {
  if (!baseUrl || !isProvider(provider)) return null;
  const base = baseUrl.trim().replace(/\/+$/, '');
  try {
    const url = new URL(base + WIRE_SUFFIX[provider]);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The auth headers Droid sends with that request. */
export function wireHeaders(provider: string | undefined, key: ResolvedKey): Record<string, string> {
  const value = key.kind === 'value' ? key.value : undefined;
  if (provider === 'anthropic') return { 'anthropic-version': ANTHROPIC_VERSION, ...(value ? { 'x-api-key': value } : {}) };
  return value ? { authorization: `Bearer ${value}` } : {};
}

/** What a person should change when the path Droid builds does not exist. */
export function wireRemedy(baseUrl: string, provider: Provider): string {
  const path = new URL(baseUrl.trim()).pathname.replace(/\/+$/, '');
  const endpoint = Object.values(WIRE_SUFFIX).find((suffix) => path.endsWith(suffix));
  if (endpoint) return `Remove ${endpoint} from the baseUrl: Droid appends ${WIRE_SUFFIX[provider]} itself.`;
  if (provider === 'anthropic' && path.endsWith('/v1')) return 'Remove the trailing /v1 from the baseUrl: for provider "anthropic" Droid appends /v1/messages itself.';
  if (provider !== 'anthropic' && !/\/v\d+[a-z]*(\/|$)/.test(path)) return `Add the API version the surface serves to the baseUrl (often /v1): Droid appends ${WIRE_SUFFIX[provider]} to it as written.`;
  return `Check the baseUrl and the provider: Droid appends ${WIRE_SUFFIX[provider]} to the baseUrl for provider "${provider}"; the surface's documentation names the right base.`;
}
