// The values of a route that authenticate besides its apiKey: extraHeaders values whose names look like
// credentials, the user part of its baseUrl, and any field the user marks (ROUTELIGHTS_SECRET_FIELDS).
// Each is shown only as where it sits, never as its value (docs/droid-notes.md: what Droid does with them).
import { expandReferences, referenceNames } from './key-name.ts';
import { keyKind, type Route, type SecretField } from './route.ts';

/** The words that make a header or query parameter name a credential's, as whole parts of the name. */
const CREDENTIAL_WORDS = new Set(['auth', 'authorization', 'token', 'key', 'apikey', 'secret', 'cookie', 'session', 'password', 'passwd', 'pass', 'credential', 'credentials', 'signature', 'sig', 'bearer']);

/** X-Api-Key, Authorization, X-Session-Token, access_token, apiKey… but not X-Max-Tokens or design. */
function isCredentialName(name: string): boolean {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .some((part) => CREDENTIAL_WORDS.has(part));
}

/** A value that could authenticate: not a number, a boolean or a short word (`true`, `8192`, `default`). */
function couldBeSecret(value: string): boolean {
  const v = value.trim();
  return v.length >= 6 && !/^(true|false|null|-?\d+(\.\d+)?)$/i.test(v) && (/\d/.test(v) || v.length >= 16);
}

/** Key shapes providers hand out; a value with one of these prefixes is a key unless it says it is not. */
const KEY_PREFIX = /^(sk|ak|pk|rk|csk|sk_live|sk-ant|sk-or|sk-proj|sk-cp|ghp|gho|github_pat|xox[bp]|AIza|eyJ|key|glm|zai|kimi|ms)[-_]/i;
const NOT_A_KEY = /dummy|placeholder|example|changeme|your[-_]?key|not[-_]?needed|not[-_]?used|unused|none|x{4,}/i;

/**
 * Whether a value written as apiKey can be a real key: a provider's key shape, or a long value mixing
 * letters and digits. `dummy`, `sk-dummy`, `ollama`, `local`, `not-needed`, `lm-studio` cannot.
 */
function looksLikeKey(value: string): boolean {
  const v = value.trim();
  if (NOT_A_KEY.test(v) || /\s/.test(v)) return false;
  if (KEY_PREFIX.test(v) && v.length >= 12) return true;
  return v.length >= 20 && /[A-Za-z]/.test(v) && /\d/.test(v);
}

/**
 * Whether an extraHeaders header is the one Droid sends the apiKey in, and so replaces it (measured: an
 * `Authorization` on OpenAI-style routes, an `X-Api-Key` on anthropic ones; any other goes out beside it).
 */
export function replacesApiKey(provider: string | undefined, header: string): boolean {
  return provider === 'anthropic' ? /^x-api-key$/i.test(header) : /^authorization$/i.test(header);
}

/** What stands in for a secret value in any text (the redactor's mark, and a shown URL's user part). */
export const REDACTED = '‹redacted›';

/** The route's extraHeaders that hold `${NAME}` references, which Droid sends as text (only apiKey is expanded). */
export function headerReferences(route: Route): Array<[header: string, value: string]> {
  const headers = route.extra.extraHeaders;
  if (!headers || typeof headers !== 'object' || Array.isArray(headers)) return [];
  return Object.entries(headers).filter((e): e is [string, string] => typeof e[1] === 'string' && referenceNames(e[1]).length > 0);
}

/** An apiKey that holds a key in the file itself: written in clear, and key-shaped (a placeholder is none). */
export function holdsPlainKey(apiKey: string | undefined): boolean {
  return keyKind(apiKey).kind === 'plain' && looksLikeKey(apiKey!);
}

/** `${NAME}` references and an auth scheme word only ("Bearer ${TOKEN}"): names, not secrets. */
function holdsOnlyReferences(value: string): boolean {
  return referenceNames(value).length > 0 && expandReferences(value, () => '').replace(/^\s*(?:bearer|basic|token)\s+/i, '').trim() === '';
}

