// `routelights status`: every route's light with its reason and remedy, the surfaces and the Droid
// account on their own rows; --json for one document, --watch to keep checking. A running RouteLights
// answers from its last snapshot (and says so); with none, the command checks everything itself.
import { FailureError } from '../../model/failure.ts';
import { GLYPH, type Color } from '../../model/light.ts';
import type { About } from '../../api/contract.ts';
import type { Snapshot, UsageReading } from '../../model/snapshot.ts';
import { countPhrase, routeQuotaPhrase, windowPhrase } from '../../model/usage.ts';
import { connect, describeAbout } from '../connect.ts';
import { EXIT } from '../io.ts';
import type { CommandContext } from '../program.ts';
import { formatFailure } from '../failure-text.ts';
import { stopSignal } from '../stop-signal.ts';
import { renderTable } from '../table.ts';
import { fileLabel } from './routes.ts';

/** A light in words as well as a shape, the way it is spoken: green, yellow, red, gray. */
export function lightLabel(color: Color): string {
  return `${GLYPH[color]} ${color === 'red' ? 'RED' : color}`;
}

export function statusDocument(s: Snapshot, about: About) {
  return {
    answeredBy: { kind: about.kind, pid: about.pid, since: about.startedAt },
    machine: s.machine,
    checkedAt: s.checkedAt,
    settingsPath: s.settingsPath,
    settingsNote: s.settingsNote,
    overall: s.overall,
    keychain: s.keychain,
    droid: { light: s.droid.light, reason: s.droid.reason, remedy: s.droid.remedy, version: s.droid.version, checks: s.droid.checks },
    surfaces: s.surfaces.map(({ id, kind, origin, light, door, reason, remedy, latencyMs, models, notes, unused, kindDeclared, lowPercent }) => ({ id, kind, origin, light, door, reason, remedy, latencyMs, models, notes, unused, kindDeclared, lowPercent })),
    routes: s.routes.map((r) => ({ key: r.key, id: r.id, file: r.source.path, used: r.used, model: r.settings.model, displayName: r.settings.displayName, surface: r.surface?.id ?? null, light: r.light, layer: r.layer, reason: r.reason, remedy: r.remedy, lastSentinel: r.lastSentinel, spends: r.spends, quota: routeQuotaPhrase(r, s.usage, new Date(s.checkedAt)) })),
    usage: s.usage,
  };
}

export function renderStatus(s: Snapshot, about: About, width: number | null): string {
  const out: string[] = [];
  const now = new Date(s.checkedAt);
  out.push(`RouteLights on ${s.machine} · checked ${utc(s.checkedAt)} · overall ${lightLabel(s.overall)}`);
  out.push(`answered by ${describeAbout(about)}`);
  if (s.settingsNote && !unreadable(s)) out.push(`settings: ${s.settingsNote}`);
  out.push('', 'DROID ACCOUNT');
  out.push(renderTable(['LIGHT', 'VERSION', 'REASON', 'REMEDY'], [[lightLabel(s.droid.light), s.droid.version ?? '-', s.droid.reason, s.droid.remedy]], width).trimEnd());
  out.push('', 'SURFACES');
  out.push(renderTable(['LIGHT', 'KIND', 'ORIGIN', 'MS', 'REASON', 'REMEDY'], s.surfaces.map((x) => [lightLabel(x.light), x.kind, x.origin, x.latencyMs === null ? '-' : String(x.latencyMs), x.reason, x.remedy]), width).trimEnd());
  for (const note of s.surfaces.flatMap((x) => x.notes)) out.push(`  ${note.severity}: ${note.message} → ${note.remedy}`);
  if (s.usage.length) out.push('', 'USAGE', renderTable(['ACCOUNT', 'WINDOWS', 'READ'], s.usage.map((u) => usageRow(u, now)), width).trimEnd());
  out.push('', 'ROUTES');
  const projects = s.routes.some((r) => r.source.project !== null);
  const quota = s.routes.some((r) => r.spends);
  out.push(
    s.routes.length
      ? renderTable(['LIGHT', 'ROUTE', ...(projects ? ['FILE'] : []), 'SURFACE', ...(quota ? ['QUOTA'] : []), 'REASON', 'REMEDY'], s.routes.map((r) => [lightLabel(r.light), r.id, ...(projects ? [fileLabel(r)] : []), r.surface?.id ?? '-', ...(quota ? [routeQuotaPhrase(r, s.usage, now) ?? '-'] : []), r.reason, r.remedy]), width).trimEnd()
      : '  (no routes)',
  );
  return `${out.join('\n')}\n`;
}

