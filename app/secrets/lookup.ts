// The key lookup probes and sentinels use: the environment first, then the secret store. The store is
// read once, up front, for the names the routes reference (never from inside a polling loop).
import type { Failure } from '../model/failure.ts';
import { keyReference, referenceNames } from '../model/key-name.ts';
import { headerReferences } from '../model/secret-fields.ts';
import type { Route } from '../model/route.ts';
import { redactor } from './redact.ts';
import { envLookup, type KeyLookup } from './resolve.ts';
import type { SecretStore } from './store.ts';

export interface PreparedLookup {
  lookup: KeyLookup;
  /** Set when the store could not be read (locked, no Secret Service): shown, never hidden. */
  storeFailure: Failure | null;
}

/**
 * The store for this process; $ROUTELIGHTS_KEYCHAIN=off runs without one (references then come from the
 * environment only). Loaded on first use: a command that reads no key never loads the native keychain.
 */
export async function openDefaultStore(env: NodeJS.ProcessEnv): Promise<SecretStore | null> {
  if (env.ROUTELIGHTS_KEYCHAIN === 'off') return null;
  const { KeyringStore, keychainTimeoutMs } = await import('./keyring-store.ts');
  return new KeyringStore(keychainTimeoutMs(env));
}

export function referencedNames(routes: readonly Route[]): string[] {
  const names = routes.flatMap((r) => [keyReference(r.apiKey), ...headerReferences(r).flatMap(([, value]) => referenceNames(value))]);
  return [...new Set(names.filter((n): n is string => n !== null))];
}

/**
 * `loginShell`: for the menu bar app, the names its user's login shell exports, asked only when a name is
 * in neither the environment nor the store.
 */
export async function prepareLookup(env: NodeJS.ProcessEnv, store: SecretStore | null, names: readonly string[], loginShell?: () => Promise<ReadonlySet<string>>): Promise<PreparedLookup> {
  const fromEnv = envLookup(env);
  const values = new Map<string, string>();
  let storeFailure: Failure | null = null;
  for (const name of names) {
    if (fromEnv(name) !== undefined || !store) continue;
    const got = await store.get(name);
    if (!got.ok) {
      storeFailure = got.failure;
      break;
    }
    if (got.value !== null) {
      values.set(name, got.value);
      redactor.add(got.value);
    }
  }
  const lookup: KeyLookup = (name) => fromEnv(name) ?? values.get(name);
  if (storeFailure) lookup.keychainDown = () => storeFailure.reason;
  const unread = names.filter((name) => lookup(name) === undefined);
  if (loginShell && unread.length && !storeFailure) {
    const shellNames = await loginShell();
    lookup.loginShellOnly = (name) => shellNames.has(name);
  }
  return { lookup, storeFailure };
}
