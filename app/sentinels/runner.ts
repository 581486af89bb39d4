// The sentinel runner: proof through the real Droid for each route. By default each sentinel is a turn
// on a Droid session process (a few routes per process, see droid-session.ts), with Droid's own words
// as the reason; where Droid has no session protocol, or with no SessionHost, each route is its own
// `droid exec`, its verdict taken from the result line the moment it is printed, then a grace period to
// exit before its process group is killed. A per-route deadline always holds. A route that stalls is
// checked at its door early, so a locked door is named in seconds, not after Droid's own retries (85 s
// for a 429, measured).
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { homedir } from 'node:os';
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
import { SessionUnavailable, type TurnOutcome } from './droid-session.ts';
import { makeDroidFolder, removeScratch } from './scratch.ts';
import { SessionHost, type HostedSession, type HostSpec } from './session-host.ts';
import { sentinelPrompt, sentinelToken } from './token.ts';

export type SentinelProgress =
  | { kind: 'started'; routeId: string; routeKey: string; token: string }
  /** Droid retries the model call (a 429, a timeout): the turn waits, and says why. */
  | { kind: 'waiting'; routeId: string; routeKey: string; attempt: number; why: string }
  | { kind: 'verdict'; result: SentinelResult }
  | { kind: 'exited'; result: SentinelResult }
  /** Said once per run: how the run went when not as asked (no session protocol: one droid exec per route). */
  | { kind: 'note'; text: string };

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
  /** Sentinels as turns on Droid sessions (the default); null or left out: one `droid exec` per route. */
  sessions?: SessionHost | null;
  /** The route files' revision: a session kept from before a change is not reused (Droid read the old files). */
  revision?: string;
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

/** The runtime settings file Droid is given: a draft's, or the user's when it is not ~/.factory/settings.json. */
function settingsFileFor(target: SentinelTarget, options: RunnerOptions): string | undefined {
  const home = options.env.HOME ?? homedir();
  return target.draftSettingsFile ?? (resolve(options.settingsPath) !== join(home, '.factory', 'settings.json') ? options.settingsPath : undefined);
}

/**
 * The project folder Droid must run in: a project's route exists only when Droid runs there (its process
 * folder and --cwd both, measured); Droid writes nothing there. Null: any other route, in a scratch folder.
 */
function projectOf(target: SentinelTarget): string | null {
  return target.draftSettingsFile ? null : target.route.source.project;
}

