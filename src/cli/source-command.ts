/** `marsad source`: the feeds, sitemaps and pages `marsad watch` polls (the sources file). */
import { parseArgs } from 'node:util';
import { addSource, removeSource } from '../watch/sources/add-source.js';
import { readSources, writeSources } from '../watch/sources/read-sources.js';
import {
  DEFAULT_INTERVAL_MINUTES,
  SELECTOR_FIELDS,
  SOURCE_ID,
  SOURCE_KINDS,
  defaultSourcesPath,
  isHttpUrl,
  isValidSelector,
  type SelectorField,
  type Source,
  type SourceKind,
} from '../watch/sources/source-config.js';
import { MarsadError } from './errors.js';
import type { CommandIO } from './extract-command.js';
import { formatTable } from './format-table.js';
import { intOption, jsonLines, reportCommandError, usage } from './query-options.js';

export const SOURCE_HELP = `Usage: marsad source add URL --outlet NAME [options]   add a feed, sitemap or page to watch
       marsad source list [--json]                      list the sources
       marsad source remove ID                          remove a source

The sources are kept in a JSON file that \`marsad watch\` reads (docs/watch.md).

Options of add:
  --outlet NAME            the outlet's name, stored with its articles (required)
  --kind KIND              ${SOURCE_KINDS.join(', ')} (default auto: told from what
                           the URL serves)
  --interval MIN           minutes between two polls (default ${DEFAULT_INTERVAL_MINUTES}, at least 1)
  --id ID                  the source's id, a slug such as enab-baladi (default: from
                           the URL's host)
  --language TAG           the language of its articles (default ar)
  --selector FIELD=CSS     a CSS selector for the article pages of this outlet, FIELD one
                           of ${SELECTOR_FIELDS.join(', ')}; repeatable. For pages whose
                           metadata or body the automatic reading gets wrong

Options:
  --sources FILE           the sources file (default: $MARSAD_HOME/sources.json, else
                           ~/.local/share/marsad/sources.json)
  --json                   add: print the source as JSON; list: JSON Lines, every field
  -h, --help               show this help
`;

const usageError = (detail: string) => usage(detail, 'source');

function kindOf(value: string | undefined): SourceKind | undefined {
  if (value === undefined) return undefined;
  if (!(SOURCE_KINDS as readonly string[]).includes(value))
    throw usageError(`--kind must be one of ${SOURCE_KINDS.join(', ')}, got '${value}'`);
  return value as SourceKind;
}

function selectorsOf(
  values: readonly string[] | undefined,
): Partial<Record<SelectorField, string>> | undefined {
  if (!values?.length) return undefined;
  const selectors: Partial<Record<SelectorField, string>> = {};
  for (const value of values) {
    const m = /^([a-z]+)=(.+)$/s.exec(value);
    if (!m || !(SELECTOR_FIELDS as readonly string[]).includes(m[1]!))
      throw usageError(
        `--selector must be FIELD=CSS with FIELD one of ${SELECTOR_FIELDS.join(', ')}, got '${value}'`,
      );
    const css = m[2]!.trim();
    if (!css || !isValidSelector(css))
      throw usageError(`--selector ${m[1]}: not a valid CSS selector: '${css}'`);
    selectors[m[1] as SelectorField] = css;
  }
  return selectors;
}

function table(sources: readonly Source[]): string {
  return formatTable(sources, [
    { header: 'id', value: (s) => s.id },
    { header: 'kind', value: (s) => s.kind },
    { header: 'every', value: (s) => `${s.intervalMinutes} min`, align: 'right' },
    { header: 'on', value: (s) => (s.enabled ? 'yes' : 'no') },
    { header: 'outlet', value: (s) => s.outlet, max: 30 },
    { header: 'url', value: (s) => s.url, max: 70 },
  ]);
}

export async function runSource(argv: readonly string[], io: CommandIO): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: {
        sources: { type: 'string' },
        outlet: { type: 'string' },
        kind: { type: 'string' },
        interval: { type: 'string' },
        id: { type: 'string' },
        language: { type: 'string' },
        selector: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout.write(SOURCE_HELP);
      return 0;
    }
    const file = values.sources || defaultSourcesPath();
    const [action, arg, ...rest] = positionals;
    if (rest.length) throw usageError(`unexpected argument '${rest[0]}'`);
    const addOnly = (['outlet', 'kind', 'interval', 'id', 'language', 'selector'] as const).filter(
      (name) => values[name] !== undefined,
    );
    if (action !== 'add' && addOnly.length)
      throw usageError(`--${addOnly[0]} is an option of \`marsad source add\``);

    switch (action) {
      case 'add': {
        if (!arg) throw usageError('no URL: marsad source add URL --outlet NAME');
        if (!isHttpUrl(arg)) throw usageError(`the URL must be an absolute http(s) URL, got '${arg}'`);
        if (!values.outlet?.trim())
          throw usageError('--outlet NAME is required: the outlet the articles are from');
        if (values.id !== undefined && !SOURCE_ID.test(values.id))
          throw usageError(
            `--id must be a slug of lowercase letters, digits and single hyphens, got '${values.id}'`,
          );
        const interval = intOption(values.interval, 'interval', 'source');
        const selectors = selectorsOf(values.selector);
        const config = await readSources(file);
        const { config: next, source } = addSource(config, {
          url: arg,
          outlet: values.outlet.trim(),
          ...(values.id !== undefined && { id: values.id }),
          ...(values.kind !== undefined && { kind: kindOf(values.kind) }),
          ...(interval !== undefined && { intervalMinutes: interval }),
          ...(values.language !== undefined && { language: values.language }),
          ...(selectors && { selectors }),
        });
        await writeSources(file, next);
        if (values.json) io.stdout.write(jsonLines([source]));
        else {
          io.stdout.write(`${source.id}\n`);
          io.stderr.write(
            `added ${source.id} (${source.kind}, every ${source.intervalMinutes} min) to ${file}\n`,
          );
        }
        return 0;
      }
      case 'list': {
        if (arg !== undefined) throw usageError(`unexpected argument '${arg}'`);
        const { sources } = await readSources(file);
        if (values.json) io.stdout.write(jsonLines(sources));
        else if (sources.length) io.stdout.write(table(sources));
        else io.stderr.write(`no sources in ${file}: add one with \`marsad source add URL --outlet NAME\`\n`);
        return 0;
      }
      case 'remove': {
        if (!arg) throw usageError('no id: marsad source remove ID (see `marsad source list`)');
        const { config: next, removed } = removeSource(await readSources(file), arg);
        if (!removed) throw MarsadError.of('E_NO_SOURCE', { id: arg }, file);
        await writeSources(file, next);
        io.stderr.write(`removed ${removed.id} (${removed.url}) from ${file}\n`);
        return 0;
      }
      default:
        throw usageError(
          action ? `unknown action '${action}': add, list or remove` : 'no action: add, list or remove',
        );
    }
  } catch (err) {
    return reportCommandError(err, io.stderr, 'source');
  }
}
