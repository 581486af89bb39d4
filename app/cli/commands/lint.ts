// `routelights lint`: every finding about the routes, with its rule, severity and remedy.
import type { Command } from 'commander';
import { orThrow } from '../../model/failure.ts';
import { fixTrailingCommas } from '../../settings/fix-trailing-commas.ts';
import { lintRoutes } from '../../settings/lint.ts';
import { surfaceOptionsFromEnv } from '../../surfaces/derive.ts';
import { EXIT, type CliIo } from '../io.ts';
import { renderTable } from '../table.ts';
import { loadFromOptions, type SettingsOption } from './routes.ts';

export function registerLint(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('lint')
    .description('check the routes for wrong doors before running them (exit 1 on errors)')
    .option('--settings <path>', 'settings.json to use')
    .option('--json', 'print one JSON document')
    .option('--fix', 'remove trailing commas (Droid ignores a file that has one), with a backup')
    .action(async (options: SettingsOption & { json?: boolean; fix?: boolean }) => {
      let map = await loadFromOptions(io, options);
      if (options.fix) {
        for (const fix of orThrow(await fixTrailingCommas(map))) io.stderr(`Removed ${fix.removed} trailing comma(s) from ${fix.path}${fix.backupPath ? ` (backup: ${fix.backupPath})` : ''}\n`);
        map = await loadFromOptions(io, options);
      }
      const findings = [...map.problems, ...lintRoutes(map.routes, surfaceOptionsFromEnv(io.env))];
      if (findings.some((f) => f.severity === 'error')) setExit(EXIT.findings);
      if (options.json) {
        const out = findings.map(({ rule, severity, routeId, field, file, message, remedy }) => ({ rule, severity, routeId, ...(field ? { field } : {}), ...(file ? { file } : {}), message, remedy }));
        return io.stdout(`${JSON.stringify({ findings: out }, null, 2)}\n`);
      }
      if (findings.length === 0) return io.stdout(`No findings for the ${map.routes.length} route(s) in ${map.paths.settings}.\n`);
      io.stdout(renderTable(['SEVERITY', 'ROUTE', 'RULE', 'MESSAGE', 'REMEDY'], findings.map((f) => [f.severity, f.routeId ?? '-', f.rule, f.message, f.remedy]), 90));
    });
}
