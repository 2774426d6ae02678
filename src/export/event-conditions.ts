/**
 * The conditions of the export mappings (acled-mapping.tsv, plover-mapping.tsv): a few facts about an
 * event (who its target is, whether anyone died) and cue words of its sentence, joined with & and negated
 * with !. Compiled once when the tables are read, so a typo in a data file fails at load time, not mid-export.
 */
import { normalizeString } from '../text/normalize.js';
import { parseTsv, TsvError } from '../resources/tsv.js';

/** What the conditions may ask about one event. */
export interface EventFacts {
  /** The ACLED actor type of the event's actor and target in this event (null: none or unknown group). */
  actorInter: number | null;
  targetInter: number | null;
  actor: string | null;
  target: string | null;
  fatalities: number;
  /** Whether a cue of condition-cues.tsv occurs in the event's sentence or trigger. */
  cue(name: string): boolean;
}

export type EventCondition = (facts: EventFacts) => boolean;

const ARMED = new Set([1, 2, 3, 4, 8]);

const BUILTINS: Readonly<Record<string, EventCondition>> = {
  '*': () => true,
  target_armed: (f) => f.target !== 'civilians' && f.targetInter !== null && ARMED.has(f.targetInter),
  target_civilians: (f) => f.target === 'civilians',
  actor_government: (f) => f.actorInter === 1,
  actor_unknown: (f) => f.actor === null || f.actor === 'unknown',
  fatalities: (f) => f.fatalities > 0,
};

/** Compiles "a&!b"; unknown names throw (with the file and line in `where`). */
export function compileCondition(expr: string, cueNames: ReadonlySet<string>, where: string): EventCondition {
  const terms = expr.split('&').map((t) => t.trim());
  const tests = terms.map((term): EventCondition => {
    const negated = term.startsWith('!');
    const name = negated ? term.slice(1).trim() : term;
    const builtin = BUILTINS[name];
    const test: EventCondition | undefined =
      builtin ?? (cueNames.has(name) ? (f: EventFacts) => f.cue(name) : undefined);
    if (!test || (negated && name === '*')) throw new Error(`${where}: unknown condition "${term}"`);
    return negated ? (f) => !test(f) : test;
  });
  return (f) => tests.every((t) => t(f));
}

const PROCLITICS = '(?:و|ف)?(?:ب|ل|ك)?(?:ال)?';

/** The cue table: name → a pattern over normalised text (each stem at a word start, after proclitics). */
export function parseConditionCues(tsv: string, file = 'condition-cues.tsv'): Map<string, RegExp> {
  const cues = new Map<string, RegExp>();
  for (const r of parseTsv(tsv, file, ['cue', 'stems'])) {
    const stems = r['stems']!.split('|')
      .map((s) => normalizeString(s))
      .filter(Boolean)
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'));
    if (!stems.length) throw new TsvError(file, Number(r['__line']), `cue "${r['cue']}" has no stems`);
    cues.set(r['cue']!, new RegExp(`(?:^|[^\\p{L}])${PROCLITICS}(?:${stems.join('|')})`, 'u'));
  }
  return cues;
}

/** A lazy cue test over an event's sentence and trigger (normalised once, on the first question). */
export function cueTest(
  texts: readonly string[],
  cues: ReadonlyMap<string, RegExp>,
): (name: string) => boolean {
  let norm: string | null = null;
  return (name) => {
    norm ??= normalizeString(texts.join(' \n '));
    return cues.get(name)?.test(norm) ?? false;
  };
}
