// `routelights report`: this machine's readiness checklist, as markdown to paste or as JSON.
import type { Command } from 'commander';
import { readinessReport, reportMarkdown } from '../../sentinels/report.ts';
import { effectiveRoutes } from '../../settings/route-map.ts';
import { EXIT, type CliIo } from '../io.ts';
import { openRuntime } from '../runtime.ts';

export function registerReport(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('report')
    .description("the field guide's readiness checklist for this machine (markdown, or --json)")
    .option('--settings <path>', 'settings.json to use')
    .option('--droid <path>', 'the droid binary (default: droid on PATH)')
    .option('--md', 'markdown (the default)')
    .option('--json', 'one JSON document')
    .action(async (options: { settings?: string; droid?: string; md?: boolean; json?: boolean }) => {
      const rt = await openRuntime(io, { ...(options.settings ? { settings: options.settings } : {}), ...(options.droid ? { droid: options.droid } : {}) });
      const snapshot = await rt.monitor.refreshNow();
      const report = await readinessReport(snapshot, effectiveRoutes(rt.map), rt.historyFile, rt.lookupKey, rt.monitor.options.freshnessMs);
      io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : reportMarkdown(report));
      setExit(report.items.every((i) => i.ok !== false) ? EXIT.ok : EXIT.findings);
    });
}
