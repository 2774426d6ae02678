/** The event filters of docs/api.md, kept in the URL (the query parameters are the CLI flag names). */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { EVENT_TYPES } from '../../../src/types';
import { apiUrl, useApi, type Breakdown, type Stats } from '../api';
import { typeColor } from '../format';
import { useI18n } from '../i18n';
import { groupName, useNameTables } from '../names';
import { navigate } from '../router';

export const FILTER_KEYS = [
  'type',
  'actor',
  'target',
  'place',
  'from',
  'to',
  'outlet',
  'person',
  'review',
  'q',
  // Set by links (an incident's reports, a person, a gazetteer place), shown as removable tags.
  'incident',
  'personId',
  'placeId',
] as const;
const LINK_KEYS = ['incident', 'personId', 'placeId'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type FilterValues = Partial<Record<FilterKey, string>>;

export function filtersFrom(params: URLSearchParams): FilterValues {
  const out: FilterValues = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) out[k] = v;
  }
  return out;
}

interface Props {
  path: string;
  params: URLSearchParams;
  /** Filters this page does not offer. */
  hide?: readonly FilterKey[];
}

export function Filters({ path, params, hide = [] }: Props) {
  const { t, lang, typeLabel } = useI18n();
  const tables = useNameTables();
  const applied = useMemo(() => filtersFrom(params), [params]);
  const [draft, setDraft] = useState<FilterValues>(applied);
  useEffect(() => setDraft(applied), [applied]);
  const stats = useApi<Stats>(apiUrl('stats'), true);
  const admin1 = useApi<Breakdown>(apiUrl('stats/breakdown', { by: 'admin1', review: 'any' }), true);

  const types = new Set((draft.type ?? '').split(',').filter(Boolean));
  const set = (k: FilterKey, v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const toggleType = (type: string, on: boolean) => {
    const next = new Set(types);
    if (on) next.add(type);
    else next.delete(type);
    set('type', EVENT_TYPES.filter((x) => next.has(x)).join(','));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Keep the page's other parameters (e.g. the map's time position) but drop the cursor.
    const next = new URLSearchParams(params);
    for (const k of FILTER_KEYS) next.delete(k);
    for (const [k, v] of Object.entries(draft)) if (v) next.set(k, v.trim());
    navigate(path, next);
  };
  const clear = () => navigate(path);
  const shown = (k: FilterKey) => !hide.includes(k);
  const groups = [...tables.groups.values()];

  return (
    <form className="filters" onSubmit={submit} data-testid="filters" aria-label={t('filters')}>
      <fieldset className="type-filter" data-testid="filter-type">
        <legend>{t('types')}</legend>
        {EVENT_TYPES.map((type) => (
          <label key={type} className="chip" style={{ borderColor: typeColor(type) }}>
            <input
              type="checkbox"
              value={type}
              checked={types.has(type)}
              onChange={(e) => toggleType(type, e.target.checked)}
            />
            {typeLabel(type)}
          </label>
        ))}
      </fieldset>
      <div className="filter-grid">
        {shown('actor') && (
          <label>
            {t('actor')}
            <input
              list="groups-list"
              value={draft.actor ?? ''}
              onChange={(e) => set('actor', e.target.value)}
              data-testid="filter-actor"
            />
          </label>
        )}
        {shown('target') && (
          <label>
            {t('target')}
            <input
              list="groups-list"
              value={draft.target ?? ''}
              onChange={(e) => set('target', e.target.value)}
              data-testid="filter-target"
            />
          </label>
        )}
        {shown('place') && (
          <label>
            {t('place')}
            <input
              list="places-list"
              placeholder={t('placeHint')}
              value={draft.place ?? ''}
              onChange={(e) => set('place', e.target.value)}
              data-testid="filter-place"
            />
          </label>
        )}
        {shown('from') && (
          <label>
            {t('from')}
            <input
              type="date"
              value={draft.from ?? ''}
              onChange={(e) => set('from', e.target.value)}
              data-testid="filter-from"
            />
          </label>
        )}
        {shown('to') && (
          <label>
            {t('to')}
            <input
              type="date"
              value={draft.to ?? ''}
              onChange={(e) => set('to', e.target.value)}
              data-testid="filter-to"
            />
          </label>
        )}
        {shown('outlet') && (
          <label>
            {t('outlet')}
            <input
              list="outlets-list"
              value={draft.outlet ?? ''}
              onChange={(e) => set('outlet', e.target.value)}
              data-testid="filter-outlet"
            />
          </label>
        )}
        {shown('person') && (
          <label>
            {t('person')}
            <input
              value={draft.person ?? ''}
              onChange={(e) => set('person', e.target.value)}
              data-testid="filter-person"
            />
          </label>
        )}
        {shown('review') && (
          <label>
            {t('reviewState')}
            <select
              value={draft.review ?? ''}
              onChange={(e) => set('review', e.target.value)}
              data-testid="filter-review"
            >
              <option value="">{t('reviewDefault')}</option>
              <option value="unreviewed">{t('unreviewed')}</option>
              <option value="confirmed">{t('confirmed')}</option>
              <option value="edited">{t('edited')}</option>
              <option value="rejected">{t('rejected')}</option>
              <option value="any">{t('reviewAny')}</option>
            </select>
          </label>
        )}
        {shown('q') && (
          <label>
            {t('q')}
            <input
              type="search"
              value={draft.q ?? ''}
              onChange={(e) => set('q', e.target.value)}
              data-testid="filter-q"
            />
          </label>
        )}
      </div>
      {LINK_KEYS.some((k) => draft[k]) && (
        <p className="link-filters">
          {LINK_KEYS.filter((k) => draft[k]).map((k) => (
            <span key={k} className="badge">
              {t(k)}: {draft[k]}{' '}
              <button
                type="button"
                className="link"
                onClick={() => set(k, '')}
                aria-label={`${t('clear')} ${t(k)}`}
              >
                ✕
              </button>
            </span>
          ))}
        </p>
      )}
      <div className="buttons">
        <button type="submit" className="primary" data-testid="filter-apply">
          {t('apply')}
        </button>
        <button type="button" onClick={clear}>
          {t('clear')}
        </button>
      </div>
      <datalist id="groups-list">
        {groups.map((g) => (
          <option key={g.id} value={g.id}>
            {groupName(g.id, lang, tables)}
          </option>
        ))}
      </datalist>
      <datalist id="places-list">
        {(admin1.data?.rows ?? []).map((r) => r.key && <option key={r.key} value={r.key} />)}
      </datalist>
      <datalist id="outlets-list">
        {(stats.data?.documentsByOutlet ?? []).map((o) => (
          <option key={o.outlet} value={o.outlet} />
        ))}
      </datalist>
    </form>
  );
}
