// The SecretStore on @napi-rs/keyring, service "RouteLights": the macOS Keychain, the Secret Service on
// Linux (pinned: no silent fallback to the kernel keyring), the Credential Manager on Windows.
// Mindful of macOS prompts: only items under our own service are touched, each is read at most once
// per session (values stay in memory, never on disk), and names come from a small index item rather
// than from a search that would read every value.
import { AsyncEntry } from '@napi-rs/keyring';
import { fail, ok, type Failure, type Result } from '../model/failure.ts';
import { isKeyName } from '../model/key-name.ts';
import type { SecretStore } from './store.ts';

export const SERVICE = 'RouteLights';
const INDEX = '.routelights-index';

export function keychainFailure(action: string, error: unknown, platform: NodeJS.Platform = process.platform): Failure {
  const message = ((error as Error | undefined)?.message ?? String(error)).slice(0, 400);
  const base = { layer: 'keychain' as const, detail: message };
  const orEnvironment = 'Or run with ROUTELIGHTS_KEYCHAIN=off and export the keys as variables: RouteLights (and Droid) read ${NAME} from the environment first, so an exported variable is enough.';
  if (/timed out after/i.test(message)) {
    return { ...base, code: 'locked', reason: `The keychain did not answer in time, so keys cannot be ${action}: an unlock prompt may be waiting.`, remedy: platform === 'darwin' ? 'Unlock the login keychain (Keychain Access → File → Unlock) and allow RouteLights when asked.' : 'Unlock your login keyring (Seahorse, or log out and in again) and try again.' };
  }
  if (/locked|no result found|user interaction|interaction is not allowed|prompt|dismissed|canceled|cancelled/i.test(message)) {
    const reason = platform === 'linux' ? `The Secret Service has no unlocked keyring (or its unlock prompt was dismissed), so keys cannot be ${action}.` : `The keychain is locked or its access prompt was refused, so keys cannot be ${action}.`;
    return { ...base, code: 'locked', reason, remedy: platform === 'darwin' ? 'Unlock the login keychain (Keychain Access → File → Unlock) and allow RouteLights when asked.' : 'Unlock your login keyring (Seahorse, or log out and in again) and try again; RouteLights will not keep keys in a plain file instead.' };
  }
  if (/DBUS_SESSION_BUS_ADDRESS|DBus error|org\.freedesktop\.secrets|ServiceUnknown|Couldn't access platform storage|NoStorageAccess|no storage/i.test(message)) {
    return platform === 'linux'
      ? { ...base, code: 'unavailable', reason: `No Secret Service answers, so keys cannot be ${action}.`, remedy: `Start a Secret Service in your session (gnome-keyring-daemon, KeePassXC…) and unlock it; RouteLights will not keep keys in a plain file instead. ${orEnvironment}` }
      : { ...base, code: 'unavailable', reason: `The system keychain cannot be reached, so keys cannot be ${action}.`, remedy: `Unlock the login keychain (Keychain Access) and try again; RouteLights will not keep keys in a plain file instead. ${orEnvironment}` };
  }
  return { ...base, code: 'keychain-error', reason: `The keychain failed while keys were ${action}.`, remedy: 'Try again; if it persists, check the keychain in your system tools (run with --verbose for its own words).' };
}

function badName(name: string): Result<never> {
  return fail({ layer: 'usage', code: 'bad-key-name', reason: `${JSON.stringify(name)} is not a key name.`, remedy: 'Use an environment variable name: letters, digits and underscores, e.g. ROUTELIGHTS_KEY_LITELLM.' });
}

/** How long a keychain call may take: long enough for a person to answer an unlock prompt, not forever. */
export function keychainTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.ROUTELIGHTS_KEYCHAIN_TIMEOUT_MS);
  return Number.isFinite(n) && n > 0 ? n : 60_000;
}

export class KeyringStore implements SecretStore {
  private readonly cache = new Map<string, string | null>();
  private index: string[] | null = null;
  private readonly timeoutMs: number;

  constructor(timeoutMs = keychainTimeoutMs()) {
    this.timeoutMs = timeoutMs;
  }

  /**
   * Every call has a deadline: an unlock prompt nobody answers ends as a clear error, not a hang. (The
   * native call's own AbortSignal does not stop a call already under way, so the deadline is kept here.)
   */
  private async timed<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${this.timeoutMs / 1000} s`)), this.timeoutMs);
      timer.unref?.();
    });
    try {
      return await Promise.race([work, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private entry(name: string): AsyncEntry {
    return new AsyncEntry(SERVICE, name, { linux: { store: 'secret-service' } });
  }

  private async names(): Promise<string[]> {
    if (this.index) return this.index;
    const raw = await this.timed(this.entry(INDEX).getPassword());
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    this.index = Array.isArray(parsed) ? parsed.filter((n): n is string => typeof n === 'string' && isKeyName(n)) : [];
    return this.index;
  }

  private async saveIndex(names: string[]): Promise<void> {
    const sorted = [...new Set(names)].sort();
    await this.timed(this.entry(INDEX).setPassword(JSON.stringify(sorted)));
    this.index = sorted;
  }

  async get(name: string): Promise<Result<string | null>> {
    if (!isKeyName(name)) return badName(name);
    if (this.cache.has(name)) return ok(this.cache.get(name)!);
    try {
      const value = (await this.timed(this.entry(name).getPassword())) ?? null;
      this.cache.set(name, value);
      return ok(value);
    } catch (error) {
      return fail(keychainFailure('read', error));
    }
  }

  async set(name: string, value: string): Promise<Result<void>> {
    if (!isKeyName(name)) return badName(name);
    if (value === '') return fail({ layer: 'usage', code: 'empty-key', reason: 'An empty key was given.', remedy: 'Give the key value on standard input or at the prompt.' });
    try {
      await this.timed(this.entry(name).setPassword(value));
      this.cache.set(name, value);
      const names = await this.names();
      if (!names.includes(name)) await this.saveIndex([...names, name]);
      return ok(undefined);
    } catch (error) {
      return fail(keychainFailure('stored', error));
    }
  }

  async delete(name: string): Promise<Result<boolean>> {
    if (!isKeyName(name)) return badName(name);
    try {
      const existed = await this.timed(this.entry(name).deleteCredential());
      this.cache.delete(name);
      const names = await this.names();
      if (names.includes(name)) await this.saveIndex(names.filter((n) => n !== name));
      return ok(existed);
    } catch (error) {
      return fail(keychainFailure('deleted', error));
    }
  }

  async list(): Promise<Result<string[]>> {
    try {
      return ok([...(await this.names())]);
    } catch (error) {
      return fail(keychainFailure('listed', error));
    }
  }
}
