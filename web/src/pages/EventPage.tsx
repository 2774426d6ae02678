/** One event with everything the extraction found, and its review: actions, edit form and history. */
import { useEffect, useState } from 'react';
import { apiUrl, useApi, type DocumentSummary, type EventDTO, type ReviewDTO } from '../api';
import { GroupLink, Load, PlaceText, TypeBadge } from '../components/common';
import { HighlightedText } from '../components/HighlightedText';
import { ReviewPanel } from '../components/ReviewPanel';
import { dateRange, range } from '../format';
import { CERTAINTY_LABELS, ROLE_LABELS, useI18n } from '../i18n';
import { personName } from '../names';
import { href, type Route } from '../router';

type EventDetail = EventDTO & { document?: DocumentSummary; reviews?: ReviewDTO[] };

export function EventPage({ route }: { route: Route }) {
  const id = route.parts[1] ?? '';
  const state = useApi<EventDetail>(apiUrl(`events/${encodeURIComponent(id)}`));
  return (
    <div className="page event-page" data-testid="page-event">
      <Load state={state}>{(e) => <EventView initial={e} />}</Load>
    </div>
  );
}

function EventView({ initial }: { initial: EventDetail }) {
  const { t, lang, typeLabel } = useI18n();
  const [e, setE] = useState(initial);
  useEffect(() => setE(initial), [initial]);
  const rel = (s: number, end: number) => ({ start: s - e.evidence.start, end: end - e.evidence.start });

  return (
    <>
      <h1>
        {t('eventPage')} #{e.id}: {typeLabel(e.type)}
      </h1>
      <div className="two-col">
        <div>
          <HighlightedText
            text={e.evidence.text}
            testId="event-evidence"
            highlights={[
              {
                ...rel(e.trigger.start, e.trigger.end),
                kind: 'trigger',
                title: `${t('trigger')}: ${e.trigger.text}`,
              },
            ]}
          />
          <dl className="facts">
            <div>
              <dt>{t('type')}</dt>
              <dd>
                <TypeBadge type={e.type} />
              </dd>
            </div>
            <div>
              <dt>{t('place')}</dt>
              <dd>
                <PlaceText location={e.location} />
                {e.location?.lat != null && (
                  <span className="muted small" dir="ltr">
                    {' '}
                    ({e.location.lat}, {e.location.lon})
                  </span>
                )}
              </dd>
            </div>
            <div>
              <dt>{t('date')}</dt>
              <dd>
                <span dir="ltr">{dateRange(e.date?.start, e.date?.end) || e.published}</span>
                {e.date?.text ? <span className="muted"> «{e.date.text}»</span> : null}
              </dd>
            </div>
            <div>
              <dt>
                {t('actor')} {t('arrow')} {t('target')}
              </dt>
              <dd>
                <GroupLink id={e.actor} /> {t('arrow')} <GroupLink id={e.target} />
              </dd>
            </div>
            <div>
              <dt>{t('count')}</dt>
              <dd>{range(e.count) || '?'}</dd>
            </div>
            <div>
              <dt>{t('killed')}</dt>
              <dd>{range(e.fatalities) || '?'}</dd>
            </div>
            <div>
              <dt>{t('persons')}</dt>
              <dd>
                {e.persons
                  .map(
                    (p) =>
                      `${personName(p.name, lang)}${p.title ? ` (${p.title})` : ''}${p.role ? ` [${ROLE_LABELS[p.role]?.[lang] ?? p.role}]` : ''}`,
                  )
                  .join('، ') || '–'}
              </dd>
            </div>
            {e.charges && e.charges.length > 0 && (
              <div>
                <dt>{t('charges')}</dt>
                <dd>{e.charges.join('، ')}</dd>
              </div>
            )}
            <div>
              <dt>{t('certainty')}</dt>
              <dd>{CERTAINTY_LABELS[e.certainty]?.[lang] ?? e.certainty}</dd>
            </div>
            <div>
              <dt>{t('outlet')}</dt>
              <dd>
                {e.outlet} · <span dir="ltr">{e.published}</span> ·{' '}
                <a href={href(`/documents/${e.documentId}`, { event: e.id })}>
                  {e.document?.title ?? t('openArticle')}
                </a>
                {e.incidentId !== null && (
                  <>
                    {' · '}
                    <a href={href(`/incidents/${e.incidentId}`, { event: e.id })}>
                      {t('openIncident')} #{e.incidentId}
                    </a>
                  </>
                )}
              </dd>
            </div>
            <div>
              <dt>{t('rules')}</dt>
              <dd dir="ltr" className="small">
                <code>{e.rules.join(', ')}</code>
              </dd>
            </div>
            <div>
              <dt>{t('lexicon')}</dt>
              <dd dir="ltr" className="small">
                <code>{e.lexicon.join(', ')}</code>
              </dd>
            </div>
          </dl>
        </div>
        <ReviewPanel event={e} onChange={(u) => setE((x) => ({ ...x, ...u }))} />
      </div>
    </>
  );
}
