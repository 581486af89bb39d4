// The key names a person sees: those in the store and those the routes reference, with where each is
// found (store, environment) and which routes use it. Never a value.
import type { Failure } from '../model/failure.ts';
import { keyReference } from '../model/key-name.ts';
import type { Route } from '../model/route.ts';
import type { SecretStore } from '../secrets/store.ts';

export interface KeyInfo {
  name: string;
  /** Null when the keychain could not be listed (locked, no Secret Service): not known, not missing. */
  inKeychain: boolean | null;
  inEnvironment: boolean;
  routes: string[];
}

export async function listKeys(store: SecretStore | null, routes: readonly Route[], env: NodeJS.ProcessEnv): Promise<{ keys: KeyInfo[]; failure: Failure | null }> {
  const listed = store ? await store.list() : null;
  const names = listed?.ok ? listed.value : [];
  const refs = routes.map((r) => keyReference(r.apiKey)).filter((n): n is string => !!n);
  const keys = [...new Set([...names, ...refs])].sort().map((name) => ({
    name,
    inKeychain: listed && !listed.ok ? null : names.includes(name),
    inEnvironment: !!env[name],
    routes: routes.filter((r) => keyReference(r.apiKey) === name).map((r) => r.id),
  }));
  return { keys, failure: listed && !listed.ok ? listed.failure : null };
}
