// A real Secret Service for the keychain tests: a private D-Bus session bus and gnome-keyring-daemon,
// its login keyring unlocked with a password on stdin (or left locked), under a scratch HOME.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SecretService {
  env: { DBUS_SESSION_BUS_ADDRESS: string; HOME: string; XDG_RUNTIME_DIR: string };
  stop: () => void;
}

function kill(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // gone already
  }
}

/** The pid of the process that owns the Secret Service name on this bus (our keyring daemon only). */
function daemonPid(env: SecretService['env']): number | undefined {
  try {
    const reply = execFileSync('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.GetConnectionUnixProcessID', 'string:org.freedesktop.secrets'], { encoding: 'utf8', env: { ...process.env, ...env } });
    return Number(/uint32 (\d+)/.exec(reply)?.[1]) || undefined;
  } catch {
    return undefined;
  }
}

/** `locked`: the login keyring is created, then locked again (as after a screen lock), so a write needs a prompt that nobody answers. */
/** Locks the login collection; it may appear a moment after the daemon took its name, so this retries. */
async function lockLogin(env: SecretService['env']): Promise<void> {
  let last: unknown;
  for (let i = 0; i < 100; i++) {
    try {
      const reply = execFileSync('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.secrets', '/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.Lock', 'array:objpath:/org/freedesktop/secrets/collection/login'], { encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      if (reply.includes('/org/freedesktop/secrets/collection/login')) return;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`could not lock the test keyring: ${(last as Error | undefined)?.message ?? 'no login collection'}`);
}

export async function startSecretService(home: string, options: { locked: boolean } = { locked: false }): Promise<SecretService> {
  // Its own runtime folder: gnome-keyring-daemon finds a running daemon through it and would join that
  // one. Short, under the temp folder: its control socket's path must fit the 108 bytes of a Unix socket.
  const runtime = mkdtempSync(join(tmpdir(), 'rlk-'));
  const out = execFileSync('dbus-daemon', ['--session', '--fork', '--print-address=1', '--print-pid=1'], { encoding: 'utf8', env: { ...process.env, HOME: home, XDG_RUNTIME_DIR: runtime } });
  const [address, pidText] = out.trim().split('\n');
  const env = { DBUS_SESSION_BUS_ADDRESS: address!, HOME: home, XDG_RUNTIME_DIR: runtime };
  const keyring = spawn('gnome-keyring-daemon', ['--unlock', '--components=secrets'], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'ignore'] });
  keyring.stdin.end('routelights-test-keyring');
  await new Promise<void>((resolve) => keyring.once('exit', () => resolve()));
  // The daemon forks itself; wait until it owns the Secret Service name on the bus.
  for (let i = 0; i < 150; i++) {
    try {
      const names = execFileSync('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.ListNames'], { encoding: 'utf8', env: { ...process.env, ...env } });
      if (names.includes('org.freedesktop.secrets')) break;
    } catch {
      // bus not ready yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const keyringPid = daemonPid(env);
  if (options.locked) await lockLogin(env);
  return {
    env,
    stop: () => {
      kill(keyringPid);
      kill(Number(pidText));
    },
  };
}
