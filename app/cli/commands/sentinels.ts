// `routelights sentinels`: proof through the real Droid for every route (or the ones named, or a draft),
// progress as routes finish or wait on Droid's retries, a final table or one JSON document; exit 0 when
// all passed. A run started while another runs (from the menu bar, the window or another terminal) is
// refused, naming it.
import { FailureError, orThrow } from '../../model/failure.ts';
import type { SentinelResult } from '../../model/sentinel.ts';
import { readDraftEntries } from '../../sentinels/draft.ts';
import { withConnection } from '../connect.ts';
import { EXIT } from '../io.ts';
import type { CommandContext } from '../program.ts';
import { onInterrupt } from '../stop-signal.ts';
import { renderTable } from '../table.ts';
import { fileLabel } from './routes.ts';

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

export async function sentinels(ctx: CommandContext, options: { settings?: string; droid?: string; route?: string[]; concurrency?: string; timeout: string; force?: boolean; draft?: string; json?: boolean }): Promise<void> {
  const { io } = ctx;
  const timeoutMs = Math.round(positive(options.timeout, '--timeout')! * 1000);
  const concurrency = positive(options.concurrency, '--concurrency');
  if (concurrency !== undefined && !Number.isInteger(concurrency)) throw new FailureError({ layer: 'usage', code: 'bad-number', reason: `--concurrency ${options.concurrency} is not a whole number.`, remedy: 'Give a whole number of routes at once, e.g. --concurrency 4.' });
  const drafts = options.draft ? orThrow(await readDraftEntries(options.draft)) : undefined;
  await withConnection(io, options, async ({ api, about, service }) => {
    // Stopped by a signal, a run this terminal started in a running RouteLights is cancelled there too.
    const forget = service ? () => false : onInterrupt(() => api.call('cancelSentinels', {}));
    const unsubscribe = api.subscribe((event) => {
      if (event.type === 'sentinel' && event.phase === 'verdict' && event.result) io.stderr(line(event.result));
      if (event.type === 'sentinel' && event.waiting) io.stderr(`… ${event.routeId}: Droid retries the model call (${event.waiting.why}, attempt ${event.waiting.attempt})\n`);
    });
    const startedAt = new Date().toISOString();
    const { results, note } = await api
      .call('runSentinels', { requestedBy: 'terminal', timeoutMs, ...(concurrency ? { concurrency } : {}), ...(options.force ? { force: true } : {}), ...(drafts ? { drafts } : options.route ? { routeIds: options.route } : {}) })
      .finally(() => {
        unsubscribe();
        forget();
      });
    const finishedAt = new Date().toISOString();
    if (note) io.stderr(`Note: ${note}\n`);
    if (options.json) {
      io.stdout(`${JSON.stringify({ machine: about.machine, startedAt, finishedAt, results: results.map(({ routeId, routeKey, token, verdict, light, layer, reason, remedy, reply, verdictMs, droidExitCode, exitMs }) => ({ routeId, routeKey, token, verdict, light, layer, reason, remedy, reply, verdictMs, droidExitCode, exitMs })) }, null, 2)}\n`);
    } else if (results.length === 0) {
      io.stdout('No routes to prove.\n');
    } else {
      // The same id may be proven in two files (yours and a project's): then each row names its file.
      const records = drafts ? [] : (await api.call('routes', {})).routes;
      const fileOf = (r: SentinelResult) => {
        const record = records.find((x) => x.key === r.routeKey);
        return record ? fileLabel(record) : 'draft';
      };
      const files = new Set(results.map(fileOf)).size > 1;
      io.stdout(
        renderTable(
          ['VERDICT', 'ROUTE', ...(files ? ['FILE'] : []), 'VERDICT S', 'EXIT S', 'REASON', 'REMEDY'],
          results.map((r) => [MARK[r.verdict], r.routeId, ...(files ? [fileOf(r)] : []), r.verdictMs === null ? '-' : (r.verdictMs / 1000).toFixed(1), r.exitMs === null ? '-' : (r.exitMs / 1000).toFixed(1), r.reason, r.remedy]),
          io.columns,
        ),
      );
    }
    ctx.setExit(results.length > 0 && results.every((r) => r.verdict === 'pass') ? EXIT.ok : EXIT.findings);
  });
}
