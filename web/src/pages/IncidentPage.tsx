/** Incident: every report side by side with its article and the evidence marked, and the disagreements. */
import { useEffect, useState } from 'react';
import { apiUrl, useApi, type EventDTO, type IncidentDetail, type Supported } from '../api';
import { GroupLink, Load, PlaceText, TypeBadge } from '../components/common';
import { HighlightedText } from '../components/HighlightedText';
import { ReviewPanel } from '../components/ReviewPanel';
import { dateRange, range } from '../format';
import { useI18n } from '../i18n';
import { groupName, personName, useNameTables } from '../names';
import { href, type Route } from '../router';

export function IncidentPage({ route }: { route: Route }) {
  const id = route.parts[1] ?? '';
  const state = useApi<IncidentDetail>(apiUrl(`incidents/${encodeURIComponent(id)}`));
  const focus = Number(route.params.get('event') ?? NaN);
  return (
    <div className="page incident-page" data-testid="page-incident">
      <Load state={state}>{(inc) => <Incident incident={inc} focus={focus} />}</Load>
    </div>
  );
}

function Incident({ incident, focus }: { incident: IncidentDetail; focus: number }) {
  const { t, lang, typeLabel } = useI18n();
  const tables = useNameTables();
  const [reports, setReports] = useState(incident.reports);
  useEffect(() => setReports(incident.reports), [incident]);
  const update = (e: EventDTO) => setReports((rs) => rs.map((r) => (r.id === e.id ? { ...r, ...e } : r)));

  const supported = <T,>(xs: Supported<T>[], show: (v: T) => string) =>
    xs.length === 0
      ? '–'
      : xs
          .map(
            (x) => `${show(x.value)} (${x.support === 1 ? t('supportOne') : t('support', { n: x.support })})`,
          )
          .join(' | ');
  const v = incident.values;
  const disagree = (xs: Supported<unknown>[]) => (xs.length > 1 ? ' disagree' : '');

  return (
    <>
      <h1>
        {t('incident')} #{incident.id}: {typeLabel(incident.type)}
        {incident.place.name ? ` — ${incident.place.name}` : ''}
      </h1>
      <dl className="facts">
        <div>
          <dt>{t('type')}</dt>
          <dd>
            <TypeBadge type={incident.type} />
          </dd>
        </div>
        <div>
          <dt>{t('period')}</dt>
          <dd dir="ltr">{dateRange(incident.firstDate, incident.lastDate)}</dd>
        </div>
        <div>
          <dt>{t('place')}</dt>
          <dd>{incident.place.name}</dd>
        </div>
        <div>
          <dt>
            {t('actor')} {t('arrow')} {t('target')}
          </dt>
          <dd>
            <GroupLink id={incident.actor} /> {t('arrow')} <GroupLink id={incident.target} />
          </dd>
        </div>
        <div>
          <dt>{t('corroboration')}</dt>
          <dd data-testid="corroboration">
            {t('corroborationValue', { c: incident.corroboration, n: incident.sourcesCount })}
          </dd>
        </div>
      </dl>

      <section aria-labelledby="values-h">
        <h2 id="values-h">{t('disagreements')}</h2>
        <dl className="facts" data-testid="disagreements">
          <div className={disagree(v.fatalities)}>
            <dt>{t('killed')}</dt>
            <dd data-testid="values-fatalities">{supported(v.fatalities, String)}</dd>
          </div>
          <div className={disagree(v.counts)}>
            <dt>{t('count')}</dt>
            <dd data-testid="values-counts">{supported(v.counts, String)}</dd>
          </div>
          <div className={disagree(v.actors)}>
            <dt>{t('actor')}</dt>
            <dd>{supported(v.actors, (a) => groupName(a, lang, tables))}</dd>
          </div>
          <div>
            <dt>{t('persons')}</dt>
            <dd>{v.persons.map((p) => personName(p, lang)).join('، ') || '–'}</dd>
          </div>
          <div>
            <dt>{t('sources')}</dt>
            <dd>{v.sources.join('، ')}</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="reports-h">
        <h2 id="reports-h">
          {t('reports')} ({reports.length})
        </h2>
        <div className="reports" data-testid="reports">
          {reports.map((r) => {
            const doc = incident.documents.find((d) => d.id === r.documentId);
            return (
              <article
                key={r.id}
                className={`report${r.id === focus ? ' selected' : ''}`}
                data-testid="report"
                data-event-id={r.id}
              >
                <header>
                  <h3>{r.outlet ?? doc?.outlet ?? '?'}</h3>
                  <p className="muted small">
                    {t('published')}: <span dir="ltr">{r.published ?? doc?.published ?? '?'}</span> ·{' '}
                    <a href={href(`/documents/${r.documentId}`, { event: r.id })}>{t('openArticle')}</a> ·{' '}
                    <a href={href(`/events/${r.id}`)}>{t('eventPage')}</a>
                  </p>
                  <p className="small">
                    <TypeBadge type={r.type} /> <PlaceText location={r.location} /> ·{' '}
                    <span dir="ltr">{dateRange(r.date?.start, r.date?.end)}</span>
                    {r.date?.text ? <span className="muted"> «{r.date.text}»</span> : null} · {t('count')}:{' '}
                    {range(r.count) || '?'} · {t('killed')}: {range(r.fatalities) || '?'}
                  </p>
                </header>
                <ReviewPanel event={r} onChange={update} compact />
                {doc ? (
                  <HighlightedText
                    text={doc.raw}
                    className="scroll"
                    testId="report-text"
                    highlights={[
                      {
                        start: r.evidence.start,
                        end: r.evidence.end,
                        kind: 'evidence',
                        title: `${typeLabel(r.type)} · ${t('rules')}: ${r.rules.join(', ')} · ${t('lexicon')}: ${r.lexicon.join(', ')}`,
                        focus: true,
                        eventId: r.id,
                      },
                      {
                        start: r.trigger.start,
                        end: r.trigger.end,
                        kind: 'trigger',
                        title: `${t('trigger')}: ${r.trigger.text}`,
                      },
                    ]}
                  />
                ) : (
                  <blockquote lang="ar" dir="rtl">
                    <mark className="hl-evidence">{r.evidence.text}</mark>
                  </blockquote>
                )}
              </article>
            );
          })}
        </div>
      </section>
    </>
  );
}
