/** `marsad eval`: scores extraction against the user's own gold annotations (docs/eval.md). */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { extract, type ExtractOptions } from '../extract.js';
import {
  parseGold,
  parsePredictions,
  scoreExtraction,
  scoreLine,
  type EvalReport,
  type GoldDocument,
  type LineIssue,
  type PredictedDocument,
  type Prf,
} from '../eval/score-extraction.js';
import { DEFAULT_MAX_BYTES, MB, readDocumentFile } from '../io/read-document.js';
import type { Resources } from '../resources/resources.js';
import { MarsadError, fromFsError, reasonOf } from './errors.js';
import { isIsoDate, shiftOffsets, type CommandIO } from './extract-command.js';
import { fitCell, formatTable } from './format-table.js';
import { LEXICONS_OPTION_HELP, loadCommandResources } from './lexicons-option.js';

export const EVAL_HELP = `Usage: marsad eval --gold GOLD.jsonl --corpus DIR [options]

Scores event extraction against gold annotations: event precision, recall and F1
(overall, strict and per type), argument accuracy, and person, place and group
entities. The gold format and the scoring rules are described in docs/eval.md.

Without --pred, marsad extracts the articles the gold file names itself, as
\`marsad extract\` would; with --pred, the given output (of marsad or of another
extractor following the same contract) is scored instead.

Options:
  --gold FILE              gold annotations, JSON Lines (one article per line)
  --corpus DIR             the annotated articles: each gold "doc" is a file name in DIR
  --pred FILE              predictions to score, JSON Lines as \`marsad extract\` prints
  --published YYYY-MM-DD   publication date for every article when extracting
                           (default: found in the article header, as \`marsad extract\`)
  --max-size MB            refuse articles larger than this when extracting (default 20)
${LEXICONS_OPTION_HELP}
  --json                   the report as one JSON object
  -v, --verbose            also list every missed event and false alarm, with its
                           sentence, and every wrong argument
  --min-event-f1 X         exit 1 when the event F1 is below X (0 to 1)
  --min-strict-f1 X        exit 1 when the strict event F1 is below X
  --min-argument-mean X    exit 1 when the mean argument accuracy is below X
  --min-place-recall X     exit 1 when the place recall is below X
  -h, --help               show this help

The last line of the text report is
  score: event_f1=… strict_f1=… argument_mean=… person_f1=… place_recall=… group_f1=…

Exit status: 0 scored (and every bar met), 1 a bar missed, a bad gold or
prediction line, a missing article or a failed extraction, 2 usage error.
`;

/** The bars: option name, the figure it checks, and its name in the score line. */
const BARS = [
  { option: 'min-event-f1', figure: 'event_f1' },
  { option: 'min-strict-f1', figure: 'strict_f1' },
  { option: 'min-argument-mean', figure: 'argument_mean' },
  { option: 'min-place-recall', figure: 'place_recall' },
] as const;

type BarOption = (typeof BARS)[number]['option'];

export interface EvalArgs {
  gold: string;
  corpus: string;
  pred: string | undefined;
  published: string | undefined;
  maxBytes: number;
  /** The lexicon overlay directory (--lexicons) used when extracting, undefined for the default. */
  lexicons: string | undefined;
  json: boolean;
  verbose: boolean;
  bars: Partial<Record<BarOption, number>>;
  help: boolean;
}

function usage(detail: string): MarsadError {
  return MarsadError.of('E_USAGE', { detail, help: 'marsad eval --help' });
}

