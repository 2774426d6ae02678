/** The storage layer (Node only): documents, extractions, events and mentions in SQLite or PostgreSQL. */
export { openStore, defaultDatabasePath, isPostgresUrl } from './open-store.js';
export {
  createStore,
  type Store,
  type DocumentInput,
  type EventFilter,
  type EventRecord,
  type ExtractionProvenance,
  type SearchHit,
  type SearchOptions,
  type StoreStats,
  type StoredExtraction,
  type IncidentFilter,
  type IncidentRecord,
  type PersonFilter,
  type PersonRecord,
} from './store.js';
export type { IncidentValues, PlaceEventsResult } from './incident-writer.js';
export { migrateToLatest, migrations } from './migrations.js';
export { contentHash } from './content-hash.js';
export { eventFromRow, eventToRow, eventWhen } from './event-row.js';
export { eventDto, type EventDTO } from './event-dto.js';
export { incidentDto, type IncidentDTO } from './incident-dto.js';
export { personDto, type PersonDTO } from './person-dto.js';
export { mentionFromRow, mentionToRow } from './mention-row.js';
export { queryKeys, searchText } from './search-text.js';
export type { StoreDialect } from './store-dialect.js';
export type * from './schema.js';
