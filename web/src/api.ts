/**
 * The HTTP API as the app uses it (docs/api.md). The shapes mirror src/store/*-dto.ts; they are
 * restated here because those modules pull in the Node-only store.
 */
import { useCallback, useEffect, useState } from 'react';
import type { EventType } from '../../src/types';
import { getToken } from './settings';

export type ReviewStateName = 'confirmed' | 'rejected' | 'edited';

export interface EventDTO {
  id: number;
  documentId: number;
  incidentId: number | null;
  type: EventType;
  evidence: { start: number; end: number; text: string };
  trigger: { start: number; end: number; text: string };
  actor: string | null;
  target: string | null;
  persons: Array<{ name: string; aliases: string[]; title: string | null; role: string | null }>;
  location: {
    name: string;
    nameAr?: string | null;
    nameEn?: string | null;
    lat: number | null;
    lon: number | null;
    admin1: string | null;
    admin2: string | null;
    admin3?: string | null;
    country?: string | null;
    placeId: string | null;
    geoPrecision: number | null;
  } | null;
  date: { start: string | null; end: string | null; text: string } | null;
  when?: { start: string | null; end: string | null };
  count: { min: number | null; max: number | null; text?: string } | null;
  fatalities: { min: number | null; max: number | null } | null;
  charges?: string[];
  certainty: string;
  outlet: string | null;
  published: string | null;
  rules: string[];
  lexicon: string[];
  review?: { state: ReviewStateName; by: string | null; at: string | null } | null;
}

export interface DocumentSummary {
  id: number;
  title: string | null;
  outlet: string | null;
  published: string | null;
  url: string | null;
  author: string | null;
  eventsCount: number;
}

export interface MentionDTO {
  kind: 'person' | 'place' | 'group' | 'date';
  text: string;
  start: number;
  end: number;
  canonical: string | null;
  groupId: string | null;
  title: string | null;
  rule: string;
  entry: string | null;
  lat: number | null;
  lon: number | null;
}

export interface DocumentDTO extends DocumentSummary {
  raw: string;
  mentions: MentionDTO[];
  events: EventDTO[];
}

export interface ReviewDTO {
  id: number;
  eventId: number;
  action: 'confirm' | 'reject' | 'edit' | 'reset';
  by: string | null;
  at: string;
  note: string | null;
  changes: Record<string, unknown> | null;
  before: Record<string, unknown> | null;
}

export interface Supported<T> {
  value: T;
  support: number;
}

export interface IncidentDTO {
  id: number;
  type: EventType;
  firstDate: string | null;
  lastDate: string | null;
  place: { id: string | null; name: string | null; lat: number | null; lon: number | null };
  actor: string | null;
  target: string | null;
  sourcesCount: number;
  corroboration: number;
  values: {
    sources: string[];
    dateStart: string | null;
    dateEnd: string | null;
    fatalities: Supported<number>[];
    counts: Supported<number>[];
    actors: Supported<string>[];
    persons: string[];
  };
}

export interface IncidentDetail extends IncidentDTO {
  reports: EventDTO[];
  documents: DocumentDTO[];
}

export interface NetworkDTO {
  persons: Array<{ id: number; name: string; weight: number }>;
  groups: Array<{ id: string; weight: number }>;
}

export interface PersonDTO {
  id: number;
  name: string;
  aliases: string[];
  titles: Array<{ title: string; documentId: string | number; published: string | null }>;
  group: string | null;
  origin: string | null;
  nationality: string | null;
  documentsCount: number;
  eventsByType: Partial<Record<EventType, number>>;
}

export interface PersonDetail extends PersonDTO {
  events: EventDTO[];
  network: NetworkDTO;
}

export interface GroupSummary {
  id: string;
  nameAr: string | null;
  nameEn: string | null;
  events: number;
  eventsByType: Partial<Record<EventType, number>>;
}

export interface GroupDetail extends GroupSummary {
  aliases?: string[];
  description?: string | null;
  persons: PersonDTO[];
  network: NetworkDTO;
}

export interface PlaceRow {
  placeId: string | null;
  name: string;
  nameEn: string | null;
  lat: number | null;
  lon: number | null;
  admin1: string | null;
  admin2: string | null;
  count: number;
  fatalities: number;
}

