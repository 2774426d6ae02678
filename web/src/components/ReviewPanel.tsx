/**
 * Review of one event: confirm, reject, edit (with an optional note) or reset, posted with the token
 * from the settings; shows the state badge and, in full mode, the review history.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { EVENT_TYPES } from '../../../src/types';
import { apiUrl, getJson, postJson, type EventDTO, type ReviewDTO } from '../api';
import { range } from '../format';
import { useI18n } from '../i18n';
import { groupName, useNameTables } from '../names';
import { getToken, setToken } from '../settings';
import { ReviewBadge } from './common';

interface Props {
  event: EventDTO;
  onChange?: (e: EventDTO) => void;
  /** Buttons only (table rows). */
  compact?: boolean;
}

type Action = 'confirm' | 'reject' | 'edit' | 'reset';

interface Draft {
  type: string;
  place: string;
  dateStart: string;
  dateEnd: string;
  actor: string;
  target: string;
  count: string;
  fatalities: string;
}

function draftOf(e: EventDTO): Draft {
  return {
    type: e.type,
    place: e.location?.name ?? '',
    dateStart: e.date?.start ?? '',
    dateEnd: e.date?.end ?? '',
    actor: e.actor ?? '',
    target: e.target ?? '',
    count: range(e.count),
    fatalities: range(e.fatalities),
  };
}

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** `5` → 5..5, `3–7` or `3-7` → 3..7; '' → null..null. */
function parseRange(s: string): [number | null, number | null] | undefined {
  const v = s.trim();
  if (v === '') return [null, null];
  const m = /^(\d+)\s*(?:[-–]\s*(\d+))?$/.exec(v);
  if (!m) return undefined;
  const a = Number(m[1]);
  return [a, m[2] ? Number(m[2]) : a];
}

/** The `changes` of an edit (POST /api/events/:id/review): only what the analyst changed. */
function changesOf(e: EventDTO, d: Draft): Record<string, unknown> | string {
  const before = draftOf(e);
  const out: Record<string, unknown> = {};
  if (d.type !== before.type) out.type = d.type;
  // The server looks the place name up in the gazetteer (E_UNKNOWN_PLACE when it has none).
  if (d.place.trim() !== before.place) out.place = orNull(d.place);
  if (d.dateStart !== before.dateStart) out.dateStart = orNull(d.dateStart);
  if (d.dateEnd !== before.dateEnd) out.dateEnd = orNull(d.dateEnd);
  if (d.actor.trim() !== before.actor) out.actor = orNull(d.actor);
  if (d.target.trim() !== before.target) out.target = orNull(d.target);
  for (const [key, min, max] of [
    ['count', 'countMin', 'countMax'],
    ['fatalities', 'fatalitiesMin', 'fatalitiesMax'],
  ] as const) {
    if (d[key].trim() === before[key]) continue;
    const r = parseRange(d[key]);
    if (!r) return key;
    out[min] = r[0];
    out[max] = r[1];
  }
  return out;
}

