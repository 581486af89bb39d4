// The secret store contract: get, set, delete, and list names (never values). Errors are values with
// the layer `keychain`, the cause and the remedy; nothing ever falls back to a plain file.
import type { Result } from '../model/failure.ts';

export interface SecretStore {
  get(name: string): Promise<Result<string | null>>;
  set(name: string, value: string): Promise<Result<void>>;
  delete(name: string): Promise<Result<boolean>>;
  list(): Promise<Result<string[]>>;
}