export interface Stats {
  documents: number;
  events: number;
  incidents: number;
  persons: number;
  mentions: number;
  eventsByType: Partial<Record<EventType, number>>;
  eventsByMonth: Array<{ month: string; events: number }>;
  documentsByOutlet: Array<{ outlet: string; documents: number }>;
}

export interface Timeline {
  bucket: 'week' | 'month';
  buckets: Array<{ period: string; counts: Partial<Record<EventType, number>>; total: number }>;
}

export interface Breakdown {
  by: string;
  rows: Array<{ key: string | null; count: number }>;
}

export interface Cohesion {
  group: string;
  area: string | null;
  weeks: Array<{ week: string; signals: Record<string, number>; total: number }>;
  current: Record<string, number>;
  previous: Record<string, number>;
  change: Record<string, number | null>;
  areas: Array<{ area: string; current: Record<string, number>; previous: Record<string, number> }>;
}

/** The conditions of an alert rule (src/alerts/alert-rule.ts). */
export interface AlertRule {
  name: string;
  types?: EventType[];
  /** Group ids, as actor or target. */
  actors?: string[];
  persons?: string[];
  /** Places or admin areas. */
  places?: string[];
  keywords?: string[];
  minSources?: number;
}

/** GET /api/alerts. */
export interface AlertRuleDTO {
  id: number;
  name: string;
  rule: AlertRule;
  webhook: string | null;
  enabled: boolean;
  createdAt: string;
}

/** POST /api/alerts: the secret that signs the webhook's deliveries is only ever shown here. */
export interface CreatedAlertRule {
  id: number;
  name: string;
  rule: AlertRule;
  webhook: string | null;
  secret: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

export interface EventFeature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: {
    id: number;
    type: EventType;
    fatalities: number | null;
    date: string | null;
    place: string | null;
    placeEn?: string | null;
    admin1?: string | null;
    actor: string | null;
    target: string | null;
    incidentId: number | null;
    review: string | null;
  };
}

export interface EventCollection {
  type: 'FeatureCollection';
  features: EventFeature[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** `/api/<path>?<params>`; empty parameters are left out. */
export function apiUrl(path: string, params?: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {}))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return `/api/${path}${s ? `?${s}` : ''}`;
}

async function parse<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const err = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? res.statusText);
  }
  return body as T;
}

/** The token goes with reads too: a server listening beyond localhost wants it for every request. */
function authHeaders(): Record<string, string> {
  const token = getToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const headers = { accept: 'application/json', ...(url.startsWith('/api/') ? authHeaders() : {}) };
  return parse<T>(await fetch(url, { signal: signal ?? null, headers }));
}

export async function postJson<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...authHeaders() },
    body: JSON.stringify(body),
  });
  return parse<T>(res);
}

export async function deleteJson<T>(url: string): Promise<T> {
  const res = await fetch(url, {
    method: 'DELETE',
    headers: { accept: 'application/json', ...authHeaders() },
  });
  return parse<T>(res);
}

/** Reference lists every page needs (groups, places, stats) are fetched once per page load. */
const cache = new Map<string, Promise<unknown>>();
export function cachedJson<T>(url: string): Promise<T> {
  let p = cache.get(url);
  if (!p) {
    p = getJson<T>(url).catch((e: unknown) => {
      cache.delete(url);
      throw e;
    });
    cache.set(url, p);
  }
  return p as Promise<T>;
}

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
  setData: (d: T) => void;
}

/** Fetches `url` (null: nothing) and refetches when it changes. */
export function useApi<T>(url: string | null, cached = false): Loaded<T> {
  const [state, setState] = useState<{ url: string | null; data?: T; error?: Error }>({ url: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (url === null) return;
    const ctl = new AbortController();
    const p = cached ? cachedJson<T>(url) : getJson<T>(url, ctl.signal);
    p.then(
      (data) => !ctl.signal.aborted && setState({ url, data }),
      (error: unknown) =>
        !ctl.signal.aborted &&
        setState({ url, error: error instanceof Error ? error : new Error(String(error)) }),
    );
    return () => ctl.abort();
  }, [url, tick, cached]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  const setData = useCallback((data: T) => setState({ url, data }), [url]);
  const current = state.url === url;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: url !== null && (!current || (state.data === undefined && state.error === undefined)),
    reload,
    setData,
  };
}
