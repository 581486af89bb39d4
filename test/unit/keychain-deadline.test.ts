// A keychain call that never answers (an unlock prompt nobody sees) ends with a clear error at its
// deadline instead of hanging the command.
import { expect, it, vi } from 'vitest';

vi.mock('@napi-rs/keyring', () => ({
  AsyncEntry: class {
    getPassword = () => new Promise(() => undefined);
    setPassword = () => new Promise(() => undefined);
    deleteCredential = () => new Promise(() => undefined);
  },
}));

it('an unanswered keychain call fails at the deadline, naming a waiting prompt', async () => {
  const { KeyringStore } = await import('../../app/secrets/keyring-store.ts');
  const store = new KeyringStore(200);
  const started = Date.now();
  const got = await store.get('ROUTELIGHTS_KEY_X');
  expect(Date.now() - started).toBeLessThan(2_000);
  expect(got.ok).toBe(false);
  if (!got.ok) {
    expect(got.failure).toMatchObject({ layer: 'keychain', code: 'locked' });
    expect(got.failure.reason).toMatch(/did not answer in time.*unlock prompt may be waiting/);
  }
});
