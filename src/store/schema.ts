/**
 * The database schema as Kysely sees it: one interface per table, snake_case columns. The same tables exist
 * on SQLite and PostgreSQL (see migrations.ts); dates are ISO strings (YYYY-MM-DD), timestamps ISO 8601
 * strings, list-valued fields JSON text (portable across both backends).
 */
import type { Generated, Insertable, Selectable } from 'kysely';

/** One article, stored once per distinct raw text (content_hash is the sha256 of `raw`). */
export interface DocumentsTable {
  id: Generated<number>;
  content_hash: string;
  raw: string;
  /** normalizeString(raw): the matching normalisation (hamza, ta marbuta, diacritics …). */
  text_norm: string;
  /** The indexed form: each normalised word with its clitic-free readings (search-text.ts). */
  search_text: string;
  source_path: string | null;
  url: string | null;
  outlet: string | null;
  title: string | null;
  author: string | null;
  /** YYYY-MM-DD or null. */
  published: string | null;
  ingested_at: string;
  /** The extraction that produced the document's current events and mentions. */
  extraction_id: number | null;
  /** MinHash signature of the text (src/dedupe/minhash.ts); migration 005. */
  minhash: string | null;
  /** The earlier document this one repeats (a repost or syndicated copy), or null; migration 005. */
  duplicate_of: number | null;
}

/** Provenance of an extraction: one row per (resources version, marsad version) pair. */
export interface ExtractionsTable {
  id: Generated<number>;
  resources_version: string;
  marsad_version: string;
  created_at: string;
}

/** One extracted event (ExtractedEvent flattened). */
export interface EventsTable {
  id: Generated<number>;
  document_id: number;
  type: string;
  evidence_start: number;
  evidence_end: number;
  evidence_text: string;
  trigger_start: number;
  trigger_end: number;
  trigger_text: string;
  actor: string | null;
  target: string | null;
  /** location.name; null when the event has no location. */
  place_name: string | null;
  place_name_ar: string | null;
  place_name_en: string | null;
  place_canonical: string | null;
  place_precision: string | null;
  place_id: string | null;
  lat: number | null;
  lon: number | null;
  admin1: string | null;
  admin2: string | null;
  admin3: string | null;
  country: string | null;
  geo_precision: number | null;
  date_start: string | null;
  date_end: string | null;
  /** date.text; null when the event has no date. */
  date_text: string | null;
  count_min: number | null;
  count_max: number | null;
  /** count.text; null when the event has no count. */
  count_text: string | null;
  fatalities_min: number | null;
  fatalities_max: number | null;
  certainty: string;
  charges_json: string;
  rules_json: string;
  lexicon_json: string;
  incident_id: number | null;
  /** The full-text form of the evidence sentence (search-text.ts); migration 002. */
  search_text: Generated<string>;
  /** The effective date range: the event's dates, else the document's publication date (eventWhen). */
  when_start: string | null;
  when_end: string | null;
  /** 1 when the effective dates span more than LONG_SPAN_DAYS (event-row.ts); migration 012. */
  when_long: Generated<number>;
  /** The latest review: null (unreviewed), 'confirmed', 'rejected' or 'edited'; migration 003. */
  review_state: string | null;
  review_by: string | null;
  review_at: string | null;
}

/** The persons an event names, in order. */
export interface EventPersonsTable {
  event_id: number;
  position: number;
  person_name: string;
  aliases_json: string;
  title: string | null;
  role: string | null;
}

/** One entity mention of a document (EntityOut). */
export interface MentionsTable {
  id: Generated<number>;
  document_id: number;
  kind: 'person' | 'place' | 'group';
  text: string;
  canonical: string | null;
  /** For a site named after a place, that place's name. */
  name: string | null;
  /** The group id of a group mention. */
  group_id: string | null;
  title: string | null;
  aliases_json: string | null;
  start: number;
  end: number;
  rule: string;
  entry: string | null;
  lat: number | null;
  lon: number | null;
}

