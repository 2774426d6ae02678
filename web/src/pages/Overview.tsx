/** Overview: totals, events by type over time, and the cohesion signals of an armed group. */
import { EVENT_TYPES } from '../../../src/types';
import { apiUrl, useApi, type Breakdown, type Cohesion, type Stats, type Timeline } from '../api';
import { MiniBars, StackedBars } from '../components/Charts';
import { Load, TypeBadge } from '../components/common';
import { changeText, num, typeColor } from '../format';
import { SIGNAL_LABELS, SIGNALS, useI18n } from '../i18n';
import { areaName, groupName, useNameTables } from '../names';
import { href, navigate, type Route } from '../router';

const SIGNAL_COLORS: Record<string, string> = {
  defection: '#e6550d',
  insubordination: '#fd8d3c',
  internal_dispute: '#d6a21e',
  internal_clash: '#a50f15',
  purge: '#67000d',
  assassination: '#de2d26',
  self_harm: '#e7969c',
};

export function Overview({ route }: { route: Route }) {
  const { t, lang } = useI18n();
  // Without a choice in the address the server picks weeks, or months for a long period.
  const asked = route.params.get('bucket');
  const requested = asked === 'month' || asked === 'week' ? asked : 'auto';
  const stats = useApi<Stats>(apiUrl('stats'));
  const timeline = useApi<Timeline>(apiUrl('stats/timeline', { bucket: requested }));
  const bucket = requested !== 'auto' ? requested : (timeline.data?.bucket ?? 'week');
  const setParam = (k: string, v: string) => {
    const p = new URLSearchParams(route.params);
    if (v) p.set(k, v);
    else p.delete(k);
    navigate('/', p);
  };

  return (
    <div className="page overview" data-testid="page-overview">
      <h1>{t('navOverview')}</h1>
      <section aria-labelledby="totals-h">
        <h2 id="totals-h">{t('totals')}</h2>
        <Load state={stats}>
          {(s) => (
            <dl className="totals" data-testid="totals">
              {(['documents', 'events', 'incidents', 'persons', 'mentions'] as const).map((k) => (
                <div key={k} className="total" data-testid={`total-${k}`}>
                  <dt>{t(k)}</dt>
                  <dd>{num(s[k], lang)}</dd>
                </div>
              ))}
            </dl>
          )}
        </Load>
      </section>

      <section aria-labelledby="timeline-h">
        <div className="section-head">
          <h2 id="timeline-h">{t('timeline')}</h2>
          <label>
            {t('bucket')}{' '}
            <select value={bucket} onChange={(e) => setParam('bucket', e.target.value)} data-testid="bucket">
              <option value="week">{t('week')}</option>
              <option value="month">{t('month')}</option>
            </select>
          </label>
        </div>
        <Load state={timeline}>{(tl) => <StackedBars timeline={tl} />}</Load>
        <p className="muted small">{t('chartNote')}</p>
      </section>

      <CohesionPanel route={route} setParam={setParam} />

      <Load state={stats}>
        {(s) => {
          const max = Math.max(1, ...Object.values(s.eventsByType).map((n) => n ?? 0));
          return (
            <div className="two-col">
              <div>
                <h2>{t('byType')}</h2>
                <ul className="bars" data-testid="by-type">
                  {EVENT_TYPES.filter((x) => s.eventsByType[x])
                    .sort((a, b) => (s.eventsByType[b] ?? 0) - (s.eventsByType[a] ?? 0))
                    .map((type) => (
                      <li key={type}>
                        <a href={href('/events', { type })}>
                          <TypeBadge type={type} />
                        </a>
                        <span className="bar" aria-hidden="true">
                          <span
                            style={{
                              width: `${(100 * (s.eventsByType[type] ?? 0)) / max}%`,
                              background: typeColor(type),
                            }}
                          />
                        </span>
                        <span className="num">{s.eventsByType[type]}</span>
                      </li>
                    ))}
                </ul>
              </div>
              <div>
                <h2>{t('topOutlets')}</h2>
                <ol className="outlets">
                  {s.documentsByOutlet.slice(0, 10).map((o) => (
                    <li key={o.outlet}>
                      <a href={href('/events', { outlet: o.outlet })}>{o.outlet}</a>{' '}
                      <span className="muted">({o.documents})</span>
                    </li>
                  ))}
                </ol>
              </div>
            </div>
          );
        }}
      </Load>
    </div>
  );
}

