// `routelights sentinels`: proof through the real `droid exec` for every route (or the ones named, or a
// draft), progress as routes finish, a final table or one JSON document; exit 0 when all passed.
import { cpus } from 'node:os';
import type { Command } from 'commander';
import { collect } from '../repeatable.ts';
import { effectiveRoutes } from '../../settings/route-map.ts';
import { FailureError, orThrow } from '../../model/failure.ts';
import { appendHistory } from '../../sentinels/history.ts';
import { loadDraft } from '../../sentinels/draft.ts';
import { runnerOptionsFor } from '../../sentinels/options.ts';
import { defaultConcurrency, DEFAULT_RUNNER, runSentinels, type SentinelResult, type SentinelTarget } from '../../sentinels/runner.ts';
import { findDroid } from '../../surfaces/droid-account.ts';
import { EXIT, type CliIo } from '../io.ts';
import { openRuntime } from '../runtime.ts';
import { renderTable } from '../table.ts';

const MARK = { pass: '● pass', fail: '✕ FAIL', skipped: '○ skip' } as const;

function positive(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n > 0)) throw new FailureError({ layer: 'usage', code: 'bad-number', reason: `${name} ${JSON.stringify(value)} is not a positive number.`, remedy: `Give ${name} a number above 0.` });
  return n;
}

function line(r: SentinelResult): string {
  const secs = r.verdictMs === null ? '' : ` ${(r.verdictMs / 1000).toFixed(1)} s`;
  return `${MARK[r.verdict]} ${r.routeId}${secs}${r.verdict === 'pass' ? '' : ` — ${r.reason}`}\n`;
}

export function registerSentinels(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('sentinels')
    .description("run 'Reply exactly: <token>' through droid exec for each route; exit 0 when every run route passed")
    .option('--settings <path>', 'settings.json to use')
    .option('--droid <path>', 'the droid binary (default: droid on PATH)')
    .option('--route <id>', 'only this route (repeatable)', collect)
    .option('--concurrency <n>', 'routes at once (default: the CPU count, at least 2)')
    .option('--timeout <seconds>', 'per-route deadline', String(DEFAULT_RUNNER.timeoutMs / 1000))
    .option('--force', 'send routes whose surface is red anyway')
    .option('--draft <file>', 'prove a route that is not saved yet (a JSON file with the route), touching no settings file')
    .option('--json', 'print one JSON document')
    .action(async (options: { settings?: string; droid?: string; route?: string[]; concurrency?: string; timeout: string; force?: boolean; draft?: string; json?: boolean }) => {
      const timeoutMs = positive(options.timeout, '--timeout')! * 1000;
      const concurrency = positive(options.concurrency, '--concurrency') ?? defaultConcurrency(cpus().length);
      const rt = await openRuntime(io, { ...(options.settings ? { settings: options.settings } : {}), ...(options.droid ? { droid: options.droid } : {}) });
      const droidPath = await findDroid(options.droid, io.env);
      if (!droidPath) throw new FailureError({ layer: 'droid-account', code: 'no-droid', reason: options.droid ? `No executable droid at ${options.droid}.` : 'Droid is not installed: no droid on PATH or in ~/.local/bin.', remedy: "Install Factory's Droid CLI, or pass --droid PATH." });

      let targets: SentinelTarget[];
      let cleanup = async () => undefined as void;
      if (options.draft) {
        const draft = orThrow(await loadDraft(options.draft, rt.surfaceOptions));
        targets = draft.routes.map((route) => ({ route, draftSettingsFile: draft.settingsFile }));
        cleanup = draft.remove;
      } else {
        const routes = effectiveRoutes(rt.map);
        const unknown = (options.route ?? []).filter((id) => !routes.some((r) => r.id === id));
        if (unknown.length) throw new FailureError({ layer: 'usage', code: 'unknown-route', reason: `No route Droid uses has the id ${unknown.join(', ')}.`, remedy: `Use one of: ${routes.map((r) => r.id).join(', ') || '(none yet)'}.` });
        targets = routes.filter((r) => !options.route || options.route.includes(r.id)).map((route) => ({ route }));
      }
      const snapshot = await rt.monitor.refreshNow();
      const startedAt = new Date().toISOString();
      const results = await runSentinels(
        targets,
        runnerOptionsFor({ droidPath, env: io.env, settingsPath: rt.settingsPath, map: rt.map, lookupKey: rt.lookupKey, surfaceOptions: rt.surfaceOptions, snapshot, concurrency, timeoutMs, force: !!options.force, onProgress: (event) => event.kind === 'verdict' && io.stderr(line(event.result)) }),
      ).finally(cleanup);
      if (!options.draft) await appendHistory(rt.historyFile, rt.machine, results);
      const finishedAt = new Date().toISOString();
      if (options.json) {
        io.stdout(`${JSON.stringify({ machine: rt.machine, startedAt, finishedAt, results: results.map(({ routeId, token, verdict, light, layer, reason, remedy, reply, verdictMs, droidExitCode, exitMs }) => ({ routeId, token, verdict, light, layer, reason, remedy, reply, verdictMs, droidExitCode, exitMs })) }, null, 2)}\n`);
      } else if (results.length === 0) {
        io.stdout('No routes to prove.\n');
      } else {
        io.stdout(renderTable(['VERDICT', 'ROUTE', 'VERDICT S', 'EXIT S', 'REASON', 'REMEDY'], results.map((r) => [MARK[r.verdict], r.routeId, r.verdictMs === null ? '-' : (r.verdictMs / 1000).toFixed(1), r.exitMs === null ? '-' : (r.exitMs / 1000).toFixed(1), r.reason, r.remedy]), 90));
      }
      setExit(results.length > 0 && results.every((r) => r.verdict === 'pass') ? EXIT.ok : EXIT.findings);
    });
}
