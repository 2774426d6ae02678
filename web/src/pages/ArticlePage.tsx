/**
 * Article reader: the raw text with persons, places, groups (and dates when mentioned) and the evidence
 * of each event highlighted; a highlight's tooltip names the rule and lexicon entry behind it.
 */
import { useMemo, useState } from 'react';
import { apiUrl, useApi, type DocumentDTO, type EventDTO } from '../api';
import { GroupLink, Load, PlaceText, ReviewBadge, TypeBadge } from '../components/common';
import { HighlightedText, type Highlight } from '../components/HighlightedText';
import { dateRange, range } from '../format';
import { useI18n, type StringKey } from '../i18n';
import { href, type Route } from '../router';
import { safeHttpUrl } from '../safe-url';

const KINDS = [
  ['person', 'kindPerson'],
  ['place', 'kindPlace'],
  ['group', 'kindGroup'],
  ['date', 'kindDate'],
  ['evidence', 'kindEvidence'],
] as const satisfies ReadonlyArray<readonly [string, StringKey]>;

export function ArticlePage({ route }: { route: Route }) {
  const id = route.parts[1] ?? '';
  const state = useApi<DocumentDTO>(apiUrl(`documents/${encodeURIComponent(id)}`));
  const focus = Number(route.params.get('event') ?? NaN);
  return (
    <div className="page article-page" data-testid="page-article">
      <Load state={state}>{(doc) => <Article doc={doc} focus={focus} />}</Load>
    </div>
  );
}

function Article({ doc, focus }: { doc: DocumentDTO; focus: number }) {
  const { t, typeLabel } = useI18n();
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const present = new Set<string>([
    ...doc.mentions.map((m) => m.kind),
    ...(doc.events.length ? ['evidence'] : []),
  ]);

  const highlights = useMemo<Highlight[]>(() => {
    const out: Highlight[] = [];
    for (const m of doc.mentions) {
      if (hidden.has(m.kind)) continue;
      const parts = [
        `${t('rule')}: ${m.rule}`,
        m.entry ? `${t('entry')}: ${m.entry}` : '',
        m.canonical && m.canonical !== m.text ? `→ ${m.canonical}` : '',
        m.groupId ? `[${m.groupId}]` : '',
        m.title ? `${t('title')}: ${m.title}` : '',
      ];
      out.push({ start: m.start, end: m.end, kind: m.kind, title: parts.filter(Boolean).join(' · ') });
    }
    if (!hidden.has('evidence')) {
      for (const e of doc.events) {
        out.push({
          start: e.evidence.start,
          end: e.evidence.end,
          kind: 'evidence',
          eventId: e.id,
          focus: e.id === focus,
          title: `#${e.id} ${typeLabel(e.type)} · ${t('rules')}: ${e.rules.join(', ')} · ${t('lexicon')}: ${e.lexicon.join(', ')}`,
        });
      }
    }
    return out;
  }, [doc, hidden, focus, t, typeLabel]);

  const toggle = (kind: string) =>
    setHidden((h) => {
      const n = new Set(h);
      if (n.has(kind)) n.delete(kind);
      else n.add(kind);
      return n;
    });

  return (
    <>
      <h1 lang="ar" dir="rtl">
        {doc.title ?? `${t('article')} #${doc.id}`}
      </h1>
      <p className="muted">
        {doc.outlet ?? '?'} · <span dir="ltr">{doc.published ?? '?'}</span>
        {doc.author ? ` · ${t('author')}: ${doc.author}` : ''}
        {safeHttpUrl(doc.url) ? (
          <>
            {' · '}
            <a
              href={safeHttpUrl(doc.url)!}
              rel="noreferrer noopener"
              target="_blank"
              data-testid="article-source"
            >
              {t('source')}
            </a>
          </>
        ) : doc.url ? (
          <>
            {' · '}
            <code dir="ltr" className="url" data-testid="article-source-text">
              {doc.url}
            </code>
          </>
        ) : null}
      </p>
      <div className="reader">
        <div>
          <fieldset className="legend kinds" data-testid="article-legend">
            <legend>{t('colorKey')}</legend>
            {KINDS.filter(([k]) => present.has(k)).map(([kind, label]) => (
              <label key={kind} className={`legend-item hl-${kind === 'evidence' ? 'evidence-key' : kind}`}>
                <input type="checkbox" checked={!hidden.has(kind)} onChange={() => toggle(kind)} />
                {t(label)}
              </label>
            ))}
            <p className="muted small">{t('hoverHelp')}</p>
          </fieldset>
          <HighlightedText text={doc.raw} highlights={highlights} testId="article-text" />
        </div>
        <aside aria-labelledby="article-events-h">
          <h2 id="article-events-h">
            {t('eventsInArticle')} ({doc.events.length})
          </h2>
          <ol className="event-cards">
            {doc.events.map((e) => (
              <EventCard key={e.id} e={e} selected={e.id === focus} docId={doc.id} />
            ))}
          </ol>
        </aside>
      </div>
    </>
  );
}

function EventCard({ e, selected, docId }: { e: EventDTO; selected: boolean; docId: number }) {
  const { t } = useI18n();
  return (
    <li className={`event-card${selected ? ' selected' : ''}`} data-event-id={e.id}>
      <a href={href(`/documents/${docId}`, { event: e.id })}>
        <TypeBadge type={e.type} />
      </a>{' '}
      <ReviewBadge review={e.review ?? null} />
      <div className="small">
        <PlaceText location={e.location} /> · <span dir="ltr">{dateRange(e.date?.start, e.date?.end)}</span>
      </div>
      <div className="small">
        <GroupLink id={e.actor} /> {t('arrow')} <GroupLink id={e.target} /> · {t('count')}:{' '}
        {range(e.count) || '?'} · {t('killed')}: {range(e.fatalities) || '?'}
      </div>
      <div className="small">
        <a href={href(`/events/${e.id}`)}>{t('review')}</a>
        {e.incidentId !== null && (
          <>
            {' · '}
            <a href={href(`/incidents/${e.incidentId}`, { event: e.id })}>{t('openIncident')}</a>
          </>
        )}
      </div>
    </li>
  );
}