function droidArgs(target: SentinelTarget, options: RunnerOptions, cwd: string, token: string): string[] {
  const settings = settingsFileFor(target, options);
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

type Judged = Omit<SentinelResult, 'routeId' | 'routeKey' | 'token' | 'verdictMs' | 'droidExitCode' | 'exitMs' | 'startedAt' | 'finishedAt'>;

/** RouteLights' own ends of a sentinel, before Droid's: the deadline, a locked door found early, a cancel. */
type Stop = { kind: 'deadline' } | { kind: 'door'; diagnosis: Diagnosis } | { kind: 'abort' };

/** The deadline, the early door check and the cancel as one promise; clear() when Droid answered first. */
function watchStops(route: Route, options: RunnerOptions): { stop: Promise<Stop>; clear: () => void } {
  const timers: NodeJS.Timeout[] = [];
  const stop = new Promise<Stop>((r) => {
    timers.push(setTimeout(() => r({ kind: 'deadline' }), options.timeoutMs));
    timers.push(setTimeout(() => void doorCheck(route, options.diagnose).then((d) => d && r({ kind: 'door', diagnosis: d })), options.earlyDiagnosisMs));
    options.signal?.addEventListener('abort', () => r({ kind: 'abort' }), { once: true });
    if (options.signal?.aborted) r({ kind: 'abort' });
  });
  return { stop, clear: () => timers.forEach(clearTimeout) };
}

/** The verdict when RouteLights ended the sentinel; `silence` says what Droid did not give. */
async function judgeStop(route: Route, stop: Stop, options: RunnerOptions, silence: string): Promise<Judged> {
  const seconds = Math.round(options.timeoutMs / 100) / 10;
  switch (stop.kind) {
    case 'abort':
      return { verdict: 'skipped', light: 'gray', layer: 'sentinel', reason: 'Cancelled.', remedy: 'Run it again when you want the proof.', reply: null };
    case 'door':
      return { verdict: 'fail', light: 'red', layer: stop.diagnosis.layer, reason: `No answer from Droid yet, and the door is locked: ${stop.diagnosis.reason}`, remedy: stop.diagnosis.remedy, reply: null };
    case 'deadline': {
      const door = await doorCheck(route, options.diagnose);
      return door
        ? { verdict: 'fail', light: 'red', layer: door.layer, reason: `Timed out after ${seconds} s; ${door.reason}`, remedy: door.remedy, reply: null }
        : { verdict: 'fail', light: 'red', layer: 'sentinel', reason: `Timed out after ${seconds} s: ${silence}, though the surface answers and a one-token completion works.`, remedy: 'Retry with a longer --timeout; a slow model or a hung Droid (check ~/.factory/logs).', reply: null };
    }
  }
}

/** Droid's answer against the token: a pass only when it is exactly the token. */
function judgeReply(text: string, token: string): Judged {
  const reply = text.trim();
  if (reply === token) return { verdict: 'pass', light: 'green', layer: 'sentinel', reason: 'The reply was exactly the token.', remedy: 'Nothing to do.', reply };
  return { verdict: 'fail', light: 'red', layer: 'sentinel', reason: `The reply was not exactly the token: "${shorten(reply, 120)}".`, remedy: "The route answers, but not as asked: check the route's model (a different model behind the alias?), or that it is not a reasoning preamble.", reply: shorten(reply) };
}

type Outcome = { kind: 'line'; line: Awaited<DroidProcess['resultLine']> } | Stop;

async function judge(route: Route, token: string, outcome: Outcome, droid: DroidProcess, options: RunnerOptions): Promise<Judged> {
  if (outcome.kind !== 'line') return judgeStop(route, outcome, options, 'Droid gave no result');
  const line = outcome.line;
  if (line && !line.isError) return judgeReply(line.result, token);
  const exit = line ? null : await Promise.race([droid.exited, new Promise<null>((r) => setTimeout(() => r(null), 2_000))]);
  const text = line ? line.result : (exit?.output ?? '');
  const diagnosis = await diagnoseFailure(route, classifyDroidText(text), options.diagnose);
  return { verdict: 'fail', light: 'red', layer: diagnosis.layer, reason: diagnosis.reason, remedy: diagnosis.remedy, reply: shorten(text) || null };
}

/** A route not sent at all: red in the snapshot for a reason Droid cannot change, or the run cancelled. */
function preflight(target: SentinelTarget, token: string, options: RunnerOptions): SentinelResult | null {
  const status = options.snapshot?.routes.find((r) => r.key === target.route.key);
  if (!options.force && !target.draftSettingsFile && status?.light === 'red' && status.layer !== 'sentinel') {
    const result = skipped(target, token, 'red', status.layer === 'quota' ? 'surface' : status.layer, `Not sent to Droid: ${status.reason}`, `${status.remedy} Or run with --force to send it anyway.`);
    options.onProgress?.({ kind: 'verdict', result });
    return result;
  }
  return options.signal?.aborted ? skipped(target, token, 'gray', 'sentinel', 'Cancelled.', 'Run it again when you want the proof.') : null;
}

async function runOne(target: SentinelTarget, options: RunnerOptions, finished: Array<Promise<void>>): Promise<SentinelResult> {
  const { route } = target;
  const token = sentinelToken(route.id);
  const early = preflight(target, token, options);
  if (early) return early;

  const project = projectOf(target);
  const scratch = project ? null : await makeDroidFolder();
  const cwd = project ?? scratch!;
  const startedAt = new Date();
  const t0 = performance.now();
  const droid = startDroid(options.droidPath, droidArgs(target, options, cwd, token), droidEnv(route, options), cwd);
  options.onProgress?.({ kind: 'started', routeId: route.id, routeKey: resultKey(target), token });

  const stops = watchStops(route, options);
  const outcome = await Promise.race([droid.resultLine.then((line): Outcome => ({ kind: 'line', line })), stops.stop]);
  stops.clear();
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
      if (scratch) await removeScratch(scratch);
      options.onProgress?.({ kind: 'exited', result });
    }),
  );
  return result;
}

