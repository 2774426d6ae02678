/** `marsad eval`, run in-process on a small corpus and gold file written in a temporary directory. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVAL_HELP, parseEvalArgs, runEval } from '../../src/cli/eval-command.js';
import { runCommand } from '../helpers/run-command.js';

const run = (argv: string[]) => runCommand(runEval, argv);

const ARTICLE = [
  'دير الزور - خاص',
  'اعتقلت قوات النظام السوري، صباح أمس الثلاثاء، ثلاثة شبان من أبناء مدينة الميادين بريف دير الزور الشرقي،',
  'واقتادتهم إلى جهة مجهولة، بحسب مصادر محلية.',
  '',
].join('\n');
const ANCHOR = 'اعتقلت قوات النظام';
const SENTENCE_START = ARTICLE.indexOf(ANCHOR);

const GOLD = {
  doc: 'a.txt',
  published: null,
  events: [
    {
      type: 'arrest',
      anchors: [ANCHOR],
      actor: 'regime',
      target: 'civilians',
      persons: [],
      locations: ['الميادين'],
      date: null,
      count: 3,
      fatalities: null,
      optional: false,
    },
  ],
  persons: [],
  places: ['دير الزور', 'الميادين'],
  groups: ['regime'],
};

let dir = '';
let corpus = '';
let gold = '';
const write = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'marsad-eval-cli-'));
  corpus = join(dir, 'corpus');
  mkdirSync(corpus);
  writeFileSync(join(corpus, 'a.txt'), ARTICLE);
  gold = write('gold.jsonl', `${JSON.stringify(GOLD)}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('marsad eval: command line', () => {
  it('shows its help', async () => {
    expect(await run(['--help'])).toEqual({ code: 0, stdout: EVAL_HELP, stderr: '' });
  });

  it.each([
    [['--corpus', 'c'], /--gold FILE is required/],
    [['--gold', 'g'], /--corpus DIR is required/],
    [
      ['--gold', 'g', '--corpus', 'c', '--min-event-f1', '1.5'],
      /--min-event-f1 must be a number from 0 to 1/,
    ],
    [
      ['--gold', 'g', '--corpus', 'c', '--pred', 'p', '--published', '2024-01-01'],
      /cannot be given with --pred/,
    ],
    [['--gold', 'g', '--corpus', 'c', 'extra'], /E_USAGE/],
    [['--gold', 'g', '--corpus', 'c', '--pred', 'p', '--lexicons', 'l'], /cannot be given with --pred/],
  ])('refuses %j', async (argv, message) => {
    const { code, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('refuses a publication date that is not a calendar date', async () => {
    const { code, stderr } = await run(['--gold', 'g', '--corpus', 'c', '--published', '2024-02-30']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/E_BAD_DATE/);
  });

  it('reads the bars', () => {
    expect(parseEvalArgs(['--gold', 'g', '--corpus', 'c', '--min-event-f1', '0.8']).bars).toEqual({
      'min-event-f1': 0.8,
    });
  });
});

describe('marsad eval: inputs', () => {
  it('reports every bad gold line with its file, line and field, and scores nothing', async () => {
    const bad = write(
      'bad-gold.jsonl',
      [
        JSON.stringify(GOLD),
        JSON.stringify({ ...GOLD, doc: 'b.txt', events: [{ type: 'raid', anchors: ['x'] }] }),
        '{',
      ].join('\n'),
    );
    const { code, stdout, stderr } = await run(['--gold', bad, '--corpus', corpus]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(`^marsad: ${bad}:2: E_BAD_RECORD: bad record \\(events\\[0\\]\\.type\\): must be one of`),
      ),
      expect.stringMatching(new RegExp(`^marsad: ${bad}:3: E_BAD_RECORD: bad record \\(line\\): not JSON`)),
    ]);
  });

  it('names an article the gold names but the corpus lacks', async () => {
    const missing = write('missing.jsonl', JSON.stringify({ ...GOLD, doc: 'nope.txt' }));
    const { code, stderr } = await run(['--gold', missing, '--corpus', corpus]);
    expect(code).toBe(1);
    expect(stderr).toContain(`marsad: ${join(corpus, 'nope.txt')}: E_NOT_FOUND`);
  });

  it('reports a bad prediction line', async () => {
    const pred = write('bad-pred.jsonl', '{"id": "a.txt", "events": []}\n42\n');
    const { code, stderr } = await run(['--gold', gold, '--corpus', corpus, '--pred', pred]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/bad-pred\.jsonl:2: E_BAD_RECORD: bad record \(line\): must be a JSON object/);
  });

  it('warns about an anchor that is not in its article', async () => {
    const slip = write(
      'slip.jsonl',
      JSON.stringify({ ...GOLD, events: [{ ...GOLD.events[0], anchors: ['اعتقلت قوات الأمن'] }] }),
    );
    const { code, stderr } = await run(['--gold', slip, '--corpus', corpus, '--json']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/warning: a\.txt: arrest anchor «اعتقلت قوات الأمن» is not in the text/);
  });
});

describe('marsad eval: scoring', () => {
  const right = {
    type: 'arrest',
    evidence: { start: SENTENCE_START, end: SENTENCE_START + 60 },
    actor: 'regime',
    target: 'civilians',
    location: { name: 'الميادين' },
    count: { min: 3, max: 3 },
  };

  it('scores given predictions: the report ends with the score line', async () => {
    const pred = write('pred.jsonl', `${JSON.stringify({ id: 'a.txt', events: [right], entities: [] })}\n`);
    const { code, stdout } = await run(['--gold', gold, '--corpus', corpus, '--pred', pred]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^documents {2}1\/1 with predictions\n/);
    expect(stdout).toMatch(/\n {2}arrest +1\.000 +1\.000 +1\.000 +1 +0 +0\n/);
    expect(stdout).toMatch(/\n {2}count +1\.000 {2}\(1\/1\)\n/);
    expect(stdout.trimEnd().split('\n').pop()).toBe(
      'score: event_f1=1 strict_f1=1 argument_mean=1.000 person_f1=0 place_recall=0 group_f1=0',
    );
  });

  it('lists misses, false alarms and wrong arguments with --verbose, and misses a bar', async () => {
    const wrongType = { ...right, type: 'execution' };
    const wrongCount = { ...right, count: { min: 30, max: 30 } };
    const pred = write(
      'pred-verbose.jsonl',
      `${JSON.stringify({ id: 'a.txt', events: [wrongType, wrongCount, right], entities: [] })}\n`,
    );
    const { code, stdout, stderr } = await run([
      '--gold',
      gold,
      '--corpus',
      corpus,
      '--pred',
      pred,
      '--verbose',
      '--min-event-f1',
      '0.9',
    ]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/event_f1 0\.5 is below --min-event-f1 0\.9/);
    expect(stdout).toMatch(/false alarms \(2\)\n {2}a\.txt {2}execution\n {6}اعتقلت قوات النظام/);
    expect(stdout).toMatch(/a\.txt {2}arrest \(repeats a found event\)/);
  });

  it('lists a miss with its sentence', async () => {
    const pred = write('pred-empty.jsonl', `${JSON.stringify({ id: 'a.txt', events: [], entities: [] })}\n`);
    const { stdout } = await run(['--gold', gold, '--corpus', corpus, '--pred', pred, '-v']);
    expect(stdout).toContain(
      'missed (1)\n  a.txt  arrest at «اعتقلت قوات النظام»\n      اعتقلت قوات النظام السوري، صباح أمس الثلاثاء',
    );
  });

  it("runs marsad's extraction on the gold's articles without --pred", async () => {
    const { code, stdout, stderr } = await run(['--gold', gold, '--corpus', corpus, '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ documents: 1, predicted_documents: 1, events: { tp: 1, fn: 0 } });
    expect(report.entities.group.tp).toBe(1);
  });
});
