/**
 * A small RFC 4180 CSV reader: comma-separated fields, double-quoted fields that may hold commas,
 * line breaks and doubled quotes (""), CRLF or LF record ends, an optional UTF-8 byte order mark.
 * Pure: text in, records out. It never throws: malformed input is reported with line numbers and read
 * as leniently as possible.
 */

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
}

export interface CsvProblem {
  line: number;
  message: string;
}

export interface CsvResult {
  records: CsvRecord[];
  problems: CsvProblem[];
}

/**
 * Reads CSV text. Records made of one empty field (blank lines) are dropped. A quote that is not at
 * the start of a field is kept as a character; text after a closing quote is appended to the field;
 * an unterminated quoted field runs to the end of the text. Each of those is reported in `problems`.
 */
export function parseCsv(text: string, delimiter = ','): CsvResult {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '"' && field === '') {
      // Quoted field.
      const quoteLine = line;
      i++;
      let closed = false;
      while (i < src.length) {
        const c = src[i]!;
        if (c === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        if (c === '\n') line++;
        field += c;
        i++;
      }
      if (!closed) {
        problems.push({ line: quoteLine, message: 'unterminated quoted field' });
        continue;
      }
      // After the closing quote: a delimiter, a record end or the end of the text.
      if (i < src.length && src[i] !== delimiter && src[i] !== '\n' && src[i] !== '\r') {
        problems.push({ line, message: 'text after a closing quote' });
        // The stray text is taken into the field; mark the field as started so quotes stay literal.
        while (i < src.length && src[i] !== delimiter && src[i] !== '\n' && src[i] !== '\r') {
          field += src[i];
          i++;
        }
      }
      continue;
    }
    if (ch === delimiter) {
      fields.push(field);
      field = '';
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    if (ch === '"') problems.push({ line, message: 'quote inside an unquoted field' });
    field += ch;
    i++;
  }
  if (field !== '' || fields.length > 0) endRecord();
  return { records, problems };
}