/** Up to this many routes go through one session before a second process is worth its start (measured: docs/droid-notes.md). */
const ROUTES_PER_SESSION = 8;

/** What Droid's turn-completion reasons mean, on the layer they are about, when the door check finds nothing more. */
const TURN_REASONS: Record<string, { layer: Layer; remedy: string }> = {
  model_authentication_failed: { layer: 'surface', remedy: "The surface refused the key Droid sent: check the route's apiKey (and the variable it names), then run again." },
  model_rate_limited: { layer: 'surface', remedy: 'The provider is limiting requests: wait for the limit to reset, or use another key or plan.' },
  model_usage_exhausted: { layer: 'surface', remedy: "The plan's quota is used up: wait for it to reset, or use another key or plan." },
  model_request_rejected: { layer: 'route', remedy: "The surface rejected the request: check the route's model name and provider." },
  model_provider_unreachable: { layer: 'surface', remedy: "Nothing answered at the route's base URL: check it, and that the surface runs." },
  model_provider_unavailable: { layer: 'surface', remedy: "The provider answered with an error or nothing: try again later, or check the surface's own status." },
};

/** The session a target runs in: the same droid, folder and settings file share one. */
function hostSpec(target: SentinelTarget, options: RunnerOptions): HostSpec {
  const settingsFile = settingsFileFor(target, options);
  return { droidPath: options.droidPath, env: options.env, cwd: projectOf(target), ...(settingsFile ? { settingsFile } : {}), machineId: 'routelights', oneShot: !!target.draftSettingsFile, revision: options.revision ?? null };
}

/** The verdict of a turn Droid completed (its reason, its words), or that RouteLights stopped. */
async function judgeTurn(route: Route, token: string, outcome: TurnOutcome, stopped: Stop | null, customIds: string[], options: RunnerOptions): Promise<Judged> {
  if (stopped) return judgeStop(route, stopped, options, "Droid's turn did not complete");
  const said = outcome.errors.join(' ').trim();
  if (outcome.reason === 'completed' && !said) return judgeReply(outcome.text, token);
  const words = `Droid said: "${shorten(said || outcome.reason, 160)}" (${outcome.reason})`;
  const classified = classifyDroidText(said);
  if (classified.kind === 'auth' || classified.kind === 'invalid-model') {
    const diagnosis = await diagnoseFailure(route, { ...classified, availableCustomIds: classified.availableCustomIds.length ? classified.availableCustomIds : customIds }, options.diagnose);
    return { verdict: 'fail', light: 'red', layer: diagnosis.layer, reason: diagnosis.reason, remedy: diagnosis.remedy, reply: shorten(said) || null };
  }
  const found = await doorCheck(route, options.diagnose);
  const known = TURN_REASONS[outcome.reason];
  if (found) return { verdict: 'fail', light: 'red', layer: found.layer, reason: `${words}; ${found.reason}`, remedy: found.remedy, reply: shorten(said) || null };
  return { verdict: 'fail', light: 'red', layer: known?.layer ?? 'sentinel', reason: `${words}.`, remedy: known?.remedy ?? "Run the same route in droid and read ~/.factory/logs; check the route's provider (e.g. generic-chat-completion-api).", reply: shorten(said) || null };
}

