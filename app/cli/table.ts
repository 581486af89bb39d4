// Plain-text tables for the terminal: columns padded to their widest cell. Given the terminal's width,
// the widest columns are narrowed until the table fits, and their cells wrap at word boundaries; with no
// width (the output is not a terminal) nothing is cut or wrapped. A reason is never cut short.

const GAP = '  ';
const MIN_COLUMN = 12;

/** Breaks text into lines of at most `width` characters, at spaces where it can. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    for (let rest = word; rest.length > 0; ) {
      const room = line ? width - line.length - 1 : width;
      if (rest.length <= room) {
        line = line ? `${line} ${rest}` : rest;
        rest = '';
      } else if (line) {
        lines.push(line);
        line = '';
      } else {
        lines.push(rest.slice(0, width));
        rest = rest.slice(width);
      }
    }
  }
  return [...lines, line];
}

/** Column widths that fit `width`: the widest column gives way first, none below MIN_COLUMN (or its header). */
function fit(natural: number[], headers: readonly string[], width: number | null): number[] {
  const widths = [...natural];
  if (width === null) return widths;
  const total = () => widths.reduce((a, b) => a + b, 0) + GAP.length * (widths.length - 1);
  while (total() > width) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest]! <= Math.max(MIN_COLUMN, headers[widest]!.length)) break;
    widths[widest]!--;
  }
  return widths;
}

/** A table; `width` is the terminal's (null when the output is not a terminal). */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[], width: number | null): string {
  const cells = [headers, ...rows].map((row) => row.map((c) => c.replace(/\s+/g, ' ').trim()));
  const widths = fit(headers.map((_, i) => Math.max(...cells.map((row) => row[i]?.length ?? 0))), headers, width);
  const out: string[] = [];
  for (const row of cells) {
    const wrapped = row.map((c, i) => wrap(c, widths[i]!));
    const height = Math.max(...wrapped.map((w) => w.length));
    for (let n = 0; n < height; n++) out.push(wrapped.map((w, i) => (i === row.length - 1 ? (w[n] ?? '') : (w[n] ?? '').padEnd(widths[i]!))).join(GAP).trimEnd());
  }
  return `${out.join('\n')}\n`;
}
