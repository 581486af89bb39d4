// `routelights lint`: every finding about the routes, with its rule, severity and remedy; --fix removes
// trailing commas (the one finding a machine can fix alone), with a backup.
import { EXIT } from '../io.ts';
import { withConnection } from '../connect.ts';
import type { CommandContext } from '../program.ts';
import { renderTable } from '../table.ts';

export async function lint(ctx: CommandContext, options: { settings?: string; json?: boolean; fix?: boolean }): Promise<void> {
  const { io } = ctx;
  await withConnection(io, options, async ({ api }) => {
    if (options.fix) {
      const { fixes } = await api.call('fixTrailingCommas', {});
      for (const fix of fixes) io.stderr(`Removed ${fix.removed} trailing comma(s) from ${fix.path}${fix.backupPath ? ` (backup: ${fix.backupPath})` : ''}\n`);
    }
    const { findings, routes, settingsPath } = await api.call('routes', {});
    if (findings.some((f) => f.severity === 'error')) ctx.setExit(EXIT.findings);
    if (options.json) {
      const out = findings.map(({ rule, severity, routeId, routeKey, field, file, message, remedy }) => ({ rule, severity, routeId, routeKey, ...(field ? { field } : {}), ...(file ? { file } : {}), message, remedy }));
      return io.stdout(`${JSON.stringify({ findings: out }, null, 2)}\n`);
    }
    if (findings.length === 0) return io.stdout(routes.length === 0 ? `No routes yet in ${settingsPath}: nothing to lint. Add one with 'routelights routes add'.\n` : `No findings for the ${routes.length} route(s) in ${settingsPath}.\n`);
    io.stdout(renderTable(['SEVERITY', 'ROUTE', 'RULE', 'MESSAGE', 'REMEDY'], findings.map((f) => [f.severity, f.routeId ?? '-', f.rule, f.message, f.remedy]), io.columns));
  });
}