/** Parses the command line; throws E_USAGE or E_BAD_DATE. */
export function parseEvalArgs(argv: readonly string[]): EvalArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        gold: { type: 'string' },
        corpus: { type: 'string' },
        pred: { type: 'string' },
        published: { type: 'string' },
        'max-size': { type: 'string' },
        lexicons: { type: 'string' },
        json: { type: 'boolean' },
        verbose: { type: 'boolean', short: 'v' },
        'min-event-f1': { type: 'string' },
        'min-strict-f1': { type: 'string' },
        'min-argument-mean': { type: 'string' },
        'min-place-recall': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
      strict: true,
    });
  } catch (err) {
    throw usage(reasonOf(err));
  }
  const { values } = parsed;
  const base = {
    pred: values.pred,
    published: values.published,
    lexicons: values.lexicons,
    json: values.json === true,
    verbose: values.verbose === true,
    help: values.help === true,
  };
  if (base.help) return { ...base, gold: '', corpus: '', maxBytes: DEFAULT_MAX_BYTES, bars: {} };
  if (values.gold === undefined) throw usage('--gold FILE is required');
  if (values.corpus === undefined) throw usage('--corpus DIR is required');
  if (values.published !== undefined && !isIsoDate(values.published))
    throw MarsadError.of('E_BAD_DATE', { value: `'${values.published}'` });
  if (values.published !== undefined && values.pred !== undefined)
    throw usage('--published applies to extraction; it cannot be given with --pred');
  if (values.lexicons !== undefined && values.lexicons.trim() === '')
    throw usage('--lexicons wants a directory');
  if (values.lexicons !== undefined && values.pred !== undefined)
    throw usage('--lexicons applies to extraction; it cannot be given with --pred');

  let maxBytes = DEFAULT_MAX_BYTES;
  const size = values['max-size'];
  if (size !== undefined) {
    const mb = Number(size);
    if (size.trim() === '' || !Number.isFinite(mb) || mb <= 0)
      throw usage(`--max-size must be a positive number of megabytes, got '${size}'`);
    maxBytes = Math.floor(mb * MB);
  }

  const bars: Partial<Record<BarOption, number>> = {};
  for (const { option } of BARS) {
    const raw = values[option];
    if (raw === undefined) continue;
    const x = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(x) || x < 0 || x > 1)
      throw usage(`--${option} must be a number from 0 to 1, got '${raw}'`);
    bars[option] = x;
  }
  return { ...base, gold: values.gold, corpus: values.corpus, maxBytes, bars };
}

/** Bad lines, reported one per stderr line as `marsad: FILE:LINE: E_BAD_RECORD: bad record (FIELD): …`. */
function badLines(issues: readonly LineIssue[]): MarsadError[] {
  return issues.map((issue) =>
    MarsadError.of(
      'E_BAD_RECORD',
      { where: issue.field || 'line', detail: issue.message },
      `${issue.file}:${issue.line}`,
    ),
  );
}

async function readText(path: string): Promise<string> {
  try {
    // As the offsets of the output contract count it: UTF-8, nothing normalised, a BOM kept.
    return await readFile(path, 'utf8');
  } catch (err) {
    throw fromFsError(err, path);
  }
}

/** Extracts the gold documents' articles as `marsad extract` does; failures are reported and skipped. */
async function extractCorpus(
  gold: readonly GoldDocument[],
  args: EvalArgs,
  report: (err: MarsadError) => void,
): Promise<PredictedDocument[] | undefined> {
  let resources: Resources;
  try {
    resources = loadCommandResources(args.lexicons);
  } catch (err) {
    if (!(err instanceof MarsadError)) throw err;
    report(err);
    return undefined;
  }
  const out: PredictedDocument[] = [];
  for (const doc of gold) {
    const path = join(args.corpus, doc.doc);
    try {
      const article = await readDocumentFile(path, args.maxBytes);
      const options: ExtractOptions = { id: basename(doc.doc) };
      if (args.published !== undefined) options.published = args.published;
      try {
        out.push(shiftOffsets(extract(article.text, options, resources), article.offsetBase));
      } catch (err) {
        report(MarsadError.of('E_EXTRACT', { reason: reasonOf(err) }, path, { cause: err }));
      }
    } catch (err) {
      report(
        err instanceof MarsadError ? err : MarsadError.of('E_UNREADABLE', { reason: reasonOf(err) }, path),
      );
    }
  }
  return out;
}

const prfLine = (v: Prf) => `P ${v.precision.toFixed(3)}  R ${v.recall.toFixed(3)}  F1 ${v.f1.toFixed(3)}`;

