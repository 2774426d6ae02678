/** Hand-written SVG charts: stacked bars by period and small bar multiples. Time runs left to right. */
import { EVENT_TYPES } from '../../../src/types';
import type { Timeline } from '../api';
import { typeColor } from '../format';
import { useI18n } from '../i18n';
import { href } from '../router';

export function StackedBars({ timeline, height = 260 }: { timeline: Timeline; height?: number }) {
  const { t, typeLabel } = useI18n();
  const buckets = timeline.buckets;
  const types = EVENT_TYPES.filter((type) => buckets.some((b) => (b.counts[type] ?? 0) > 0));
  const max = Math.max(1, ...buckets.map((b) => b.total));
  const left = 36;
  const bottom = 40;
  const top = 10;
  // A fixed drawing width close to the page's, so the SVG scales about 1:1 and text stays legible.
  const width = 1200;
  const barW = (width - left - 10) / Math.max(1, buckets.length);
  const plotH = height - bottom - top;
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const ticks = [0, Math.round(max / 2), max];
  // Label every n-th period so labels do not overlap.
  const every = Math.max(1, Math.ceil(buckets.length / 12));
  // The last day of a period, for the link to its events.
  const next = (period: string) => {
    const d = new Date(`${period}T00:00:00Z`);
    if (timeline.bucket === 'month') d.setUTCMonth(d.getUTCMonth() + 1);
    else d.setUTCDate(d.getUTCDate() + 7);
    d.setUTCDate(d.getUTCDate() - 1);
    return d.toISOString().slice(0, 10);
  };

  return (
    <figure className="chart" data-testid="timeline-chart" dir="ltr">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-label={t('timeline')}
        preserveAspectRatio="xMinYMin meet"
      >
        {ticks.map((v) => (
          <g key={v}>
            <line x1={left} x2={width} y1={y(v)} y2={y(v)} className="grid" />
            <text x={left - 4} y={y(v) + 4} textAnchor="end" className="axis">
              {v}
            </text>
          </g>
        ))}
        {buckets.map((b, i) => {
          let acc = 0;
          const x = left + i * barW;
          return (
            <g key={b.period} data-period={b.period}>
              {types.map((type) => {
                const n = b.counts[type] ?? 0;
                if (n === 0) return null;
                const y0 = y(acc);
                acc += n;
                return (
                  <a key={type} href={href('/events', { type, from: b.period, to: next(b.period) })}>
                    <rect x={x + 1} width={barW - 2} y={y(acc)} height={y0 - y(acc)} fill={typeColor(type)}>
                      <title>{`${b.period} · ${typeLabel(type)}: ${n}`}</title>
                    </rect>
                  </a>
                );
              })}
              {i % every === 0 && (
                <text x={x + barW / 2} y={height - bottom + 14} textAnchor="middle" className="axis">
                  {timeline.bucket === 'month' ? b.period.slice(0, 7) : b.period.slice(5)}
                </text>
              )}
            </g>
          );
        })}
        <text x={left} y={height - 6} className="axis">
          {buckets[0]?.period.slice(0, 4)}
        </text>
      </svg>
      <figcaption className="legend" data-testid="timeline-legend">
        {types.map((type) => (
          <a key={type} href={href('/events', { type })} className="legend-item">
            <span className="swatch" style={{ background: typeColor(type) }} aria-hidden="true" />
            {typeLabel(type)}
          </a>
        ))}
      </figcaption>
    </figure>
  );
}

/** One small bar chart of a weekly series (cohesion signals). */
export function MiniBars({ values, color, label }: { values: number[]; color: string; label: string }) {
  const max = Math.max(1, ...values);
  const w = 8;
  const h = 40;
  return (
    <svg
      viewBox={`0 0 ${values.length * w} ${h}`}
      width={values.length * w}
      height={h}
      role="img"
      aria-label={label}
    >
      <line x1={0} x2={values.length * w} y1={h - 0.5} y2={h - 0.5} className="grid" />
      {values.map((v, i) => (
        <rect
          key={i}
          x={i * w + 1}
          width={w - 2}
          y={h - (v / max) * (h - 2)}
          height={(v / max) * (h - 2)}
          fill={color}
        >
          <title>{String(v)}</title>
        </rect>
      ))}
    </svg>
  );
}