/** One sentinel as a turn on a session; null when the session's process died under it (the caller falls back). */
async function runTurn(target: SentinelTarget, hosted: HostedSession, options: RunnerOptions): Promise<SentinelResult | null> {
  const { route } = target;
  const token = sentinelToken(route.id);
  const routeKey = resultKey(target);
  const startedAt = new Date();
  options.onProgress?.({ kind: 'started', routeId: route.id, routeKey, token });
  const stops = watchStops(route, options);
  // Which of RouteLights' stops ended the turn, if one did (the turn's reason is then its kind).
  const ended: { stop: Stop | null } = { stop: null };
  const stop = stops.stop.then((s) => (ended.stop = s).kind);
  let outcome: TurnOutcome;
  try {
    outcome = await hosted.session.turn(route.id, sentinelPrompt(token), { stop, onRetry: (attempt, why) => options.onProgress?.({ kind: 'waiting', routeId: route.id, routeKey, attempt, why }) });
  } catch (error) {
    if (error instanceof SessionUnavailable) return null;
    throw error;
  } finally {
    stops.clear();
  }
  hosted.turns++;
  if (outcome.reason === 'process-exit') return null;
  const judged = await judgeTurn(route, token, outcome, outcome.reason === ended.stop?.kind ? ended.stop : null, hosted.session.customIds, options);
  const result: SentinelResult = { routeId: route.id, routeKey, token, ...judged, verdictMs: judged.verdict === 'skipped' ? null : outcome.ms, droidExitCode: null, exitMs: null, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString() };
  options.onProgress?.({ kind: 'verdict', result });
  // The route's part is over when its turn is: the process serves the next route.
  options.onProgress?.({ kind: 'exited', result });
  return result;
}

/** The targets of one session spec, on a few sessions; without the session protocol, each by `droid exec`. */
async function runOnSessions(host: SessionHost, spec: HostSpec, targets: SentinelTarget[], options: RunnerOptions, finished: Array<Promise<void>>, note: (text: string) => void): Promise<Map<SentinelTarget, SentinelResult>> {
  const results = new Map<SentinelTarget, SentinelResult>();
  const queue = [...targets];
  const workers = Math.max(1, Math.min(options.concurrency, Math.ceil(targets.length / ROUTES_PER_SESSION)));
  const worker = async (): Promise<void> => {
    let hosted: HostedSession | null = null;
    let healthy = true;
    try {
      for (let target = queue.shift(); target; target = queue.shift()) {
        const skippedEarly = preflight(target, sentinelToken(target.route.id), options);
        if (skippedEarly) {
          results.set(target, skippedEarly);
          continue;
        }
        if (!hosted && healthy) {
          try {
            hosted = await host.acquire(spec, target.route.id);
          } catch (error) {
            if (!(error instanceof SessionUnavailable)) throw error;
            healthy = false;
            note(`Droid did not open a session (${shorten(error.message, 160)}): each route ran as its own droid exec.`);
          }
        }
        const result = hosted ? await runTurn(target, hosted, options) : null;
        if (result) {
          results.set(target, result);
          continue;
        }
        if (hosted) {
          healthy = false;
          note('The Droid session ended during a turn: the routes left ran as their own droid exec.');
          await host.release(spec, hosted, false);
          hosted = null;
        }
        results.set(target, await runOne(target, options, finished));
      }
    } finally {
      if (hosted) await host.release(spec, hosted, healthy);
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
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
  const finished: Array<Promise<void>> = [];
  const host = options.sessions;
  if (!host) {
    const limit = pLimit(Math.max(1, options.concurrency));
    const results = await Promise.all(targets.map((t) => limit(() => runOne(t, options, finished))));
    await Promise.all(finished);
    return results;
  }
  // Routes that share a droid, a folder and a settings file share sessions; every key they need is in the session's environment.
  const groups = new Map<string, { spec: HostSpec; targets: SentinelTarget[] }>();
  for (const target of targets) {
    const spec = hostSpec(target, options);
    const key = SessionHost.key(spec);
    groups.set(key, { spec, targets: [...(groups.get(key)?.targets ?? []), target] });
  }
  let said = false;
  const note = (text: string) => {
    if (!said) options.onProgress?.({ kind: 'note', text });
    said = true;
  };
  const done = await Promise.all([...groups.values()].map(({ spec, targets: mine }) => runOnSessions(host, { ...spec, env: mine.reduce((env, t) => ({ ...env, ...droidEnv(t.route, options) }), spec.env) }, mine, options, finished, note)));
  await Promise.all(finished);
  const all = new Map(done.flatMap((m) => [...m]));
  return targets.map((t) => all.get(t)!);
}
