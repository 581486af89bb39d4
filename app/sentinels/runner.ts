// The sentinel runner: proof through the real `droid exec` for each route, in parallel under a limit.
// The verdict is taken from Droid's result line the moment it is printed; Droid is then given a grace
// period to exit and killed (its whole process group) if it outlives it. A per-route deadline always
// holds. A route that stalls is checked at its door early, so a locked door is named in seconds, not
// after Droid's own retries (85 s for a 429, measured).
import { constants } from 'node:fs';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pLimit from 'p-limit';
import type { Color } from '../model/light.ts';
import type { SentinelResult } from '../model/sentinel.ts';
import type { Route } from '../model/route.ts';
import type { Snapshot } from '../model/snapshot.ts';
import { resolveApiKey } from '../secrets/resolve.ts';
import { diagnoseFailure, doorCheck, type DiagnoseContext, type Diagnosis, type Layer } from './diagnose.ts';
import { classifyDroidText, shorten } from './droid-output.ts';
import { startDroid, type DroidProcess } from './droid-process.ts';
import { sentinelPrompt, sentinelToken } from './token.ts';

export type SentinelProgress =
  | { kind: 'started'; routeId: string; routeKey: string; token: string }
  | { kind: 'verdict'; result: SentinelResult }
  | { kind: 'exited'; result: SentinelResult };

export interface RunnerOptions {
  droidPath: string;
  /** The caller's environment; resolved ${VAR} values are added for Droid only. */
  env: NodeJS.ProcessEnv;
  /** The settings file the routes come from; passed to Droid with --settings when it is not ~/.factory/settings.json. */
  settingsPath: string;
  timeoutMs: number;
  graceMs: number;
  earlyDiagnosisMs: number;
  concurrency: number;
  force: boolean;
  snapshot: Snapshot | null;
  diagnose: DiagnoseContext;
  signal?: AbortSignal;
  onProgress?: (event: SentinelProgress) => void;
}

export interface SentinelTarget {
  route: Route;
  /** A draft (not in the user's files): Droid reads it from this runtime settings file. */
  draftSettingsFile?: string;
}

/** The key a verdict is recorded under: the record's, or the draft's own. */
export function resultKey(target: SentinelTarget): string {
  return target.draftSettingsFile ? `draft#${target.route.id}` : target.route.key;
}

export const DEFAULT_RUNNER = { timeoutMs: 60_000, graceMs: 10_000, earlyDiagnosisMs: 8_000 };

export function defaultConcurrency(cpus: number): number {
  return Math.max(2, cpus);
}

function droidArgs(target: SentinelTarget, options: RunnerOptions, cwd: string, token: string): string[] {
  const home = options.env.HOME ?? homedir();
  const settings = target.draftSettingsFile ?? (resolve(options.settingsPath) !== join(home, '.factory', 'settings.json') ? options.settingsPath : undefined);
  return ['exec', ...(settings ? ['--settings', settings] : []), '-m', target.route.id, '--auto', 'low', '--cwd', cwd, '-o', 'json', sentinelPrompt(token)];
}

function droidEnv(route: Route, options: RunnerOptions): NodeJS.ProcessEnv {
  const key = resolveApiKey(route.apiKey, options.diagnose.lookupKey);
  return key.kind === 'value' && key.reference ? { ...options.env, [key.reference]: key.value } : { ...options.env };
}

function skipped(target: SentinelTarget, token: string, light: Color, layer: Layer, reason: string, remedy: string): SentinelResult {
  const now = new Date().toISOString();
  return { routeId: target.route.id, routeKey: resultKey(target), token, verdict: 'skipped', light, layer, reason, remedy, reply: null, verdictMs: null, droidExitCode: null, exitMs: null, startedAt: now, finishedAt: now };
}

type Outcome = { kind: 'line'; line: Awaited<DroidProcess['resultLine']> } | { kind: 'deadline' } | { kind: 'door'; diagnosis: Diagnosis } | { kind: 'abort' };

async function judge(route: Route, token: string, outcome: Outcome, droid: DroidProcess, options: RunnerOptions): Promise<Omit<SentinelResult, 'routeId' | 'routeKey' | 'token' | 'verdictMs' | 'droidExitCode' | 'exitMs' | 'startedAt' | 'finishedAt'>> {
  const seconds = Math.round(options.timeoutMs / 100) / 10;
  switch (outcome.kind) {
    case 'abort':
      return { verdict: 'skipped', light: 'gray', layer: 'sentinel', reason: 'Cancelled.', remedy: 'Run it again when you want the proof.', reply: null };
    case 'door':
      return { verdict: 'fail', light: 'red', layer: outcome.diagnosis.layer, reason: `No answer from Droid yet, and the door is locked: ${outcome.diagnosis.reason}`, remedy: outcome.diagnosis.remedy, reply: null };
    case 'deadline': {
      const door = await doorCheck(route, options.diagnose);
      return door
        ? { verdict: 'fail', light: 'red', layer: door.layer, reason: `Timed out after ${seconds} s; ${door.reason}`, remedy: door.remedy, reply: null }
        : { verdict: 'fail', light: 'red', layer: 'sentinel', reason: `Timed out after ${seconds} s: Droid gave no result, though the surface answers and a one-token completion works.`, remedy: 'Retry with a longer --timeout; a slow model or a hung Droid (check ~/.factory/logs).', reply: null };
    }
    case 'line': {
      const line = outcome.line;
      if (line && !line.isError) {
        const reply = line.result.trim();
        if (reply === token) return { verdict: 'pass', light: 'green', layer: 'sentinel', reason: 'The reply was exactly the token.', remedy: 'Nothing to do.', reply };
        return { verdict: 'fail', light: 'red', layer: 'sentinel', reason: `The reply was not exactly the token: "${shorten(reply, 120)}".`, remedy: "The route answers, but not as asked: check the route's model (a different model behind the alias?), or that it is not a reasoning preamble.", reply: shorten(reply) };
      }
      const exit = line ? null : await Promise.race([droid.exited, new Promise<null>((r) => setTimeout(() => r(null), 2_000))]);
      const text = line ? line.result : (exit?.output ?? '');
      const diagnosis = await diagnoseFailure(route, classifyDroidText(text), options.diagnose);
      return { verdict: 'fail', light: 'red', layer: diagnosis.layer, reason: diagnosis.reason, remedy: diagnosis.remedy, reply: shorten(text) || null };
    }
  }
}

