// Feeds the last sentinel verdicts from the history into a monitor, so that lights survive restarts.
import { lastVerdicts, readHistory } from '../sentinels/history.ts';
import type { Monitor } from './monitor.ts';

export async function primeFromHistory(monitor: Monitor, historyFile: string): Promise<void> {
  for (const [routeId, e] of lastVerdicts(await readHistory(historyFile))) {
    if (e.verdict !== 'skipped') monitor.recordSentinel(routeId, { verdict: e.verdict, at: e.finishedAt, reason: e.reason, remedy: e.remedy });
  }
}
