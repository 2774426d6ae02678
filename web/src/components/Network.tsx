/** Co-occurrence network: the subject in the middle, persons and groups on a circle around it. */
import type { NetworkDTO } from '../api';
import { useI18n } from '../i18n';
import { groupName, personName, useNameTables } from '../names';
import { href } from '../router';

interface Props {
  center: string;
  network: NetworkDTO;
  /** At most this many neighbours, heaviest first (a circle of hundreds is unreadable). */
  max?: number;
}

export function Network({ center, network, max = 24 }: Props) {
  const { t, lang } = useI18n();
  const tables = useNameTables();
  const nodes = [
    ...network.persons.map((p) => ({
      key: `p${p.id}`,
      label: personName(p.name, lang),
      weight: p.weight,
      link: href(`/persons/${p.id}`),
      kind: 'person',
    })),
    ...network.groups.map((g) => ({
      key: `g${g.id}`,
      label: groupName(g.id, lang, tables),
      weight: g.weight,
      link: href(`/groups/${encodeURIComponent(g.id)}`),
      kind: 'group',
    })),
  ]
    .sort((a, b) => b.weight - a.weight)
    .slice(0, max);
  if (nodes.length === 0) return <p className="muted">{t('none')}</p>;

  // Room around the circle for the labels.
  const size = 600;
  const c = size / 2;
  const r = size / 2 - 115;
  const maxW = Math.max(...nodes.map((n) => n.weight));
  return (
    <figure className="network" data-testid="network">
      <svg
        viewBox={`0 0 ${size} ${size}`}
        width="100%"
        style={{ maxWidth: size }}
        role="img"
        aria-label={t('network')}
      >
        {nodes.map((n, i) => {
          const a = (2 * Math.PI * i) / nodes.length - Math.PI / 2;
          const x = c + r * Math.cos(a);
          const y = c + r * Math.sin(a);
          return (
            <line
              key={`l${n.key}`}
              x1={c}
              y1={c}
              x2={x}
              y2={y}
              className="edge"
              strokeWidth={1 + (4 * n.weight) / maxW}
            />
          );
        })}
        <circle cx={c} cy={c} r={16} className="node center" />
        <text x={c} y={c + 32} textAnchor="middle" className="node-label center">
          {center}
        </text>
        {nodes.map((n, i) => {
          const a = (2 * Math.PI * i) / nodes.length - Math.PI / 2;
          const x = c + r * Math.cos(a);
          const y = c + r * Math.sin(a);
          const lx = c + (r + 14) * Math.cos(a);
          const ly = c + (r + 14) * Math.sin(a);
          return (
            <a key={n.key} href={n.link} data-kind={n.kind}>
              <title>{`${n.label} (${n.weight})`}</title>
              <circle cx={x} cy={y} r={5 + (7 * n.weight) / maxW} className={`node ${n.kind}`} />
              <text
                x={lx}
                y={ly + 4}
                textAnchor={Math.cos(a) > 0.2 ? 'start' : Math.cos(a) < -0.2 ? 'end' : 'middle'}
                className="node-label"
                direction="ltr"
              >
                {n.label}
              </text>
            </a>
          );
        })}
      </svg>
      <figcaption className="muted small">
        {t('networkHelp')} <span className="legend-dot person" /> {t('kindPerson')}{' '}
        <span className="legend-dot group" /> {t('kindGroup')}
      </figcaption>
    </figure>
  );
}
