// The values of a route that authenticate besides its apiKey: extraHeaders values whose names look like
// credentials, the user part of its baseUrl, and any field the user marks (ROUTELIGHTS_SECRET_FIELDS).
// Each is shown only as where it sits, never as its value (docs/droid-notes.md: what Droid does with them).
import { expandReferences, referenceNames } from './key-name.ts';
import type { Route, SecretField } from './route.ts';

/** Header and field names that carry a credential (X-Api-Key, Authorization, X-Session-Token, Cookie…). */
export const CREDENTIAL_NAME = /auth|token|key|secret|cookie|session|passw|credential|signature/i;

/** Header names whose value Droid sends in place of its own key header (measured: one header, the extra one). */
export const KEY_HEADER = /^(?:authorization|x-api-key)$/i;

/** What stands in for a secret value in any text (the redactor's mark, and a shown URL's user part). */
export const REDACTED = '‹redacted›';

/** The route's extraHeaders that hold `${NAME}` references, which Droid sends as text (only apiKey is expanded). */
export function headerReferences(route: Route): Array<[header: string, value: string]> {
  const headers = route.extra.extraHeaders;
  if (!headers || typeof headers !== 'object' || Array.isArray(headers)) return [];
  return Object.entries(headers).filter((e): e is [string, string] => typeof e[1] === 'string' && referenceNames(e[1]).length > 0);
}

/** `${NAME}` references and an auth scheme word only ("Bearer ${TOKEN}"): names, not secrets. */
export function holdsOnlyReferences(value: string): boolean {
  return referenceNames(value).length > 0 && expandReferences(value, () => '').replace(/^\s*(?:bearer|basic|token)\s+/i, '').trim() === '';
}

/** The user part of a URL (`user:password`, up to the authority's last @ as URL parsers read it), or null. */
export function urlCredentials(raw: string | undefined): string | null {
  const match = raw === undefined ? null : /^[a-z][a-z0-9+.-]*:\/\/([^/?#\s]+)@/i.exec(raw.trim());
  return match ? match[1]! : null;
}

/** Query parameters that carry a credential (`?api_key=…`, `&token=…`), as name=value pairs. */
const QUERY_SECRET = /([?&][^=&#\s]*(?:auth|token|key|secret|passw|sig)[^=&#\s]*=)([^&#\s]+)/gi;

/** A URL as it may be shown: its user part and credential query values replaced, the rest as written. */
export function showUrl(raw: string): string {
  const credentials = urlCredentials(raw);
  const shown = credentials === null ? raw : raw.replace(`${credentials}@`, `${REDACTED}@`);
  return shown.replace(QUERY_SECRET, `$1${REDACTED}`);
}

/** The credential values in a URL's query. */
function queryCredentials(raw: string | undefined): string[] {
  return raw === undefined ? [] : [...raw.matchAll(QUERY_SECRET)].map((m) => m[2]!);
}

/** A URL without its user part (Droid drops it anyway: docs/droid-notes.md). */
export function withoutUrlCredentials(raw: string): string {
  const credentials = urlCredentials(raw);
  return credentials === null ? raw : raw.replace(`${credentials}@`, '');
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
      if (typeof value === 'string' && value !== '' && (CREDENTIAL_NAME.test(name) || marked.includes(name.toLowerCase()))) out.push({ path: ['extraHeaders', name], kind: 'header', value });
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
