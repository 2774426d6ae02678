/**
 * A table of events with sortable columns (client-side: the rows loaded so far). A click on a row opens
 * its incident, or its article when it has no incident.
 */
import { useMemo, useState, type KeyboardEvent } from 'react';
import type { EventDTO } from '../api';
import { dateRange, range, rangeValue } from '../format';
import { useI18n, type StringKey } from '../i18n';
import { groupName, personName, placeName, useNameTables } from '../names';
import { href } from '../router';
import { PlaceText, ReviewBadge, TypeBadge } from './common';
import { ReviewPanel } from './ReviewPanel';

type SortKey = 'date' | 'type' | 'place' | 'actor' | 'target' | 'count' | 'killed' | 'outlet' | 'review';

interface Props {
  events: EventDTO[];
  onChange?: (e: EventDTO) => void;
  /** Show the confirm/reject buttons. */
  reviewActions?: boolean;
  testId?: string;
}

export function eventLink(e: EventDTO): string {
  return e.incidentId !== null
    ? href(`/incidents/${e.incidentId}`, { event: e.id })
    : href(`/documents/${e.documentId}`, { event: e.id });
}

const dateOf = (e: EventDTO) => e.when?.start ?? e.date?.start ?? e.published ?? '';

export function EventTable({ events, onChange, reviewActions = false, testId = 'events-table' }: Props) {
  const { t, lang } = useI18n();
  const tables = useNameTables();
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean } | null>(null);

  const rows = useMemo(() => {
    if (!sort) return events;
    const value = (e: EventDTO): string | number => {
      switch (sort.key) {
        case 'date':
          return dateOf(e);
        case 'type':
          return e.type;
        case 'place':
          return placeName(e.location, lang);
        case 'actor':
          return groupName(e.actor, lang, tables);
        case 'target':
          return groupName(e.target, lang, tables);
        case 'count':
          return rangeValue(e.count);
        case 'killed':
          return rangeValue(e.fatalities);
        case 'outlet':
          return e.outlet ?? '';
        case 'review':
          return e.review?.state ?? '';
      }
    };
    const collator = new Intl.Collator(lang);
    return [...events].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      const c =
        typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
      return (sort.desc ? -c : c) || a.id - b.id;
    });
  }, [events, sort, lang, tables]);

  const header = (key: SortKey, label: StringKey) => {
    const active = sort?.key === key;
    return (
      <th scope="col" aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
        <button
          type="button"
          className="sort"
          onClick={() => setSort(active && !sort.desc ? { key, desc: true } : { key, desc: false })}
          data-testid={`sort-${key}`}
        >
          {t(label)}
          <span aria-hidden="true">{active ? (sort.desc ? ' ▼' : ' ▲') : ' ⇅'}</span>
        </button>
      </th>
    );
  };

  const open = (e: EventDTO) => {
    window.location.hash = eventLink(e);
  };
  const onKey = (ev: KeyboardEvent, e: EventDTO) => {
    if (ev.key === 'Enter') open(e);
  };

  return (
    <div className="table-wrap">
      <table className="events" data-testid={testId}>
        <thead>
          <tr>
            {header('date', 'date')}
            {header('type', 'type')}
            {header('place', 'place')}
            {header('actor', 'actor')}
            {header('target', 'target')}
            {header('count', 'count')}
            {header('killed', 'killed')}
            <th scope="col">{t('persons')}</th>
            {header('outlet', 'outlet')}
            {header('review', 'review')}
            <th scope="col">{t('evidence')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr
              key={e.id}
              className="clickable"
              tabIndex={0}
              onClick={() => open(e)}
              onKeyDown={(ev) => onKey(ev, e)}
              data-testid="event-row"
              data-event-id={e.id}
              data-type={e.type}
              data-admin1={e.location?.admin1 ?? ''}
              data-place={e.location?.name ?? ''}
            >
              <td className="nowrap">
                {dateRange(e.when?.start ?? e.date?.start, e.when?.end ?? e.date?.end) || e.published}
              </td>
              <td>
                <TypeBadge type={e.type} />
              </td>
              <td>
                <PlaceText location={e.location} />
              </td>
              <td>{groupName(e.actor, lang, tables)}</td>
              <td>{groupName(e.target, lang, tables)}</td>
              <td className="num">{range(e.count)}</td>
              <td className="num">{range(e.fatalities)}</td>
              <td>{e.persons.map((p) => personName(p.name, lang)).join('، ')}</td>
              <td>{e.outlet}</td>
              <td onClick={(ev) => ev.stopPropagation()} className="review-cell">
                {reviewActions ? (
                  <ReviewPanel event={e} onChange={onChange} compact />
                ) : (
                  <ReviewBadge review={e.review ?? null} />
                )}
                <div className="small nowrap">
                  <a href={href(`/events/${e.id}`)} data-testid="event-details">
                    {t('details')}
                  </a>
                  {' · '}
                  <a href={href(`/documents/${e.documentId}`, { event: e.id })}>{t('openArticle')}</a>
                </div>
              </td>
              <td className="evidence" lang="ar" dir="rtl">
                {e.evidence.text}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