const utc = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

/** An account's windows in words (those whose reset has passed say nothing), and when they were read, or why the last read failed. */
function usageRow(u: UsageReading, now: Date): string[] {
  const windows = u.windows.filter((w) => w.state !== 'unknown').map((w) => `${w.state === 'exhausted' ? '✕ ' : w.state === 'low' ? '◐ ' : ''}${windowPhrase(w, now)}`);
  const counts = u.counts.map(countPhrase);
  const read = u.problem ? `not read: ${u.problem.reason} → ${u.problem.remedy}${u.readAt ? ` (shown: ${utc(u.readAt)})` : ''}` : u.readAt ? utc(u.readAt) : 'not yet';
  return [u.label, [...windows, ...counts].join('; ') || u.note || '-', read];
}

/** The settings files could not be read (the note is then the failure, for stderr); the snapshot has no revision. */
function unreadable(s: Snapshot): boolean {
  return s.revision === null && s.settingsNote !== null;
}

function exitFor(s: Snapshot): number {
  if (unreadable(s)) return EXIT.badInput;
  return s.overall === 'red' ? EXIT.findings : EXIT.ok;
}

/** What is wrong beside the lights goes to stderr: settings that cannot be read, a keychain that cannot be asked. */
function problems(s: Snapshot, verbose: boolean): string {
  const lines: string[] = [];
  if (unreadable(s)) lines.push(`routelights: [settings] ${s.settingsNote}\n`);
  if (s.keychain) lines.push(formatFailure(s.keychain, verbose).replace(/^routelights:/, 'routelights: warning:'));
  for (const f of s.findings.filter((x) => x.rule === 'surface-kinds')) lines.push(`routelights: warning: [surface] ${f.message}\n  remedy: ${f.remedy}\n`);
  return lines.join('');
}

export async function status(ctx: CommandContext, options: { settings?: string; droid?: string; daemonPort?: string; json?: boolean; watch?: boolean; interval: string }): Promise<void> {
  const { io } = ctx;
  const interval = Number(options.interval);
  const daemonPort = options.daemonPort === undefined ? undefined : Number(options.daemonPort);
  if (!(interval >= 1) || (daemonPort !== undefined && !(Number.isInteger(daemonPort) && daemonPort > 0))) {
    throw new FailureError({ layer: 'usage', code: 'bad-number', reason: 'Bad --interval or --daemon-port.', remedy: 'Give --interval in seconds (at least 1) and --daemon-port as a port number.' });
  }
  const connection = await connect(io, { ...(options.settings ? { settings: options.settings } : {}), ...(options.droid ? { droid: options.droid } : {}), ...(daemonPort ? { daemonPort } : {}), intervalMs: interval * 1000 });
  const { api, about, service } = connection;
  const print = (s: Snapshot) => {
    io.stderr(problems(s, ctx.verbose));
    io.stdout(options.json ? `${JSON.stringify(statusDocument(s, about), null, options.watch ? undefined : 2)}\n` : renderStatus(s, about, io.columns));
  };
  const signal = options.watch ? stopSignal() : null;
  try {
    if (!options.watch) {
      // A running RouteLights answers from what it last saw; this process has seen nothing yet.
      const snapshot = (service ? null : await api.call('snapshot', {})) ?? (await api.call('refresh', {}));
      print(snapshot);
      ctx.setExit(exitFor(snapshot));
      return;
    }
    api.subscribe((event) => {
      if (event.type !== 'snapshot') return;
      if (!options.json) io.stdout('\x1b[2J\x1b[H');
      print(event.snapshot);
    });
    if (service) void service.start({ poll: true });
    else void api.call('snapshot', {}).then((s) => s && print(s));
    await signal!.stopped;
  } finally {
    await connection.close();
    signal?.release();
  }
}
