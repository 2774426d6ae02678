/** Small shared pieces: loading and error states, badges, links to groups and places. */
import type { ReactNode } from 'react';
import type { EventDTO, Loaded } from '../api';
import { typeColor } from '../format';
import { useI18n } from '../i18n';
import { areaName, groupName, placeName, useNameTables } from '../names';
import { href } from '../router';

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="muted" role="status" data-testid="loading">
      {t('loading')}
    </p>
  );
}

export function ErrorBox({ error }: { error: Error }) {
  const { t } = useI18n();
  return (
    <p className="error" role="alert" data-testid="error">
      {t('error')}: {error.message}
    </p>
  );
}

/** Renders children with the data once loaded; a loading line or the error otherwise. */
export function Load<T>({ state, children }: { state: Loaded<T>; children: (data: T) => ReactNode }) {
  if (state.error) return <ErrorBox error={state.error} />;
  if (state.data === undefined) return <Loading />;
  return <>{children(state.data)}</>;
}

export function TypeBadge({ type }: { type: string }) {
  const { typeLabel } = useI18n();
  return (
    <span className="type-badge" data-type={type} style={{ borderColor: typeColor(type) }}>
      <span className="swatch" style={{ background: typeColor(type) }} aria-hidden="true" />
      {typeLabel(type)}
    </span>
  );
}

export function ReviewBadge({ review }: { review: EventDTO['review'] }) {
  const { t } = useI18n();
  const state = review?.state ?? 'unreviewed';
  return (
    <span
      className={`review-badge review-${state}`}
      data-testid="review-badge"
      data-state={state}
      title={review?.by ? `${t('by')} ${review.by} · ${review.at ?? ''}` : undefined}
    >
      {t(state)}
    </span>
  );
}

export function GroupLink({ id }: { id: string | null | undefined }) {
  const { lang } = useI18n();
  const tables = useNameTables();
  if (!id) return <span className="muted">–</span>;
  return (
    <a href={href(`/groups/${encodeURIComponent(id)}`)} data-group={id}>
      {groupName(id, lang, tables)}
    </a>
  );
}

/** Place as written (or its English name), with its governorate. */
export function PlaceText({ location }: { location: EventDTO['location'] }) {
  const { lang } = useI18n();
  const tables = useNameTables();
  if (!location) return null;
  const name = placeName(location, lang);
  const admin1 =
    location.admin1 && location.admin1 !== location.name ? areaName(location.admin1, lang, tables) : '';
  return (
    <span data-admin1={location.admin1 ?? ''}>
      {name}
      {admin1 ? (
        <span className="muted">
          {lang === 'ar' ? '، ' : ', '}
          {admin1}
        </span>
      ) : null}
    </span>
  );
}

export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="field">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
