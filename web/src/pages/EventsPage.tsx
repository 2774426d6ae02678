/** Events table: every filter of the API, cursor pagination ("load more"), review actions per row. */
import { useEffect, useMemo, useState } from 'react';
import { apiUrl, getJson, type EventDTO, type Page } from '../api';
import { ErrorBox, Loading } from '../components/common';
import { EventTable } from '../components/EventTable';
import { Filters, filtersFrom } from '../components/Filters';
import { useI18n } from '../i18n';
import type { Route } from '../router';

const PAGE = 50;

export function EventsPage({ route }: { route: Route }) {
  const { t } = useI18n();
  const filters = useMemo(() => filtersFrom(route.params), [route.params]);
  const key = JSON.stringify(filters);
  const [items, setItems] = useState<EventDTO[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const ctl = new AbortController();
    setItems(null);
    setError(null);
    getJson<Page<EventDTO>>(apiUrl('events', { ...filters, limit: PAGE }), ctl.signal).then(
      (p) => {
        setItems(p.items);
        setCursor(p.nextCursor);
        setTotal(p.total);
      },
      (e: unknown) => !ctl.signal.aborted && setError(e instanceof Error ? e : new Error(String(e))),
    );
    return () => ctl.abort();
    // The filters object is rebuilt on every route change; its JSON is the real dependency.
  }, [key]);

  const more = async () => {
    if (!cursor) return;
    setBusy(true);
    try {
      const p = await getJson<Page<EventDTO>>(apiUrl('events', { ...filters, limit: PAGE, cursor }));
      setItems((xs) => [...(xs ?? []), ...p.items]);
      setCursor(p.nextCursor);
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(false);
    }
  };

  const update = (e: EventDTO) =>
    setItems((xs) => (xs ?? []).map((x) => (x.id === e.id ? { ...x, ...e } : x)));

  return (
    <div className="page events-page" data-testid="page-events">
      <h1>{t('navEvents')}</h1>
      <Filters path="/events" params={route.params} />
      {error && <ErrorBox error={error} />}
      {items === null && !error ? (
        <Loading />
      ) : items !== null ? (
        <>
          <div className="section-head">
            <p data-testid="events-count">
              {t('shownOf', {
                n: items.length,
                total: total ?? (cursor ? `${items.length}+` : items.length),
              })}
            </p>
            <a href={apiUrl('export', { ...filters, format: 'csv' })} download>
              {t('exportCsv')}
            </a>
          </div>
          <p className="muted small">
            {t('rowHint')} {t('sortNote')}
          </p>
          {items.length === 0 ? (
            <p>{t('noResults')}</p>
          ) : (
            <EventTable events={items} onChange={update} reviewActions />
          )}
          {cursor && (
            <button type="button" onClick={() => void more()} disabled={busy} data-testid="load-more">
              {t('loadMore')}
            </button>
          )}
        </>
      ) : null}
    </div>
  );
}