/** A URL's user part (`scheme://user:password@`), up to the authority's last @ as URL parsers read it. */
const USER_PART = String.raw`\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#"'<>]+)@`;
/** A query parameter (`?name=value`, `&name=value`). */
const QUERY_PARAM = /([?&])([^=&#\s"']+)=([^&#\s"']+)/g;

/** The user part of a URL (`user:password`), or null. */
export function urlCredentials(raw: string | undefined): string | null {
  return raw === undefined ? null : (new RegExp(`^${USER_PART}`, 'i').exec(raw.trim())?.[2] ?? null);
}

/** The values of a URL's query parameters whose names are a credential's (`?api_key=…`, `&access_token=…`). */
function queryCredentials(raw: string | undefined): string[] {
  return raw === undefined ? [] : [...raw.matchAll(QUERY_PARAM)].filter((m) => isCredentialName(m[2]!) && !m[3]!.startsWith('‹')).map((m) => m[3]!);
}

/** Any text with every URL's user part and credential query values replaced (the redactor's URL rule, and how a baseUrl is shown). */
export function hideUrlSecrets(text: string): string {
  return text.replace(new RegExp(USER_PART, 'gi'), `$1${REDACTED}@`).replace(QUERY_PARAM, (all, sep: string, name: string, value: string) => (isCredentialName(name) && !value.startsWith('‹') ? `${sep}${name}=${REDACTED}` : all));
}

/** A URL without its user part and credential query parameters: what a profile carries (Droid drops a user part anyway). */
export function withoutUrlSecrets(raw: string): string {
  const credentials = urlCredentials(raw);
  const bare = credentials === null ? raw : raw.replace(`${credentials}@`, '');
  return bare.replace(QUERY_PARAM, (all, sep: string, name: string) => (isCredentialName(name) ? (sep === '?' ? '?' : '') : all)).replace(/\?&/, '?').replace(/\?$/, '');
}

/** Field names the user marks as secret: ROUTELIGHTS_SECRET_FIELDS="X-Org-Token,clientSecret" (names, any depth, any case). */
export function markedSecretNames(env: NodeJS.ProcessEnv): string[] {
  return (env.ROUTELIGHTS_SECRET_FIELDS ?? '').split(',').map((n) => n.trim().toLowerCase()).filter(Boolean);
}

function walk(value: unknown, path: string[], marked: readonly string[], out: SecretField[]): void {
  if (typeof value === 'string') {
    if (marked.includes(path.at(-1)!.toLowerCase())) out.push({ path, kind: 'marked', value });
    return;
  }
  if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k], marked, out);
}

/** Every secret a route holds beyond apiKey, with its value (for the redactor, lint and keys move only). */
export function findSecretFields(route: Route, marked: readonly string[]): SecretField[] {
  const out: SecretField[] = [];
  const credentials = urlCredentials(route.baseUrl);
  if (credentials !== null) out.push({ path: ['baseUrl'], kind: 'url', value: credentials });
  for (const value of queryCredentials(route.baseUrl)) out.push({ path: ['baseUrl'], kind: 'url', value });
  const headers = route.extra.extraHeaders;
  if (headers && typeof headers === 'object' && !Array.isArray(headers)) {
    for (const [name, value] of Object.entries(headers)) {
      if (typeof value === 'string' && (marked.includes(name.toLowerCase()) || (isCredentialName(name) && couldBeSecret(value)))) out.push({ path: ['extraHeaders', name], kind: 'header', value });
    }
  }
  for (const [name, value] of Object.entries(route.extra)) if (name !== 'extraHeaders') walk(value, [name], marked, out);
  return out;
}

/** The secrets found when the route was read (with the user's marked names), else found now by name alone. */
export function secretFieldsOf(route: Route): SecretField[] {
  return route.secrets ?? findSecretFields(route, []);
}

/** A secret written in the file itself (not only `${NAME}` references). */
export function isPlainSecret(field: SecretField): boolean {
  return !holdsOnlyReferences(field.value);
}