/** Reports of one event from several documents, merged. */
export interface IncidentsTable {
  id: Generated<number>;
  type: string;
  first_date: string | null;
  last_date: string | null;
  place_id: string | null;
  place_name: string | null;
  lat: number | null;
  lon: number | null;
  actor: string | null;
  target: string | null;
  sources_count: number;
  corroboration: number;
  /** Every value the sources gave (fatalities, counts, actors, persons, sources), as JSON. */
  values_json: string;
}

/** A person of the knowledge base, across documents. */
export interface PersonsTable {
  id: Generated<number>;
  canonical: string;
  aliases_json: string;
  titles_json: string;
  group_id: string | null;
  /** Where the person comes from, as a nisba names it ("الديري" → Deir ez-Zor). */
  origin: string | null;
  /** Country of nationality as a nisba names it ("الكويتي" → Kuwait). */
  nationality: string | null;
  documents_count: number;
  /** Canonical name and aliases normalised (personNamesNorm), one per line; migration 002. */
  names_norm: Generated<string>;
}

export interface PersonMentionsTable {
  person_id: number;
  mention_id: number;
}

/** The events a person appears in. */
export interface PersonEventsTable {
  person_id: number;
  event_id: number;
}

export interface UsersTable {
  id: Generated<number>;
  name: string;
  /** sha256 of the token: tokens are never stored. */
  token_hash: string;
  created_at: string;
}

export interface ReviewsTable {
  id: Generated<number>;
  /** The event reviewed; null after its document was re-extracted and no event matched. */
  event_id: number | null;
  document_id: number;
  /** type + trigger span: finds the event again after re-extraction (reviewFingerprint). */
  fingerprint: string;
  action: 'confirm' | 'reject' | 'edit' | 'reset';
  changes_json: string;
  before_json: string;
  note: string | null;
  user_name: string;
  at: string;
}

export interface DocumentBandsTable {
  document_id: number;
  band: number;
  key: number;
}

export interface AlertRulesTable {
  id: Generated<number>;
  name: string;
  /** The rule's conditions (src/alerts/alert-rule.ts), as JSON. */
  rule_json: string;
  webhook_url: string | null;
  /** The HMAC key of the webhook signatures. */
  secret: string;
  enabled: Generated<number>;
  created_at: string;
}

export interface AlertsTable {
  id: Generated<number>;
  rule_id: number;
  incident_id: number;
  /** The incident's number of reports when the alert fired. */
  reports: number;
  payload_json: string;
  created_at: string;
  delivered_at: string | null;
  attempts: Generated<number>;
  next_attempt_at: string | null;
  last_error: string | null;
}

export interface SourceStateTable {
  source_id: string;
  etag: string | null;
  last_modified: string | null;
  last_polled_at: string | null;
  last_ok_at: string | null;
  last_error: string | null;
  items_stored: Generated<number>;
}

export interface Database {
  source_state: SourceStateTable;
  alert_rules: AlertRulesTable;
  alerts: AlertsTable;
  document_bands: DocumentBandsTable;
  users: UsersTable;
  reviews: ReviewsTable;
  documents: DocumentsTable;
  extractions: ExtractionsTable;
  events: EventsTable;
  event_persons: EventPersonsTable;
  mentions: MentionsTable;
  incidents: IncidentsTable;
  persons: PersonsTable;
  person_mentions: PersonMentionsTable;
  person_events: PersonEventsTable;
}

export type DocumentRow = Selectable<DocumentsTable>;
export type EventRow = Selectable<EventsTable>;
export type EventPersonRow = Selectable<EventPersonsTable>;
export type MentionRow = Selectable<MentionsTable>;
export type IncidentRow = Selectable<IncidentsTable>;
export type PersonRow = Selectable<PersonsTable>;
export type ExtractionRow = Selectable<ExtractionsTable>;
export type NewEvent = Insertable<EventsTable>;
export type NewMention = Insertable<MentionsTable>;
export type NewEventPerson = Insertable<EventPersonsTable>;
export type ReviewRow = Selectable<ReviewsTable>;
export type UserRow = Selectable<UsersTable>;
export type AlertRuleRow = Selectable<AlertRulesTable>;
export type AlertRow = Selectable<AlertsTable>;
