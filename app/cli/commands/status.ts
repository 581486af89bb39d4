// `routelights status`: every route's light with its reason and remedy, the surfaces and the Droid
// account on their own rows; --json for one document, --watch to keep checking.
import type { Command } from 'commander';
import type { Color } from '../../model/light.ts';
import type { Snapshot } from '../../model/snapshot.ts';
import { FailureError } from '../../model/failure.ts';
import { openRuntime } from '../runtime.ts';
import { EXIT, type CliIo } from '../io.ts';
import { renderTable } from '../table.ts';

/** Shapes as well as words, so the light reads without colour. */
const MARK: Record<Color, string> = { green: '● ok', yellow: '◐ warn', red: '✕ RED', gray: '○ n/a' };

export function statusDocument(s: Snapshot) {
  return {
    machine: s.machine,
    checkedAt: s.checkedAt,
    settingsPath: s.settingsPath,
    settingsNote: s.settingsNote,
    overall: s.overall,
    droid: { light: s.droid.light, reason: s.droid.reason, remedy: s.droid.remedy, version: s.droid.version, checks: s.droid.checks },
    surfaces: s.surfaces.map(({ id, kind, origin, light, door, reason, remedy, latencyMs, models, notes, unused }) => ({ id, kind, origin, light, door, reason, remedy, latencyMs, models, notes, unused })),
    routes: s.routes.map(({ id, model, displayName, surface, light, layer, reason, remedy, lastSentinel }) => ({ id, model, displayName, surface, light, layer, reason, remedy, lastSentinel })),
  };
}

export function renderStatus(s: Snapshot): string {
  const out: string[] = [];
  out.push(`RouteLights on ${s.machine} · checked ${s.checkedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')} · overall ${MARK[s.overall]}`);
  if (s.settingsNote) out.push(`settings: ${s.settingsNote}`);
  out.push('', 'DROID ACCOUNT');
  out.push(renderTable(['LIGHT', 'VERSION', 'REASON', 'REMEDY'], [[MARK[s.droid.light], s.droid.version ?? '-', s.droid.reason, s.droid.remedy]], 100).trimEnd());
  out.push('', 'SURFACES');
  out.push(renderTable(['LIGHT', 'KIND', 'ORIGIN', 'MS', 'REASON', 'REMEDY'], s.surfaces.map((x) => [MARK[x.light], x.kind, x.origin, x.latencyMs === null ? '-' : String(x.latencyMs), x.reason, x.remedy]), 90).trimEnd());
  for (const note of s.surfaces.flatMap((x) => x.notes)) out.push(`  ${note.severity}: ${note.message} → ${note.remedy}`);
  out.push('', 'ROUTES');
  out.push(s.routes.length ? renderTable(['LIGHT', 'ROUTE', 'SURFACE', 'REASON', 'REMEDY'], s.routes.map((r) => [MARK[r.light], r.id, r.surface ?? '-', r.reason, r.remedy]), 90).trimEnd() : '  (no routes)');
  return `${out.join('\n')}\n`;
}

function exitFor(s: Snapshot): number {
  if (s.settingsNote && s.routes.length === 0 && !s.settingsNote.startsWith('No routes yet')) return EXIT.badInput;
  return s.overall === 'red' ? EXIT.findings : EXIT.ok;
}

export function registerStatus(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('status')
    .description('check every surface and route now: exit 0 when nothing is red, 1 when something is, 2 on bad input')
    .option('--settings <path>', 'settings.json to use')
    .option('--droid <path>', 'the droid binary (default: droid on PATH)')
    .option('--daemon-port <n>', "the Droid daemon's port, to check its /health")
    .option('--json', 'print one JSON document (with --watch: one per line)')
    .option('--watch', 'keep checking, printing after every cycle (Ctrl-C to stop)')
    .option('--interval <seconds>', 'seconds between checks with --watch', '30')
    .action(async (options: { settings?: string; droid?: string; daemonPort?: string; json?: boolean; watch?: boolean; interval: string }) => {
      const interval = Number(options.interval);
      const daemonPort = options.daemonPort === undefined ? undefined : Number(options.daemonPort);
      if (!(interval >= 1) || (daemonPort !== undefined && !(Number.isInteger(daemonPort) && daemonPort > 0))) {
        throw new FailureError({ layer: 'usage', code: 'bad-number', reason: 'Bad --interval or --daemon-port.', remedy: 'Give --interval in seconds (at least 1) and --daemon-port as a port number.' });
      }
      const { monitor } = await openRuntime(io, { ...(options.settings ? { settings: options.settings } : {}), ...(options.droid ? { droid: options.droid } : {}), ...(daemonPort ? { daemonPort } : {}), intervalMs: interval * 1000 }, true);
      const print = (s: Snapshot) => io.stdout(options.json ? `${JSON.stringify(statusDocument(s), null, options.watch ? undefined : 2)}\n` : renderStatus(s));
      if (!options.watch) {
        const snapshot = await monitor.refreshNow();
        print(snapshot);
        setExit(exitFor(snapshot));
        return;
      }
      await new Promise<void>((resolve) => {
        monitor.on('snapshot', (s) => {
          if (!options.json) io.stdout('\x1b[2J\x1b[H');
          print(s);
        });
        process.once('SIGINT', () => {
          monitor.stop();
          resolve();
        });
        monitor.start();
      });
    });
}
