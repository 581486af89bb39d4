// Plain-text tables for the terminal: columns padded to their widest cell. Given the terminal's width,
// the prose columns (reasons, remedies) wrap at word boundaries until the table fits; on a terminal too
// narrow for that, each row becomes a block, its ids on one line and its prose below. Ids, URLs and
// paths are never cut, so they can be copied; with no width (not a terminal) nothing wraps.

const GAP = '  ';
const INDENT = '    ';
/** Narrower than this a prose column reads a word or two a line, and rows become blocks instead. */
const MIN_PROSE = 20;

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

/** Column widths that fit `width`, narrowing the widest prose column first; null when prose cannot make room. */
function fit(natural: readonly number[], headers: readonly string[], prose: readonly boolean[], width: number | null): number[] | null {
  const widths = [...natural];
  if (width === null) return widths;
  const total = () => widths.reduce((a, b) => a + b, 0) + GAP.length * (widths.length - 1);
  while (total() > width) {
    const candidates = widths.map((w, i) => (prose[i] && w > Math.max(MIN_PROSE, headers[i]!.length) ? w : -1));
    const widest = candidates.indexOf(Math.max(...candidates));
    if (candidates[widest]! < 0) return null;
    widths[widest]!--;
  }
  return widths;
}

/** The narrow-terminal form: a line of the row's ids, then each prose cell, named and indented. */
function blocks(cells: readonly string[][], prose: readonly boolean[], width: number): string[] {
  const [headers, ...rows] = cells as [string[], ...string[][]];
  const ids = headers.map((_, i) => i).filter((i) => !prose[i]);
  const idWidths = ids.map((i) => Math.max(...cells.map((row) => row[i]?.length ?? 0)));
  const idLine = (row: readonly string[]) => ids.map((i, n) => (row[i] ?? '').padEnd(idWidths[n]!)).join(GAP).trimEnd();
  const out = [idLine(headers)];
  for (const row of rows) {
    out.push(idLine(row));
    for (const [i, header] of headers.entries()) {
      if (!prose[i] || !row[i]) continue;
      // A hanging indent, so that a wrapped remedy reads as one.
      const [first, ...more] = wrap(`${header.toLowerCase()}: ${row[i]}`, width - INDENT.length - 2);
      out.push(`${INDENT}${first}`, ...more.map((l) => `${INDENT}  ${l}`));
    }
  }
  return out;
}

/** A table; `width` is the terminal's (null when the output is not a terminal). */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[], width: number | null): string {
  const cells = [headers, ...rows].map((row) => row.map((c) => c.replace(/\s+/g, ' ').trim()));
  const natural = headers.map((_, i) => Math.max(...cells.map((row) => row[i]?.length ?? 0)));
  const prose = headers.map((_, i) => rows.some((row) => (row[i] ?? '').trim().includes(' ')));
  const widths = fit(natural, headers, prose, width);
  if (!widths) return `${blocks(cells, prose, width!).join('\n')}\n`;
  const out: string[] = [];
  for (const row of cells) {
    const wrapped = row.map((c, i) => wrap(c, widths[i]!));
    const height = Math.max(...wrapped.map((w) => w.length));
    for (let n = 0; n < height; n++) out.push(wrapped.map((w, i) => (i === row.length - 1 ? (w[n] ?? '') : (w[n] ?? '').padEnd(widths[i]!))).join(GAP).trimEnd());
  }
  return `${out.join('\n')}\n`;
}
