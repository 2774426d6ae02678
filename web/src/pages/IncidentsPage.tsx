/** Incidents list: the filters plus the minimum of independent sources. */
import { useEffect, useMemo, useState } from 'react';
import { apiUrl, getJson, type IncidentDTO, type Page, type Supported } from '../api';
import { ErrorBox, GroupLink, Loading, TypeBadge } from '../components/common';
import { Filters, filtersFrom } from '../components/Filters';
import { dateRange } from '../format';
import { useI18n } from '../i18n';
import { href, navigate, type Route } from '../router';

const PAGE = 50;

export function IncidentsPage({ route }: { route: Route }) {
  const { t } = useI18n();
  const minSources = route.params.get('minSources') ?? '';
  const filters = useMemo(() => ({ ...filtersFrom(route.params), minSources }), [route.params, minSources]);
  const key = JSON.stringify(filters);
  const [items, setItems] = useState<IncidentDTO[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);

  useEffect(() => {
    const ctl = new AbortController();
    setItems(null);
    setError(null);
    getJson<Page<IncidentDTO>>(apiUrl('incidents', { ...filters, limit: PAGE }), ctl.signal).then(
      (p) => {
        setItems(p.items);
        setCursor(p.nextCursor);
      },
      (e: unknown) => !ctl.signal.aborted && setError(e instanceof Error ? e : new Error(String(e))),
    );
    return () => ctl.abort();
  }, [key]); // the JSON of the filters is the dependency

  const more = async () => {
    if (!cursor) return;
    const p = await getJson<Page<IncidentDTO>>(apiUrl('incidents', { ...filters, limit: PAGE, cursor }));
    setItems((xs) => [...(xs ?? []), ...p.items]);
    setCursor(p.nextCursor);
  };
  const vals = (xs: Supported<number>[]) =>
    xs.map((x) => (xs.length > 1 ? `${x.value} (${x.support})` : String(x.value))).join(' | ');
  const setMin = (v: string) => {
    const p = new URLSearchParams(route.params);
    if (v) p.set('minSources', v);
    else p.delete('minSources');
    navigate('/incidents', p);
  };

  return (
    <div className="page" data-testid="page-incidents">
      <h1>{t('navIncidents')}</h1>
      <Filters path="/incidents" params={route.params} hide={['review', 'q']} />
      <label className="controls">
        {t('minSources')}{' '}
        <select value={minSources} onChange={(e) => setMin(e.target.value)} data-testid="min-sources">
          <option value="">1</option>
          <option value="2">2</option>
          <option value="3">3</option>
        </select>
      </label>
      {error && <ErrorBox error={error} />}
      {items === null && !error && <Loading />}
      {items && (
        <table className="compact" data-testid="incidents-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('period')}</th>
              <th scope="col">{t('type')}</th>
              <th scope="col">{t('place')}</th>
              <th scope="col">
                {t('actor')} {t('arrow')} {t('target')}
              </th>
              <th scope="col">{t('sources')}</th>
              <th scope="col">{t('killed')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr
                key={i.id}
                className="clickable"
                onClick={() => navigate(`/incidents/${i.id}`)}
                data-testid="incident-row"
              >
                <td>
                  <a href={href(`/incidents/${i.id}`)}>{i.id}</a>
                </td>
                <td dir="ltr">{dateRange(i.firstDate, i.lastDate)}</td>
                <td>
                  <TypeBadge type={i.type} />
                </td>
                <td>{i.place.name}</td>
                <td onClick={(e) => e.stopPropagation()}>
                  <GroupLink id={i.actor} /> {t('arrow')} <GroupLink id={i.target} />
                </td>
                <td className="num">
                  {i.corroboration}/{i.sourcesCount}
                </td>
                <td className="num">{vals(i.values.fatalities)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <button type="button" onClick={() => void more()}>
          {t('loadMore')}
        </button>
      )}
    </div>
  );
}
