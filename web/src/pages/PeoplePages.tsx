/** Persons and armed groups: lists, and one page each with aliases, titles, events and network. */
import { useState, type FormEvent } from 'react';
import { EVENT_TYPES } from '../../../src/types';
import {
  apiUrl,
  useApi,
  type EventDTO,
  type GroupDetail,
  type GroupSummary,
  type Page,
  type PersonDetail,
  type PersonDTO,
} from '../api';
import { GroupLink, Load, TypeBadge } from '../components/common';
import { EventTable } from '../components/EventTable';
import { Network } from '../components/Network';
import { useI18n } from '../i18n';
import { groupName, personName, useNameTables } from '../names';
import { href, navigate, type Route } from '../router';

function ByType({ counts }: { counts: Partial<Record<string, number>> }) {
  const types = EVENT_TYPES.filter((x) => counts[x]);
  if (types.length === 0) return <span className="muted">–</span>;
  return (
    <span className="by-type">
      {types.map((x) => (
        <span key={x} className="by-type-item">
          <TypeBadge type={x} /> {counts[x]}
        </span>
      ))}
    </span>
  );
}

export function PersonsPage({ route }: { route: Route }) {
  const { t, lang } = useI18n();
  const name = route.params.get('name') ?? '';
  const [draft, setDraft] = useState(name);
  const state = useApi<Page<PersonDTO>>(apiUrl('persons', { name, limit: 200 }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate('/persons', { name: draft });
  };
  return (
    <div className="page" data-testid="page-persons">
      <h1>{t('navPersons')}</h1>
      <form onSubmit={submit} className="controls">
        <label>
          {t('searchName')} <input type="search" value={draft} onChange={(e) => setDraft(e.target.value)} />
        </label>
        <button type="submit">{t('apply')}</button>
      </form>
      <Load state={state}>
        {(p) => (
          <table className="compact" data-testid="persons-table">
            <thead>
              <tr>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('aliases')}</th>
                <th scope="col">{t('group')}</th>
                <th scope="col">{t('documentsCount')}</th>
                <th scope="col">{t('eventsByType')}</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((x) => (
                <tr key={x.id}>
                  <td>
                    <a href={href(`/persons/${x.id}`)}>{personName(x.name, lang)}</a>
                  </td>
                  <td>{x.aliases.join('، ')}</td>
                  <td>
                    <GroupLink id={x.group} />
                  </td>
                  <td className="num">{x.documentsCount}</td>
                  <td>
                    <ByType counts={x.eventsByType} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Load>
    </div>
  );
}

export function PersonPage({ route }: { route: Route }) {
  const id = route.parts[1] ?? '';
  const state = useApi<PersonDetail>(apiUrl(`persons/${encodeURIComponent(id)}`));
  return (
    <div className="page person-page" data-testid="page-person">
      <Load state={state}>{(p) => <Person p={p} />}</Load>
    </div>
  );
}

function Person({ p }: { p: PersonDetail }) {
  const { t, lang } = useI18n();
  const name = personName(p.name, lang);
  const titles = [...p.titles].sort((a, b) => (a.published ?? '').localeCompare(b.published ?? ''));
  return (
    <>
      <h1>
        <span lang="ar">{name}</span>
      </h1>
      <dl className="facts">
        <div>
          <dt>{t('aliases')}</dt>
          <dd data-testid="aliases">{p.aliases.join('، ') || '–'}</dd>
        </div>
        <div>
          <dt>{t('group')}</dt>
          <dd>{p.group ? <GroupLink id={p.group} /> : '–'}</dd>
        </div>
        <div>
          <dt>{t('origin')}</dt>
          <dd>{p.origin ?? '–'}</dd>
        </div>
        <div>
          <dt>{t('nationality')}</dt>
          <dd>{p.nationality ?? '–'}</dd>
        </div>
        <div>
          <dt>{t('documentsCount')}</dt>
          <dd>{p.documentsCount}</dd>
        </div>
        <div className="wide">
          <dt>{t('eventsByType')}</dt>
          <dd>
            <ByType counts={p.eventsByType} />
          </dd>
        </div>
      </dl>
      <div className="two-col">
        <section aria-labelledby="titles-h">
          <h2 id="titles-h">{t('titles')}</h2>
          {titles.length === 0 ? (
            <p className="muted">–</p>
          ) : (
            <ol className="timeline-list" data-testid="titles">
              {titles.map((x, i) => (
                <li key={i}>
                  <span dir="ltr" className="muted">
                    {x.published ?? '?'}
                  </span>{' '}
                  {x.title} ·{' '}
                  <a href={href(`/documents/${x.documentId}`)}>
                    {t('openArticle')} #{x.documentId}
                  </a>
                </li>
              ))}
            </ol>
          )}
        </section>
        <section aria-labelledby="net-h">
          <h2 id="net-h">{t('network')}</h2>
          <Network center={name} network={p.network} />
        </section>
      </div>
      <section aria-labelledby="pevents-h">
        <h2 id="pevents-h">
          {t('events')} ({p.events.length}) <a href={href('/events', { personId: p.id })}>↗</a>
        </h2>
        <EventTable events={p.events} testId="person-events" />
      </section>
    </>
  );
}

export function GroupsPage() {
  const { t, lang } = useI18n();
  const tables = useNameTables();
  const state = useApi<{ items: GroupSummary[] }>(apiUrl('groups'));
  return (
    <div className="page" data-testid="page-groups">
      <h1>{t('navGroups')}</h1>
      <Load state={state}>
        {(g) => (
          <table className="compact" data-testid="groups-table">
            <thead>
              <tr>
                <th scope="col">{t('group')}</th>
                <th scope="col">{t('events')}</th>
                <th scope="col">{t('eventsByType')}</th>
              </tr>
            </thead>
            <tbody>
              {g.items.map((x) => (
                <tr key={x.id}>
                  <td>
                    <a href={href(`/groups/${encodeURIComponent(x.id)}`)}>{groupName(x.id, lang, tables)}</a>
                  </td>
                  <td className="num">{x.events}</td>
                  <td>
                    <ByType counts={x.eventsByType} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Load>
    </div>
  );
}

export function GroupPage({ route }: { route: Route }) {
  const id = route.parts[1] ?? '';
  const state = useApi<GroupDetail>(apiUrl(`groups/${encodeURIComponent(id)}`));
  return (
    <div className="page group-page" data-testid="page-group">
      <Load state={state}>{(g) => <Group g={g} />}</Load>
    </div>
  );
}

function Group({ g }: { g: GroupDetail }) {
  const { t, lang } = useI18n();
  const tables = useNameTables();
  const asActor = useApi<Page<EventDTO>>(apiUrl('events', { actor: g.id, limit: 50 }));
  const asTarget = useApi<Page<EventDTO>>(apiUrl('events', { target: g.id, limit: 50 }));
  const name = lang === 'en' ? (g.nameEn ?? g.nameAr ?? g.id) : (g.nameAr ?? g.id);
  return (
    <>
      <h1>
        {name} {lang === 'ar' && g.nameEn ? <span className="muted small">({g.nameEn})</span> : null}
      </h1>
      <dl className="facts">
        {g.aliases && (
          <div>
            <dt>{t('aliases')}</dt>
            <dd data-testid="aliases" lang="ar">
              {g.aliases.join('، ') || '–'}
            </dd>
          </div>
        )}
        {g.description && lang === 'en' ? (
          <div className="wide">
            <dt>{t('description')}</dt>
            <dd>{g.description}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('events')}</dt>
          <dd>{g.events}</dd>
        </div>
        <div className="wide">
          <dt>{t('eventsByType')}</dt>
          <dd>
            <ByType counts={g.eventsByType} />
          </dd>
        </div>
      </dl>
      <div className="two-col">
        <section aria-labelledby="members-h">
          <h2 id="members-h">{t('members')}</h2>
          {g.persons.length === 0 ? (
            <p className="muted">–</p>
          ) : (
            <ul data-testid="group-persons">
              {g.persons.map((p) => (
                <li key={p.id}>
                  <a href={href(`/persons/${p.id}`)}>{personName(p.name, lang)}</a>
                  {p.titles.length > 0 && <span className="muted"> · {p.titles.at(-1)?.title}</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="gnet-h">
          <h2 id="gnet-h">{t('network')}</h2>
          <Network center={groupName(g.id, lang, tables)} network={g.network} />
        </section>
      </div>
      <section aria-labelledby="gactor-h">
        <h2 id="gactor-h">
          {t('asActor')} <a href={href('/events', { actor: g.id })}>↗</a>
        </h2>
        <Load state={asActor}>{(p) => <EventTable events={p.items} testId="group-events-actor" />}</Load>
      </section>
      <section aria-labelledby="gtarget-h">
        <h2 id="gtarget-h">
          {t('asTarget')} <a href={href('/events', { target: g.id })}>↗</a>
        </h2>
        <Load state={asTarget}>{(p) => <EventTable events={p.items} testId="group-events-target" />}</Load>
      </section>
    </>
  );
}
