// Sentinel history: one JSON line per verdict, tagged with the machine, in the data folder. It survives
// restarts (the monitor reads the last verdict per route at start) and is bounded by age and count.
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SentinelResult } from '../model/sentinel.ts';
import { redactor } from '../secrets/redact.ts';

/** A history line: a sentinel result (without the exit time) tagged with the machine; lines written before routes had keys have none. */
export type HistoryEntry = Omit<SentinelResult, 'exitMs' | 'routeKey'> & { machine: string; routeKey?: string };

const TEXT_FIELDS = ['machine', 'routeId', 'token', 'light', 'layer', 'reason', 'remedy', 'startedAt', 'finishedAt'] as const;

/**
 * A line of our own file, checked by hand rather than with the contract's zod schema: the history is read
 * by commands that must start in tens of milliseconds, and zod alone would double that.
 */
function isEntry(value: unknown): value is HistoryEntry {
  const e = value as Record<string, unknown> | null;
  return !!e && typeof e === 'object' && TEXT_FIELDS.every((f) => typeof e[f] === 'string') && ['pass', 'fail', 'skipped'].includes(e.verdict as string) && (e.routeKey === undefined || typeof e.routeKey === 'string');
}

export interface HistoryLimits {
  maxEntries: number;
  maxAgeMs: number;
}

export const DEFAULT_HISTORY: HistoryLimits = { maxEntries: 5_000, maxAgeMs: 90 * 24 * 3_600_000 };

export function historyPath(dir: string): string {
  return join(dir, 'sentinel-history.jsonl');
}

export async function readHistory(path: string): Promise<HistoryEntry[]> {
  const text = await fs.readFile(path, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      try {
        const entry: unknown = JSON.parse(line);
        return isEntry(entry) ? [entry] : [];
      } catch {
        // A half-written last line (a crash mid-append) is skipped, not fatal.
        return [];
      }
    });
}

/** A history line: what came back and the reasons pass the redactor before they reach the disk. */
function toEntry(machine: string, r: SentinelResult): HistoryEntry {
  const clean = (t: string) => redactor.redact(t);
  return { machine, routeId: r.routeId, routeKey: r.routeKey, token: r.token, verdict: r.verdict, light: r.light, layer: r.layer, reason: clean(r.reason), remedy: clean(r.remedy), reply: r.reply === null ? null : clean(r.reply), verdictMs: r.verdictMs, droidExitCode: r.droidExitCode, startedAt: r.startedAt, finishedAt: r.finishedAt };
}

/** Appends results, then prunes by age and count (rewriting the file atomically) when it grew past the bound. */
export async function appendHistory(path: string, machine: string, results: readonly SentinelResult[], limits: HistoryLimits = DEFAULT_HISTORY, now = new Date()): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const lines = results.filter((r) => r.verdict !== 'skipped' || r.reason !== 'Cancelled.').map((r) => JSON.stringify(toEntry(machine, r)));
  if (lines.length === 0) return;
  await fs.appendFile(path, `${lines.join('\n')}\n`, { mode: 0o600 });
  const entries = await readHistory(path);
  const cutoff = now.getTime() - limits.maxAgeMs;
  const kept = entries.filter((e) => Date.parse(e.finishedAt) >= cutoff).slice(-limits.maxEntries);
  if (kept.length === entries.length) return;
  const temp = `${path}.${process.pid}.tmp`;
  await fs.writeFile(temp, kept.map((e) => JSON.stringify(e)).join('\n') + (kept.length ? '\n' : ''), { mode: 0o600 });
  await fs.rename(temp, path);
}

/** The newest pass or fail per route key (skips say nothing about the route itself); an old line without a key, by its id. */
export function lastVerdicts(entries: readonly HistoryEntry[]): Map<string, HistoryEntry> {
  const last = new Map<string, HistoryEntry>();
  for (const e of entries) if (e.verdict !== 'skipped') last.set(e.routeKey ?? e.routeId, e);
  return last;
}
