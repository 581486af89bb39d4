// `routelights report`: this machine's readiness checklist, as markdown to paste or as JSON; and two
// saved reports compared line by line.
import { promises as fs } from 'node:fs';
import { FailureError, fail, orThrow } from '../../model/failure.ts';
import { fsFailure } from '../../settings/fs-failure.ts';
import { withConnection } from '../connect.ts';
import { EXIT } from '../io.ts';
import type { CommandContext } from '../program.ts';

async function readReport(file: string) {
  const [{ reportSchema }, text] = await Promise.all([import('../../api/contract.ts'), fs.readFile(file, 'utf8').catch((error: unknown) => orThrow(fail(fsFailure('reading', file, error))))]);
  try {
    return reportSchema.parse(JSON.parse(text));
  } catch {
    throw new FailureError({ layer: 'usage', code: 'bad-report', reason: `${file} is not a RouteLights readiness report.`, remedy: 'Save one with routelights report --json > FILE on each machine.' });
  }
}

export async function report(ctx: CommandContext, options: { settings?: string; droid?: string; md?: boolean; json?: boolean; compare?: string[] }): Promise<void> {
  const { io } = ctx;
  if (options.compare) {
    if (options.compare.length !== 2) throw new FailureError({ layer: 'usage', code: 'compare-two', reason: '--compare takes exactly two report files.', remedy: 'routelights report --compare A.json B.json (each from routelights report --json on its machine).' });
    const { comparisonMarkdown, compareReports } = await import('../../sentinels/report-compare.ts');
    const [a, b] = await Promise.all(options.compare.map(readReport));
    const lines = compareReports(a!, b!);
    io.stdout(options.json ? `${JSON.stringify({ a: a!.machine, b: b!.machine, lines }, null, 2)}\n` : comparisonMarkdown(a!, b!));
    ctx.setExit(lines.some((l) => l.differs) ? EXIT.findings : EXIT.ok);
    return;
  }
  await withConnection(io, options, async ({ api }) => {
    const { report: checklist, markdown } = await api.call('report', {});
    io.stdout(options.json ? `${JSON.stringify(checklist, null, 2)}\n` : markdown);
    ctx.setExit(checklist.items.every((i) => i.ok !== false) ? EXIT.ok : EXIT.findings);
  });
}