export function ReviewPanel({ event, onChange, compact = false }: Props) {
  const { t, lang, typeLabel } = useI18n();
  const tables = useNameTables();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Draft>(() => draftOf(event));
  const [token, setTokenState] = useState(getToken());
  const [history, setHistory] = useState<ReviewDTO[] | null>(null);
  const [saved, setSaved] = useState(false);

  const loadHistory = () =>
    getJson<EventDTO & { reviews: ReviewDTO[] }>(apiUrl(`events/${event.id}`)).then(
      (e) => setHistory(e.reviews ?? []),
      () => setHistory([]),
    );
  useEffect(() => {
    if (!compact) void loadHistory();
  }, [event.id, compact]);
  useEffect(() => setDraft(draftOf(event)), [event]);

  const send = async (action: Action, changes?: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const body: Record<string, unknown> = { action };
      if (changes) body.changes = changes;
      if (note.trim()) body.note = note.trim();
      const updated = await postJson<EventDTO>(apiUrl(`events/${event.id}/review`), body);
      onChange?.(updated);
      setEditing(false);
      setNote('');
      setSaved(true);
      if (!compact) await loadHistory();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const saveEdit = (e: FormEvent) => {
    e.preventDefault();
    const changes = changesOf(event, draft);
    if (typeof changes === 'string') {
      setError(`${t(changes === 'count' ? 'count' : 'killed')}: 5, 3-7`);
      return;
    }
    void send('edit', changes);
  };

  const state = event.review?.state ?? 'unreviewed';
  const stop = (e: { stopPropagation: () => void }) => e.stopPropagation();

  if (!token && !compact) {
    return (
      <section className="review-panel" data-testid="review-panel">
        <ReviewBadge review={event.review ?? null} />
        <TokenBox onSaved={setTokenState} />
        <History history={history} />
      </section>
    );
  }

  return (
    <section
      className={compact ? 'review-actions' : 'review-panel'}
      data-testid={compact ? 'review-actions' : 'review-panel'}
      onClick={stop}
      aria-label={t('review')}
    >
      {!compact && <h3>{t('review')}</h3>}
      <ReviewBadge review={event.review ?? null} />
      <div className="buttons">
        <button
          type="button"
          disabled={busy || state === 'confirmed'}
          onClick={() => (token ? void send('confirm') : setError(t('needToken')))}
          data-testid="review-confirm"
        >
          ✓ {t('confirm')}
        </button>
        <button
          type="button"
          disabled={busy || state === 'rejected'}
          onClick={() => (token ? void send('reject') : setError(t('needToken')))}
          data-testid="review-reject"
        >
          ✗ {t('reject')}
        </button>
        {!compact && (
          <button
            type="button"
            disabled={busy}
            onClick={() => setEditing((x) => !x)}
            data-testid="review-edit"
            aria-expanded={editing}
          >
            ✎ {t('edit')}
          </button>
        )}
        {!compact && state !== 'unreviewed' && (
          <button type="button" disabled={busy} onClick={() => void send('reset')} data-testid="review-reset">
            ↺ {t('reset')}
          </button>
        )}
      </div>
      {!compact && (
        <label className="note">
          {t('note')}
          <textarea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            rows={2}
            data-testid="review-note"
          />
        </label>
      )}
      {editing && (
        <form className="edit-form" onSubmit={saveEdit} data-testid="review-edit-form">
          <label>
            {t('type')}
            <select value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.target.value })}>
              {EVENT_TYPES.map((x) => (
                <option key={x} value={x}>
                  {typeLabel(x)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('place')}
            <input value={draft.place} onChange={(e) => setDraft({ ...draft, place: e.target.value })} />
          </label>
          <label>
            {t('dateStart')}
            <input
              type="date"
              value={draft.dateStart}
              onChange={(e) => setDraft({ ...draft, dateStart: e.target.value })}
            />
          </label>
          <label>
            {t('dateEnd')}
            <input
              type="date"
              value={draft.dateEnd}
              onChange={(e) => setDraft({ ...draft, dateEnd: e.target.value })}
            />
          </label>
          <label>
            {t('actor')}
            <input
              list="review-groups"
              value={draft.actor}
              onChange={(e) => setDraft({ ...draft, actor: e.target.value })}
            />
          </label>
          <label>
            {t('target')}
            <input
              list="review-groups"
              value={draft.target}
              onChange={(e) => setDraft({ ...draft, target: e.target.value })}
            />
          </label>
          <label>
            {t('count')}
            <input
              inputMode="numeric"
              value={draft.count}
              onChange={(e) => setDraft({ ...draft, count: e.target.value })}
            />
          </label>
          <label>
            {t('killed')}
            <input
              inputMode="numeric"
              value={draft.fatalities}
              onChange={(e) => setDraft({ ...draft, fatalities: e.target.value })}
              data-testid="review-edit-fatalities"
            />
          </label>
          <div className="buttons">
            <button type="submit" className="primary" disabled={busy} data-testid="review-save">
              {t('saveEdit')}
            </button>
            <button type="button" onClick={() => (setEditing(false), setDraft(draftOf(event)))}>
              {t('cancel')}
            </button>
          </div>
          <datalist id="review-groups">
            {[...tables.groups.keys()].map((id) => (
              <option key={id} value={id}>
                {groupName(id, lang, tables)}
              </option>
            ))}
          </datalist>
        </form>
      )}
      {saved && !compact && (
        <p className="ok" role="status">
          {t('saved')}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!compact && <History history={history} />}
    </section>
  );
}

function TokenBox({ onSaved }: { onSaved: (token: string) => void }) {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  return (
    <form
      className="token-box"
      onSubmit={(e) => {
        e.preventDefault();
        setToken(value);
        onSaved(value.trim());
      }}
    >
      <p>{t('needToken')}</p>
      <label>
        {t('token')}
        <input type="password" value={value} onChange={(e) => setValue(e.target.value)} autoComplete="off" />
      </label>
      <button type="submit">{t('save')}</button>
    </form>
  );
}

const show = (v: unknown): string =>
  v === null || v === undefined ? '–' : typeof v === 'object' ? JSON.stringify(v) : String(v);

function History({ history }: { history: ReviewDTO[] | null }) {
  const { t } = useI18n();
  if (history === null) return null;
  return (
    <div className="history" data-testid="review-history">
      <h4>{t('history')}</h4>
      {history.length === 0 ? (
        <p className="muted">{t('noHistory')}</p>
      ) : (
        <ol>
          {history.map((r) => (
            <li key={r.id} data-action={r.action}>
              <strong>{t(r.action)}</strong> {t('by')} {r.by ?? '?'} ·{' '}
              <time dateTime={r.at}>{r.at.replace('T', ' ').slice(0, 16)}</time>
              {r.note ? <q className="review-note">{r.note}</q> : null}
              {r.changes && Object.keys(r.changes).length > 0 ? (
                <ul className="changes small" aria-label={t('changes')}>
                  {Object.entries(r.changes).map(([k, v]) => (
                    <li key={k}>
                      <code>{k}</code>: {show(v)}
                      {r.before && k in r.before ? (
                        <span className="muted">
                          {' '}
                          ({t('before')}: {show(r.before[k])})
                        </span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
