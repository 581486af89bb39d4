// Resolves a route's apiKey for use on the wire: a literal as written, a `${VAR}` reference from the
// environment (the secrets store joins in later). The value stays in memory; callers never print it.
import { createHash } from 'node:crypto';
import { keyReference } from '../model/key-name.ts';
import { redactor } from './redact.ts';

export type ResolvedKey =
  | { kind: 'none' }
  | { kind: 'value'; value: string; reference: string | null }
  /** `loginShellOnly`: the variable is exported by the user's login shell, which an app does not see. */
  /** `keychainDown`: why the keychain could not be asked (the key may be there), or null when it was. */
  | { kind: 'missing'; reference: string; loginShellOnly: boolean; keychainDown: string | null }
  /** Not looked up: the caller asked without reading the keychain (a listing that probes nothing). */
  | { kind: 'unread'; reference: string };

export interface KeyLookup {
  (name: string): string | undefined;
  /** Whether a name RouteLights cannot read is set in the user's login shell (known only to the menu bar app). */
  loginShellOnly?: (name: string) => boolean;
  /** Why the keychain could not be read (locked, no Secret Service), when it could not. */
  keychainDown?: () => string | null;
}

export function envLookup(env: NodeJS.ProcessEnv): KeyLookup {
  return (name) => {
    const value = env[name];
    return value === undefined || value === '' ? undefined : value;
  };
}

/** Resolves a key; every value it hands out is also given to the redactor, so no output can show it. */
export function resolveApiKey(apiKey: string | undefined, lookup: KeyLookup | null): ResolvedKey {
  if (apiKey === undefined || apiKey === '') return { kind: 'none' };
  const reference = keyReference(apiKey);
  if (reference === null) {
    redactor.add(apiKey);
    return { kind: 'value', value: apiKey, reference: null };
  }
  if (!lookup) return { kind: 'unread', reference };
  const value = lookup(reference);
  redactor.add(value);
  return value === undefined ? { kind: 'missing', reference, loginShellOnly: !!lookup.loginShellOnly?.(reference), keychainDown: lookup.keychainDown?.() ?? null } : { kind: 'value', value, reference };
}

/** A short, non-reversible tag for a key, so that routes sharing one key share one probe. */
export function keyTag(key: ResolvedKey): string {
  if (key.kind !== 'value') return key.kind === 'none' ? 'nokey' : `${key.kind}:${key.reference}`;
  return createHash('sha256').update(key.value).digest('hex').slice(0, 12);
}
