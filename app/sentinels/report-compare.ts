// Two machines' readiness reports side by side, line by line (the lines are the same on every machine),
// differences first: "it worked somewhere" is not an ops report.
import type { ReadinessReport, ReportItem } from './report.ts';

export interface ComparedLine {
  id: string;
  label: string;
  a: ReportItem | null;
  b: ReportItem | null;
  differs: boolean;
}

const tick = (item: ReportItem | null) => (item === null ? 'absent' : item.ok === null ? 'n/a' : item.ok ? 'yes' : 'NO');

export function compareReports(a: ReadinessReport, b: ReadinessReport): ComparedLine[] {
  const ids = [...new Set([...a.items.map((i) => i.id), ...b.items.map((i) => i.id)])];
  const lines = ids.map((id) => {
    const x = a.items.find((i) => i.id === id) ?? null;
    const y = b.items.find((i) => i.id === id) ?? null;
    return { id, label: (x ?? y)!.label, a: x, b: y, differs: tick(x) !== tick(y) };
  });
  return [...lines.filter((l) => l.differs), ...lines.filter((l) => !l.differs)];
}

export function comparisonMarkdown(a: ReadinessReport, b: ReadinessReport): string {
  const cell = (t: string) => t.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
  const lines = compareReports(a, b);
  const out = [`# Droid readiness — ${a.machine} vs ${b.machine}`, '', `${lines.filter((l) => l.differs).length} line(s) differ.`, '', `| | check | ${cell(a.machine)} | ${cell(b.machine)} |`, '|---|---|---|---|'];
  for (const l of lines) out.push(`| ${l.differs ? '≠' : '='} | ${cell(l.label)} | ${tick(l.a)}: ${cell(l.a?.evidence ?? '')} | ${tick(l.b)}: ${cell(l.b?.evidence ?? '')} |`);
  return `${out.join('\n')}\n`;
}