function CohesionPanel({ route, setParam }: { route: Route; setParam: (k: string, v: string) => void }) {
  const { t, lang } = useI18n();
  const tables = useNameTables();
  const group = route.params.get('group') ?? 'isis';
  const area = route.params.get('area') ?? '';
  const weeks = route.params.get('weeks') ?? '12';
  const admin1 = useApi<Breakdown>(apiUrl('stats/breakdown', { by: 'admin1', review: 'any' }), true);
  const cohesion = useApi<Cohesion>(apiUrl('stats/cohesion', { group, area, weeks }));
  const groups = [...tables.groups.values()];

  return (
    <section aria-labelledby="cohesion-h" data-testid="cohesion">
      <h2 id="cohesion-h">{t('cohesion')}</h2>
      <p className="muted">{t('cohesionHelp')}</p>
      <div className="controls">
        <label>
          {t('group')}{' '}
          <select
            value={group}
            onChange={(e) => setParam('group', e.target.value === 'isis' ? '' : e.target.value)}
            data-testid="cohesion-group"
          >
            {!tables.groups.has(group) && <option value={group}>{groupName(group, lang, tables)}</option>}
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {groupName(g.id, lang, tables)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('area')}{' '}
          <select value={area} onChange={(e) => setParam('area', e.target.value)} data-testid="cohesion-area">
            <option value="">{t('allAreas')}</option>
            {(admin1.data?.rows ?? []).map(
              (r) =>
                r.key && (
                  <option key={r.key} value={r.key}>
                    {areaName(r.key, lang, tables)}
                  </option>
                ),
            )}
          </select>
        </label>
        <label>
          {t('weeks')}{' '}
          <select
            value={weeks}
            onChange={(e) => setParam('weeks', e.target.value === '12' ? '' : e.target.value)}
          >
            {['4', '8', '12', '26', '52'].map((w) => (
              <option key={w} value={w}>
                {w}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Load state={cohesion}>
        {(c) => (
          <>
            <p className="muted small" dir="ltr">
              {c.weeks[0]?.week} → {c.weeks.at(-1)?.week}
            </p>
            <div className="multiples">
              {SIGNALS.map((s) => {
                const cur = c.current[s] ?? 0;
                const prev = c.previous[s] ?? 0;
                const ch = c.change[s];
                return (
                  <div key={s} className="multiple" data-testid={`signal-${s}`}>
                    <h3>{SIGNAL_LABELS[s][lang]}</h3>
                    <MiniBars
                      values={c.weeks.map((w) => w.signals[s] ?? 0)}
                      color={SIGNAL_COLORS[s] ?? '#888'}
                      label={SIGNAL_LABELS[s][lang]}
                    />
                    <p>
                      <span className="big">{cur}</span>{' '}
                      <span className="muted" title={t('previous')}>
                        ({t('previous')}: {prev})
                      </span>{' '}
                      <span
                        className={`change ${ch === null || ch === undefined ? (cur > 0 ? 'up' : '') : ch > 0 ? 'up' : ch < 0 ? 'down' : ''}`}
                        data-testid="signal-change"
                        dir="ltr"
                      >
                        {ch === null || ch === undefined
                          ? cur > 0
                            ? `↑ ${t('newSignal')}`
                            : '–'
                          : changeText(ch)}
                      </span>
                    </p>
                  </div>
                );
              })}
            </div>
            {c.areas.length > 0 && (
              <details>
                <summary>{t('byArea')}</summary>
                <table className="compact">
                  <thead>
                    <tr>
                      <th scope="col">{t('area')}</th>
                      <th scope="col">{t('current')}</th>
                      <th scope="col">{t('previous')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.areas.map((a) => {
                      const sum = (r: Record<string, number>) => Object.values(r).reduce((x, y) => x + y, 0);
                      return (
                        <tr key={a.area}>
                          <td>
                            <button type="button" className="link" onClick={() => setParam('area', a.area)}>
                              {areaName(a.area, lang, tables)}
                            </button>
                          </td>
                          <td className="num">{sum(a.current)}</td>
                          <td className="num">{sum(a.previous)}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </details>
            )}
          </>
        )}
      </Load>
    </section>
  );
}
