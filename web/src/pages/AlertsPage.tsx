/**
 * Alert rules (POST/GET/DELETE /api/alerts, docs/watch.md "Alerts"): the saved rules with their
 * conditions, webhook and Atom feed, and a form to create one. Writes use the token from the settings;
 * the secret of a new rule is shown once.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { EVENT_TYPES, type EventType } from '../../../src/types';
import {
  apiUrl,
  deleteJson,
  postJson,
  useApi,
  type AlertRule,
  type AlertRuleDTO,
  type CreatedAlertRule,
} from '../api';
import { GroupLink, Load, TypeBadge } from '../components/common';
import { typeColor } from '../format';
import { useI18n } from '../i18n';
import { groupName, useNameTables } from '../names';
import { href } from '../router';
import { getToken } from '../settings';

/** `البوكمال، دير الزور` or `a, b` → ['البوكمال', 'دير الزور']: Arabic and Latin commas both split. */
function splitList(s: string): string[] {
  return s
    .split(/[,،]/)
    .map((x) => x.trim())
    .filter(Boolean);
}

interface Draft {
  name: string;
  types: EventType[];
  actors: string[];
  places: string;
  persons: string;
  keywords: string;
  minSources: string;
  webhook: string;
}

const EMPTY: Draft = {
  name: '',
  types: [],
  actors: [],
  places: '',
  persons: '',
  keywords: '',
  minSources: '',
  webhook: '',
};

