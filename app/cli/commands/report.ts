// `routelights report`: this machine's readiness checklist, as markdown to paste or as JSON.
import type { Command } from 'commander';
import { promises as fs } from 'node:fs';
import { reportSchema } from '../../api/contract.ts';
import { fail, FailureError, orThrow } from '../../model/failure.ts';
import { comparisonMarkdown, compareReports } from '../../sentinels/report-compare.ts';
import { readinessReport, reportMarkdown, type ReadinessReport } from '../../sentinels/report.ts';
import { fsFailure } from '../../settings/fs-failure.ts';
import { effectiveRoutes } from '../../settings/route-map.ts';
import { EXIT, type CliIo } from '../io.ts';
import { openRuntime } from '../runtime.ts';

async function readReport(file: string): Promise<ReadinessReport> {
  const text = await fs.readFile(file, 'utf8').catch((error: unknown) => orThrow(fail(fsFailure('reading', file, error))));
  try {
    return reportSchema.parse(JSON.parse(text));
  } catch {
    throw new FailureError({ layer: 'usage', code: 'bad-report', reason: `${file} is not a RouteLights readiness report.`, remedy: 'Save one with routelights report --json > FILE on each machine.' });
  }
}

export function registerReport(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('report')
    .description("the field guide's readiness checklist for this machine (markdown, or --json)")
    .option('--settings <path>', 'settings.json to use')
    .option('--droid <path>', 'the droid binary (default: droid on PATH)')
    .option('--md', 'markdown (the default)')
    .option('--json', 'one JSON document')
    .option('--compare <files...>', 'compare two saved JSON reports (A.json B.json) line by line, differences first')
    .action(async (options: { settings?: string; droid?: string; md?: boolean; json?: boolean; compare?: string[] }) => {
      if (options.compare) {
        if (options.compare.length !== 2) throw new FailureError({ layer: 'usage', code: 'compare-two', reason: '--compare takes exactly two report files.', remedy: 'routelights report --compare A.json B.json (each from routelights report --json on its machine).' });
        const [a, b] = await Promise.all(options.compare.map(readReport));
        const lines = compareReports(a!, b!);
        io.stdout(options.json ? `${JSON.stringify({ a: a!.machine, b: b!.machine, lines }, null, 2)}\n` : comparisonMarkdown(a!, b!));
        setExit(lines.some((l) => l.differs) ? EXIT.findings : EXIT.ok);
        return;
      }
      const rt = await openRuntime(io, { ...(options.settings ? { settings: options.settings } : {}), ...(options.droid ? { droid: options.droid } : {}) });
      const snapshot = await rt.monitor.refreshNow();
      const report = await readinessReport(snapshot, effectiveRoutes(rt.map), rt.historyFile, rt.lookupKey, rt.monitor.options.freshnessMs);
      io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : reportMarkdown(report));
      setExit(report.items.every((i) => i.ok !== false) ? EXIT.ok : EXIT.findings);
    });
}
