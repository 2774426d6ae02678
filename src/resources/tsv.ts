/**
 * Reader for the project's TSV data files: a header line naming the columns, one record a line,
 * '#' comment lines and blank lines ignored. Pure: takes text, returns rows.
 */
export type TsvRow = Record<string, string>;

export class TsvError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${line}: ${message}`);
    this.name = 'TsvError';
  }
}

export function parseTsv(text: string, file = '<tsv>', required: readonly string[] = []): TsvRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let header: string[] | null = null;
  const rows: TsvRow[] = [];
  lines.forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    const cells = line.split('\t');
    if (!header) {
      header = cells.map((c) => c.trim());
      for (const r of required)
        if (!header.includes(r)) throw new TsvError(file, i + 1, `missing column "${r}"`);
      return;
    }
    if (cells.length > header.length)
      throw new TsvError(file, i + 1, `${cells.length} cells, header has ${header.length}`);
    const row: TsvRow = {};
    header.forEach((h, k) => (row[h] = (cells[k] ?? '').trim()));
    row['__line'] = String(i + 1);
    rows.push(row);
  });
  return rows;
}
