// The Droid account layer, its own row and never mixed with model auth: the binary and its version,
// `droid doctor --json` per check id, `droid computer list` judged by its text (it exits 0 on failure),
// and the daemon's /health when a port is configured.
import { hostname } from 'node:os';
import { execa } from 'execa';
import type { Color } from '../model/light.ts';
import { droidMissing, findDroid, type DroidSeeker } from './find-droid.ts';
import { httpRequest } from './http.ts';

export interface DoctorCheck {
  id: string;
  status: 'pass' | 'fail' | 'warn' | 'skip' | string;
  detail: string;
  remediation?: string;
}

export interface DroidAccount {
  light: Color;
  reason: string;
  remedy: string;
  path: string | null;
  version: string | null;
  checks: DoctorCheck[];
  loggedIn: boolean | null;
  computer: { registered: boolean | null; detail: string };
  daemon: { port: number; healthy: boolean; detail: string } | null;
}

export interface DroidAccountOptions {
  droidPath?: string;
  env?: NodeJS.ProcessEnv;
  daemonPort?: number;
  timeoutMs?: number;
  machineName?: string;
  /** Who is asking, so that the remedy for a missing Droid fits (default: this command). */
  seeker?: DroidSeeker;
}

async function runDroid(path: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number) {
  return execa(path, args, { env, extendEnv: false, reject: false, timeout: timeoutMs, forceKillAfterDelay: 1_000, stdin: 'ignore', all: true, cleanup: true });
}

export function parseDoctor(stdout: string): DoctorCheck[] | null {
  try {
    const doc = JSON.parse(stdout) as { results?: Array<Record<string, unknown>> };
    if (!Array.isArray(doc.results)) return null;
    return doc.results.map((r) => ({
      id: String(r.id ?? ''),
      status: String(r.status ?? ''),
      detail: String(r.detail ?? ''),
      ...(typeof r.remediation === 'string' ? { remediation: r.remediation } : {}),
    }));
  } catch {
    return null;
  }
}

/** `droid computer list` exits 0 even when it fails: the text decides. */
export function judgeComputerList(text: string, machine: string, loggedIn: boolean | null): DroidAccount['computer'] {
  const out = text.trim();
  if (/failed to list|no authenticated user|not logged in|error/i.test(out)) return { registered: null, detail: out.split('\n')[0]!.slice(0, 160) };
  if (out.toLowerCase().includes(machine.toLowerCase())) return { registered: true, detail: `${machine} is registered` };
  return { registered: loggedIn ? false : null, detail: out ? `${machine} is not in the list` : 'the list is empty' };
}

function notFound(explicit: string | undefined, seeker: DroidSeeker): DroidAccount {
  return {
    light: 'red',
    ...droidMissing(explicit, seeker),
    path: null,
    version: null,
    checks: [],
    loggedIn: null,
    computer: { registered: null, detail: 'not checked' },
    daemon: null,
  };
}

export async function probeDroidAccount(options: DroidAccountOptions = {}): Promise<DroidAccount> {
  const env = options.env ?? process.env;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const machine = options.machineName ?? hostname();
  const path = await findDroid(options.droidPath, env);
  if (!path) return notFound(options.droidPath, options.seeker ?? 'process');

  const [version, doctor, computers, daemon] = await Promise.all([
    runDroid(path, ['--version'], env, Math.min(timeoutMs, 10_000)),
    runDroid(path, ['doctor', '--json', '--auth', '--daemon', '--config', '--timeout', String(Math.max(1_000, timeoutMs - 5_000))], env, timeoutMs),
    runDroid(path, ['computer', 'list'], env, Math.min(timeoutMs, 15_000)),
    options.daemonPort ? httpRequest(`http://127.0.0.1:${options.daemonPort}/health`, { deadlineMs: 2_000 }) : Promise.resolve(null),
  ]);
  const versionText = String(version.stdout).trim().split('\n')[0] || null;
  const checks = parseDoctor(String(doctor.stdout)) ?? [];
  const verify = checks.find((c) => c.id === 'auth.verify');
  const loggedIn = verify ? verify.status === 'pass' : null;
  const computer = judgeComputerList(String(computers.all ?? ''), machine, loggedIn);
  const daemonState = options.daemonPort
    ? { port: options.daemonPort, healthy: !!daemon?.ok && daemon.response.status === 200, detail: daemon?.ok ? `GET /health → ${daemon.response.status}` : `nothing answers on 127.0.0.1:${options.daemonPort}` }
    : null;
  const base = { path, version: versionText, checks, loggedIn, computer, daemon: daemonState };

  if (version.timedOut || doctor.timedOut) {
    return { ...base, light: 'red', reason: `droid did not answer within ${timeoutMs / 1000} s (it may hang at "Checking authentication...").`, remedy: "Run 'droid doctor --auth' in a terminal to see which request hangs (often api.workos.com behind a TLS-inspecting proxy)." };
  }
  if (checks.length === 0) {
    return { ...base, light: 'red', reason: `droid doctor gave no readable report (exit ${doctor.exitCode}).`, remedy: "Run 'droid doctor --json' in a terminal; update Droid if the command is unknown." };
  }
  const authFail = checks.find((c) => c.id.startsWith('auth.') && c.status === 'fail' && (loggedIn !== false || c.id === 'auth.credentials'));
  if (authFail) return { ...base, light: 'red', reason: `Droid account check ${authFail.id} failed: ${authFail.detail}.`, remedy: authFail.remediation ?? "Run 'droid' and log in again." };
  if (daemonState && !daemonState.healthy) return { ...base, light: 'red', reason: `The Droid daemon is not healthy (${daemonState.detail}).`, remedy: `Start it: droid daemon --port ${daemonState.port} --remote-access --droid-path "${path}".` };
  if (loggedIn === false) {
    return { ...base, light: 'yellow', reason: `Not logged in to Factory (${verify?.detail ?? 'auth.verify'}). BYOK routes still run without a login (measured with Droid 0.225.2); registering this computer and remote sessions need one.`, remedy: verify?.remediation ?? "Run 'droid' and complete the login flow." };
  }
  if (computer.registered === false) {
    return { ...base, light: 'yellow', reason: `Logged in, but this computer is not registered (${computer.detail}).`, remedy: `droid computer register ${machine} --yes` };
  }
  return { ...base, light: 'green', reason: `Droid ${versionText ?? ''} is logged in${computer.registered ? ` and ${computer.detail}` : ''}.`.replace('  ', ' '), remedy: 'Nothing to do.' };
}