/** The body of POST /api/alerts: empty conditions are left out. */
function bodyOf(d: Draft): AlertRule & { webhook?: string } {
  const body: AlertRule & { webhook?: string } = { name: d.name.trim() };
  if (d.types.length) body.types = d.types;
  if (d.actors.length) body.actors = d.actors;
  for (const key of ['places', 'persons', 'keywords'] as const) {
    const xs = splitList(d[key]);
    if (xs.length) body[key] = xs;
  }
  if (d.minSources.trim()) body.minSources = Number(d.minSources);
  if (d.webhook.trim()) body.webhook = d.webhook.trim();
  return body;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function AlertsPage() {
  const { t } = useI18n();
  const rules = useApi<{ items: AlertRuleDTO[] }>(apiUrl('alerts'));
  const token = getToken();
  const [created, setCreated] = useState<CreatedAlertRule | null>(null);

  return (
    <div className="page alerts-page" data-testid="page-alerts">
      <h1>{t('navAlerts')}</h1>
      <p className="muted">{t('alertsHelp')}</p>
      {!token && (
        <p className="notice" data-testid="alerts-need-token">
          {t('needTokenAlerts')} <a href={href('/settings')}>{t('navSettings')}</a>
        </p>
      )}
      {created && <CreatedNotice rule={created} onDismiss={() => setCreated(null)} />}
      <section aria-labelledby="alert-rules-h">
        <h2 id="alert-rules-h">{t('alertRules')}</h2>
        <Load state={rules}>
          {(data) =>
            data.items.length === 0 ? (
              <p data-testid="alerts-empty">{t('noAlertRules')}</p>
            ) : (
              <AlertList
                items={data.items}
                canDelete={Boolean(token)}
                onDeleted={(id) => {
                  rules.setData({ items: data.items.filter((r) => r.id !== id) });
                  if (created?.id === id) setCreated(null);
                }}
              />
            )
          }
        </Load>
        {rules.data && rules.data.items.length > 0 && <p className="muted small">{t('feedHelp')}</p>}
      </section>
      <section aria-labelledby="alert-new-h">
        <h2 id="alert-new-h">{t('newAlertRule')}</h2>
        <AlertForm
          disabled={!token}
          onCreated={(r) => {
            setCreated(r);
            rules.reload();
          }}
        />
      </section>
    </div>
  );
}

function CreatedNotice({ rule, onDismiss }: { rule: CreatedAlertRule; onDismiss: () => void }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const copy = () =>
    navigator.clipboard?.writeText(rule.secret).then(
      () => setCopied(true),
      () => undefined,
    );
  return (
    <div className="created-notice" role="status" data-testid="alert-created">
      <p className="ok">{t('ruleCreated', { name: rule.name })}</p>
      <label>
        {t('secret')}
        <span className="secret-row">
          <input
            readOnly
            dir="ltr"
            value={rule.secret}
            onFocus={(e) => e.target.select()}
            data-testid="alert-secret"
          />
          <button type="button" onClick={() => void copy()}>
            {copied ? t('copied') : t('copy')}
          </button>
        </span>
      </label>
      <p className="small">{t('secretNote')}</p>
      <button type="button" className="link" onClick={onDismiss}>
        {t('dismiss')}
      </button>
    </div>
  );
}

function AlertList({
  items,
  canDelete,
  onDeleted,
}: {
  items: AlertRuleDTO[];
  canDelete: boolean;
  onDeleted: (id: number) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="table-wrap">
      <table className="alerts-table" data-testid="alerts-list">
        <thead>
          <tr>
            <th scope="col">{t('name')}</th>
            <th scope="col">{t('conditions')}</th>
            <th scope="col">{t('webhook')}</th>
            <th scope="col">{t('feed')}</th>
            <th scope="col">{t('actions')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <AlertRow key={r.id} rule={r} canDelete={canDelete} onDeleted={onDeleted} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AlertRow({
  rule,
  canDelete,
  onDeleted,
}: {
  rule: AlertRuleDTO;
  canDelete: boolean;
  onDeleted: (id: number) => void;
}) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const feed = apiUrl(`alerts/${rule.id}/feed.atom`);

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await deleteJson<{ removed: number }>(apiUrl(`alerts/${rule.id}`));
      onDeleted(rule.id);
    } catch (e) {
      setError(message(e));
      setBusy(false);
    }
  };

  return (
    <tr data-testid="alert-row" data-alert-id={rule.id} data-enabled={rule.enabled}>
      <td>
        <strong data-testid="alert-name">{rule.name}</strong>
        {!rule.enabled && <span className="badge">{t('disabled')}</span>}
        <div className="muted small">
          {t('createdAt')} <bdi dir="ltr">{rule.createdAt.slice(0, 16).replace('T', ' ')}</bdi>
        </div>
      </td>
      <td>
        <Conditions rule={rule.rule} />
      </td>
      <td data-testid="alert-webhook">
        {rule.webhook ? (
          <code dir="ltr" className="url">
            {rule.webhook}
          </code>
        ) : (
          <span className="muted">{t('noWebhook')}</span>
        )}
      </td>
      <td>
        <a
          href={feed}
          type="application/atom+xml"
          title={new URL(feed, window.location.href).toString()}
          data-testid="alert-feed"
        >
          {t('feed')}
        </a>
      </td>
      <td>
        {confirming ? (
          <div className="confirm-delete">
            <span>{t('confirmDelete', { name: rule.name })}</span>
            <div className="buttons">
              <button
                type="button"
                className="danger"
                disabled={busy}
                onClick={() => void remove()}
                data-testid="alert-delete-confirm"
              >
                {t('yesDelete')}
              </button>
              <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
                {t('cancel')}
              </button>
            </div>
          </div>
        ) : (
          <button
            type="button"
            disabled={!canDelete}
            title={canDelete ? undefined : t('needTokenAlerts')}
            onClick={() => setConfirming(true)}
            data-testid="alert-delete"
          >
            {t('delete')}
          </button>
        )}
        {error && (
          <p className="error" role="alert" data-testid="alert-delete-error">
            {error}
          </p>
        )}
      </td>
    </tr>
  );
}

/** A rule's conditions, one line each, with the app's labels of event types and groups. */
function Conditions({ rule }: { rule: AlertRule }) {
  const { t, lang } = useI18n();
  const sep = lang === 'ar' ? '، ' : ', ';
  const lines: Array<[string, string, ReactNode]> = [];
  if (rule.types?.length)
    lines.push([
      'types',
      t('types'),
      <span className="badges">
        {rule.types.map((x) => (
          <TypeBadge key={x} type={x} />
        ))}
      </span>,
    ]);
  if (rule.actors?.length)
    lines.push([
      'actors',
      t('groupsAsActorOrTarget'),
      rule.actors.map((a, i) => (
        <span key={a}>
          {i > 0 && sep}
          <GroupLink id={a} />
        </span>
      )),
    ]);
  // Each value isolated: Arabic names in an English line keep their order.
  const list = (xs: string[]) =>
    xs.map((x, i) => (
      <span key={`${i}:${x}`}>
        {i > 0 && sep}
        <bdi>{x}</bdi>
      </span>
    ));
  if (rule.places?.length) lines.push(['places', t('places'), list(rule.places)]);
  if (rule.persons?.length) lines.push(['persons', t('persons'), list(rule.persons)]);
  if (rule.keywords?.length) lines.push(['keywords', t('keywords'), list(rule.keywords)]);
  if (rule.minSources !== undefined) lines.push(['minSources', t('minSources'), String(rule.minSources)]);
  if (lines.length === 0) return <span className="muted">{t('anyIncident')}</span>;
  return (
    <dl className="conditions" data-testid="alert-conditions">
      {lines.map(([key, label, value]) => (
        <div key={key} data-condition={key}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function AlertForm({ disabled, onCreated }: { disabled: boolean; onCreated: (r: CreatedAlertRule) => void }) {
  const { t, lang, typeLabel } = useI18n();
  const tables = useNameTables();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const toggle = <T extends string>(xs: T[], x: T, on: boolean, order: readonly T[]): T[] =>
    order.filter((y) => (y === x ? on : xs.includes(y)));
  const groups = [...tables.groups.keys()];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await postJson<CreatedAlertRule>(apiUrl('alerts'), bodyOf(draft));
      setDraft(EMPTY);
      onCreated(created);
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="alert-form"
      onSubmit={(e) => void submit(e)}
      data-testid="alert-form"
      aria-label={t('newAlertRule')}
    >
      <label className="wide">
        {t('alertName')}
        <input
          required
          maxLength={200}
          value={draft.name}
          onChange={(e) => set('name', e.target.value)}
          data-testid="alert-form-name"
        />
      </label>
      <p className="muted small wide">{t('conditionsHelp')}</p>
      <fieldset className="type-filter wide" data-testid="alert-form-types">
        <legend>{t('types')}</legend>
        {EVENT_TYPES.map((type) => (
          <label key={type} className="chip" style={{ borderColor: typeColor(type) }}>
            <input
              type="checkbox"
              value={type}
              checked={draft.types.includes(type)}
              onChange={(e) => set('types', toggle(draft.types, type, e.target.checked, EVENT_TYPES))}
            />
            {typeLabel(type)}
          </label>
        ))}
      </fieldset>
      <fieldset className="type-filter wide" data-testid="alert-form-actors">
        <legend>{t('groupsAsActorOrTarget')}</legend>
        {groups.map((id) => (
          <label key={id} className="chip group-chip">
            <input
              type="checkbox"
              value={id}
              checked={draft.actors.includes(id)}
              onChange={(e) => set('actors', toggle(draft.actors, id, e.target.checked, groups))}
            />
            {groupName(id, lang, tables)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('places')}
        <input
          value={draft.places}
          onChange={(e) => set('places', e.target.value)}
          data-testid="alert-form-places"
        />
        <span className="hint">{t('placesHint')}</span>
      </label>
      <label>
        {t('persons')}
        <input
          value={draft.persons}
          onChange={(e) => set('persons', e.target.value)}
          data-testid="alert-form-persons"
        />
        <span className="hint">{t('personsHint')}</span>
      </label>
      <label>
        {t('keywords')}
        <input
          value={draft.keywords}
          onChange={(e) => set('keywords', e.target.value)}
          data-testid="alert-form-keywords"
        />
        <span className="hint">{t('keywordsHint')}</span>
      </label>
      <label>
        {t('minSources')}
        <input
          type="number"
          min={1}
          step={1}
          inputMode="numeric"
          value={draft.minSources}
          onChange={(e) => set('minSources', e.target.value)}
          data-testid="alert-form-min-sources"
        />
      </label>
      <label className="wide">
        {t('webhook')}
        <input
          type="url"
          dir="ltr"
          placeholder="https://hooks.example.org/marsad"
          value={draft.webhook}
          onChange={(e) => set('webhook', e.target.value)}
          data-testid="alert-form-webhook"
        />
        <span className="hint">{t('webhookHint')}</span>
      </label>
      <div className="buttons wide">
        <button type="submit" className="primary" disabled={busy || disabled} data-testid="alert-form-submit">
          {t('createRule')}
        </button>
      </div>
      {error && (
        <p className="error wide" role="alert" data-testid="alert-form-error">
          {t('error')}: {error}
        </p>
      )}
    </form>
  );
}