/** The readable report; the last line is the score line. */
export function formatEvalReport(report: EvalReport, verbose: boolean): string {
  const e = report.events;
  const lines = [
    `documents  ${report.predicted_documents}/${report.documents} with predictions`,
    `events     ${prfLine(e)}  (tp ${e.tp} fp ${e.fp} fn ${e.fn}; ${e.duplicates} of the false alarms repeat a found event)`,
    `strict     ${prfLine(report.events_strict)}  (a match also needs the right place and actor)`,
  ];
  if (e.optional_matched || e.missed_but_other_type)
    lines.push(
      `           ${e.optional_matched} optional events found (not counted); ` +
        `${e.missed_but_other_type} misses covered by an event of another type`,
    );
  const types = Object.entries(report.by_type);
  if (types.length) {
    lines.push('', 'by type');
    const table = formatTable(types, [
      { header: 'type', value: ([t]) => t },
      { header: 'P', value: ([, v]) => v.precision.toFixed(3), align: 'right' },
      { header: 'R', value: ([, v]) => v.recall.toFixed(3), align: 'right' },
      { header: 'F1', value: ([, v]) => v.f1.toFixed(3), align: 'right' },
      { header: 'tp', value: ([, v]) => v.tp, align: 'right' },
      { header: 'fp', value: ([, v]) => v.fp, align: 'right' },
      { header: 'fn', value: ([, v]) => v.fn, align: 'right' },
    ]);
    lines.push(
      ...table
        .trimEnd()
        .split('\n')
        .map((l) => `  ${l}`),
    );
  }
  const args = Object.entries(report.arguments);
  if (args.length) {
    lines.push('', `arguments of the matched events (mean ${report.argument_mean.toFixed(3)})`);
    for (const [name, v] of args)
      lines.push(
        `  ${name.padEnd(11)}${'accuracy' in v ? `${v.accuracy.toFixed(3)}  (${v.right}/${v.of})` : `${prfLine(v)}  (tp ${v.tp} fp ${v.fp} fn ${v.fn})`}`,
      );
  }
  lines.push('', 'entities');
  for (const [kind, v] of Object.entries(report.entities))
    lines.push(`  ${kind.padEnd(11)}${prfLine(v)}  (tp ${v.tp} fp ${v.fp} fn ${v.fn})`);
  if (verbose) {
    if (report.misses.length) lines.push('', `missed (${report.misses.length})`);
    for (const m of report.misses) {
      const cover = m.covered_by ? ` (an event of type ${m.covered_by} covers it)` : '';
      lines.push(`  ${m.doc}  ${m.type} at «${m.anchor}»${cover}`);
      if (m.sentence) lines.push(`      ${fitCell(m.sentence, 300)}`);
    }
    if (report.false_alarms.length) lines.push('', `false alarms (${report.false_alarms.length})`);
    for (const f of report.false_alarms) {
      const why =
        f.evidence === null ? ' (no usable evidence span)' : f.duplicate ? ' (repeats a found event)' : '';
      lines.push(`  ${f.doc}  ${f.type}${why}`);
      if (f.evidence) lines.push(`      ${fitCell(f.evidence, 300)}`);
    }
    if (report.argument_errors.length) lines.push('', `wrong arguments (${report.argument_errors.length})`);
    for (const a of report.argument_errors)
      lines.push(
        `  ${a.doc}  ${a.type} at «${a.anchor}»: ${a.argument} ${fitCell(a.predicted, 80)}, gold ${fitCell(a.gold, 80)}`,
      );
  }
  lines.push('', scoreLine(report));
  return `${lines.join('\n')}\n`;
}

function defaultIO(): CommandIO {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };
}

/** Runs `marsad eval`; returns the exit code. */
export async function runEval(argv: readonly string[], io: CommandIO = defaultIO()): Promise<number> {
  const report = (err: MarsadError): void => {
    io.stderr.write(`${err.toLine()}\n`);
  };
  let args: EvalArgs;
  try {
    args = parseEvalArgs(argv);
  } catch (err) {
    if (!(err instanceof MarsadError)) throw err;
    report(err);
    return err.exitCode;
  }
  if (args.help) {
    io.stdout.write(EVAL_HELP);
    return 0;
  }

  let gold: GoldDocument[];
  let texts: Map<string, string>;
  let predicted: PredictedDocument[] | undefined;
  let failed = false;
  try {
    // A gold file with any bad line is refused whole: its figures would be wrong.
    const parsedGold = parseGold(await readText(args.gold), args.gold);
    if (parsedGold.issues.length) {
      badLines(parsedGold.issues).forEach(report);
      return 1;
    }
    gold = parsedGold.documents;
    texts = new Map();
    for (const doc of gold) texts.set(doc.doc, await readText(join(args.corpus, doc.doc)));
    if (args.pred !== undefined) {
      const parsedPred = parsePredictions(await readText(args.pred), args.pred);
      if (parsedPred.issues.length) {
        badLines(parsedPred.issues).forEach(report);
        return 1;
      }
      predicted = parsedPred.documents;
    }
  } catch (err) {
    if (!(err instanceof MarsadError)) throw err;
    report(err);
    return err.exitCode;
  }
  predicted ??= await extractCorpus(gold, args, (err) => {
    failed = true;
    report(err);
  });
  if (predicted === undefined) return 1;

  const result = scoreExtraction(gold, predicted, texts);
  // Annotation slips (an anchor not in its article) change the figures: say so, but still score.
  for (const warning of result.warnings) io.stderr.write(`marsad: ${args.gold}: warning: ${warning}\n`);
  io.stdout.write(
    args.json ? `${JSON.stringify(result, null, 2)}\n` : formatEvalReport(result, args.verbose),
  );

  for (const { option, figure } of BARS) {
    const bar = args.bars[option];
    if (bar !== undefined && result.score[figure] < bar) {
      io.stderr.write(`marsad: eval: ${figure} ${result.score[figure]} is below --${option} ${bar}\n`);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}
