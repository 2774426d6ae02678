/**
 * Plain-text tables for terminals: columns padded to their widest cell, long cells cut with an ellipsis.
 * Widths count what a terminal draws: combining marks (Arabic diacritics) take no column.
 */

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | null | undefined;
  /** Longest cell before it is cut (default 40). */
  max?: number;
  /** Numbers read better right-aligned. */
  align?: 'left' | 'right';
}

/** The columns a string takes in a terminal (code points that are not combining marks). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) if (!/\p{M}/u.test(ch)) width++;
  return width;
}

/** The text cut to at most `max` columns, ending with "…" when cut; newlines and runs of space folded. */
export function fitCell(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (displayWidth(flat) <= max) return flat;
  let out = '';
  let width = 0;
  for (const ch of flat) {
    const w = /\p{M}/u.test(ch) ? 0 : 1;
    if (width + w > max - 1) break;
    out += ch;
    width += w;
  }
  return `${out.trimEnd()}…`;
}

/** The rows as a table: a header line, a rule, one line per row; every line ends with a newline. */
export function formatTable<T>(rows: readonly T[], columns: ReadonlyArray<Column<T>>): string {
  const cells = rows.map((row) =>
    columns.map((c) => {
      const v = c.value(row);
      return fitCell(v === null || v === undefined ? '' : String(v), c.max ?? 40);
    }),
  );
  const widths = columns.map((c, i) =>
    Math.max(displayWidth(c.header), ...cells.map((line) => displayWidth(line[i]!))),
  );
  const pad = (text: string, i: number) => {
    const gap = ' '.repeat(widths[i]! - displayWidth(text));
    return columns[i]!.align === 'right' ? gap + text : text + gap;
  };
  const line = (texts: string[]) => texts.map(pad).join('  ').trimEnd() + '\n';
  return (
    line(columns.map((c) => c.header)) + line(widths.map((w) => '─'.repeat(w))) + cells.map(line).join('')
  );
}
