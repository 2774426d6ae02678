/** `marsad alert`: saved rules that tell the analyst when a matching incident appears or grows. */
import { parseArgs } from 'node:util';
import { alertRuleSchema, type AlertRule } from '../alerts/alert-rule.js';
import { atomFeed } from '../alerts/atom-feed.js';
import { deliverAlerts, type AlertPayload } from '../alerts/fire-alerts.js';
import { addAlertRule, listAlertRules, listAlerts, removeAlertRule } from '../store/alert-store.js';
import { DB_OPTION_HELP } from './db-option.js';
import type { CommandIO } from './extract-command.js';
import {
  intOption,
  jsonLines,
  reportCommandError,
  typesOption,
  usage,
  withQueryStore,
} from './query-options.js';

export const ALERT_HELP = `Usage: marsad alert add --name NAME [conditions] [--webhook URL] [--secret S] [--json]
       marsad alert list [--json]
       marsad alert remove ID
       marsad alert feed ID            the rule's Atom feed (XML) on stdout
       marsad alert deliver            post the alerts waiting for their webhook

A rule fires when an incident is created or receives a new report (during ingest,
watch, or a POST to the API) and every condition given holds:
  --type TYPE[,TYPE]       event types
  --actor GROUP            a group as actor or target (repeatable)
  --person NAME            a person named in a report (repeatable)
  --place NAME             a place or admin area: the place and everything inside it
                           (--place البوكمال is the town and its district) (repeatable)
  --keyword WORDS          words that must all occur in a report's sentence (repeatable)
  --min-sources N          at least N independent sources

Each alert is POSTed as JSON to --webhook with the headers X-Marsad-Delivery,
X-Marsad-Timestamp and X-Marsad-Signature (sha256= HMAC-SHA256 of "timestamp.body"
with the rule's secret, printed by add), and retried until the receiver answers 2xx.
Every alert also appears in the rule's Atom feed (marsad alert feed ID, or
/api/alerts/ID/feed.atom on marsad serve).

Options:
${DB_OPTION_HELP}
  --json                   print JSON
  -h, --help               show this help
`;

export async function runAlert(argv: readonly string[], io: CommandIO): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: {
        db: { type: 'string' },
        name: { type: 'string' },
        type: { type: 'string', multiple: true },
        actor: { type: 'string', multiple: true },
        person: { type: 'string', multiple: true },
        place: { type: 'string', multiple: true },
        keyword: { type: 'string', multiple: true },
        'min-sources': { type: 'string' },
        webhook: { type: 'string' },
        secret: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout.write(ALERT_HELP);
      return 0;
    }
    const [action, arg, ...rest] = positionals;
    if (rest.length) throw usage(`unexpected argument '${rest[0]}'`, 'alert');
    switch (action) {
      case 'add': {
        if (!values.name) throw usage('a rule needs --name', 'alert');
        if (values.webhook !== undefined && !/^https?:\/\//.test(values.webhook))
          throw usage(`--webhook must be an http(s) URL, got '${values.webhook}'`, 'alert');
        const types = typesOption(values.type, 'alert');
        const minSources = intOption(values['min-sources'], 'min-sources', 'alert');
        const rule: AlertRule = alertRuleSchema.parse({
          name: values.name,
          ...(types ? { types } : {}),
          ...(values.actor ? { actors: values.actor } : {}),
          ...(values.person ? { persons: values.person } : {}),
          ...(values.place ? { places: values.place } : {}),
          ...(values.keyword ? { keywords: values.keyword } : {}),
          ...(minSources !== undefined ? { minSources } : {}),
        });
        const row = await withQueryStore(
          values.db,
          (store) =>
            addAlertRule(store.db, {
              name: rule.name,
              ruleJson: JSON.stringify(rule),
              webhookUrl: values.webhook ?? null,
              ...(values.secret ? { secret: values.secret } : {}),
            }),
          { create: true },
        );
        const out = { id: row.id, name: row.name, rule, webhook: row.webhook_url, secret: row.secret };
        io.stdout.write(
          values.json ? jsonLines([out]) : `rule ${row.id} added; webhook secret: ${row.secret}\n`,
        );
        return 0;
      }
      case 'list': {
        const rows = await withQueryStore(values.db, (store) => listAlertRules(store.db));
        const out = rows.map((r) => ({
          id: r.id,
          name: r.name,
          rule: JSON.parse(r.rule_json) as AlertRule,
          webhook: r.webhook_url,
          enabled: r.enabled === 1,
        }));
        if (values.json) io.stdout.write(jsonLines(out));
        else
          io.stdout.write(
            out.map((r) => `${r.id}\t${r.name}\t${JSON.stringify(r.rule)}\t${r.webhook ?? '-'}\n`).join(''),
          );
        return 0;
      }
      case 'remove': {
        const id = intOption(arg, 'id', 'alert');
        if (id === undefined) throw usage('remove needs a rule id', 'alert');
        const removed = await withQueryStore(values.db, (store) => removeAlertRule(store.db, id));
        if (!removed) {
          io.stderr.write(`no alert rule with id ${id}\n`);
          return 1;
        }
        return 0;
      }
      case 'feed': {
        const id = intOption(arg, 'id', 'alert');
        if (id === undefined) throw usage('feed needs a rule id', 'alert');
        const xml = await withQueryStore(values.db, async (store) => {
          const rule = (await listAlertRules(store.db)).find((r) => r.id === id);
          if (!rule) return null;
          return ruleFeed(rule, await listAlerts(store.db, id), `urn:marsad:alert-rule:${id}`, '');
        });
        if (xml === null) {
          io.stderr.write(`no alert rule with id ${id}\n`);
          return 1;
        }
        io.stdout.write(xml);
        return 0;
      }
      case 'deliver': {
        const report = await withQueryStore(values.db, (store) => deliverAlerts(store));
        if (values.json) io.stdout.write(jsonLines([report]));
        else
          io.stderr.write(
            `${report.delivered} delivered, ${report.failed.length} failed${report.failed.length ? ` (${report.failed.map((f) => `${f.alertId}: ${f.error}`).join('; ')})` : ''}\n`,
          );
        return report.failed.length ? 1 : 0;
      }
      default:
        throw usage(
          action
            ? `unknown action '${action}': add, list, remove, feed or deliver`
            : 'no action: add, list, remove, feed or deliver',
          'alert',
        );
    }
  } catch (err) {
    return reportCommandError(err, io.stderr, 'alert');
  }
}

/** A rule's Atom feed from its alerts; `base` is the web app's address for links ('' for none). */
export function ruleFeed(
  rule: { id: number; name: string; created_at: string },
  alerts: ReadonlyArray<{ id: number; incident_id: number; payload_json: string; created_at: string }>,
  feedId: string,
  base: string,
): string {
  return atomFeed({
    id: feedId,
    title: `marsad: ${rule.name}`,
    link: `${base}/api/alerts/${rule.id}/feed.atom`,
    updated: alerts[0]?.created_at ?? rule.created_at,
    entries: alerts.map((a) => {
      const p = JSON.parse(a.payload_json) as AlertPayload;
      const i = p.incident;
      return {
        id: a.id,
        incidentId: a.incident_id,
        title: `${i.type} — ${i.place.name ?? '?'} — ${i.firstDate ?? ''} (${i.corroboration}/${i.sourcesCount})`,
        summary: p.reports.map((r) => `${r.outlet ?? ''}: ${r.evidence}`).join('\n'),
        link: `${base}/#/incidents/${a.incident_id}`,
        updated: a.created_at,
      };
    }),
  });
}