async function runOne(target: SentinelTarget, options: RunnerOptions, finished: Array<Promise<void>>): Promise<SentinelResult> {
  const { route } = target;
  const token = sentinelToken(route.id);
  const status = options.snapshot?.routes.find((r) => r.key === route.key);
  if (!options.force && !target.draftSettingsFile && status?.light === 'red' && status.layer !== 'sentinel') {
    const result = skipped(target, token, 'red', status.layer, `Not sent to Droid: ${status.reason}`, `${status.remedy} Or run with --force to send it anyway.`);
    options.onProgress?.({ kind: 'verdict', result });
    return result;
  }
  if (options.signal?.aborted) return skipped(target, token, 'gray', 'sentinel', 'Cancelled.', 'Run it again when you want the proof.');

  // A project's route exists only when Droid runs in that project (its process folder and --cwd both,
  // measured); Droid writes nothing there. Any other route runs in a scratch folder.
  const project = target.draftSettingsFile ? null : route.source.project;
  const scratch = project ? null : await mkdtemp(join(tmpdir(), 'routelights-sentinel-'));
  const cwd = project ?? scratch!;
  const startedAt = new Date();
  const t0 = performance.now();
  const droid = startDroid(options.droidPath, droidArgs(target, options, cwd, token), droidEnv(route, options), cwd);
  options.onProgress?.({ kind: 'started', routeId: route.id, routeKey: resultKey(target), token });

  const timers: NodeJS.Timeout[] = [];
  const deadline = new Promise<Outcome>((r) => timers.push(setTimeout(() => r({ kind: 'deadline' }), options.timeoutMs)));
  const early = new Promise<Outcome>((r) =>
    timers.push(
      setTimeout(() => {
        void doorCheck(route, options.diagnose).then((d) => d && r({ kind: 'door', diagnosis: d }));
      }, options.earlyDiagnosisMs),
    ),
  );
  const aborted = new Promise<Outcome>((r) => options.signal?.addEventListener('abort', () => r({ kind: 'abort' }), { once: true }));
  const outcome = await Promise.race([droid.resultLine.then((line): Outcome => ({ kind: 'line', line })), deadline, early, aborted]);
  timers.forEach(clearTimeout);
  const verdictMs = Math.round(performance.now() - t0);
  if (outcome.kind !== 'line') droid.kill();
  const judged = await judge(route, token, outcome, droid, options);
  const result: SentinelResult = { routeId: route.id, routeKey: resultKey(target), token, ...judged, verdictMs: judged.verdict === 'skipped' ? null : verdictMs, droidExitCode: null, exitMs: null, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString() };
  options.onProgress?.({ kind: 'verdict', result });

  // After the verdict Droid may still be sending telemetry it cannot deliver: give it a grace period.
  const grace = setTimeout(() => droid.kill(), options.graceMs);
  const onAbort = () => droid.kill();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  finished.push(
    droid.exited.then(async (exit) => {
      clearTimeout(grace);
      options.signal?.removeEventListener('abort', onAbort);
      result.droidExitCode = exit.signal ? null : exit.exitCode;
      result.exitMs = Math.round(performance.now() - t0);
      if (scratch) await rm(scratch, { recursive: true, force: true });
      options.onProgress?.({ kind: 'exited', result });
    }),
  );
  return result;
}

/**
 * Runs a sentinel per target. Resolves when every Droid has exited (or been killed), so that no process
 * is left behind; verdicts arrive earlier through onProgress.
 */
export async function runSentinels(targets: SentinelTarget[], options: RunnerOptions): Promise<SentinelResult[]> {
  const unusable = await access(options.droidPath, constants.X_OK).then(
    () => null,
    (error: NodeJS.ErrnoException) => error.code ?? 'EACCES',
  );
  if (unusable) {
    const reason = `No executable droid at ${options.droidPath} (${unusable === 'ENOENT' ? 'it does not exist' : 'it cannot be run'}), so no sentinel can be sent.`;
    return targets.map((target) => skipped(target, sentinelToken(target.route.id), 'red', 'droid-account', reason, `Check that ${options.droidPath} can be run, or install Factory's Droid CLI again.`));
  }
  const limit = pLimit(Math.max(1, options.concurrency));
  const finished: Array<Promise<void>> = [];
  const results = await Promise.all(targets.map((t) => limit(() => runOne(t, options, finished))));
  await Promise.all(finished);
  return results;
}
