/** Shared types of the extraction core and of the output contract (see docs/output-contract.md). */

export type EventType =
  | 'defection'
  | 'insubordination'
  | 'internal_dispute'
  | 'armed_clash'
  | 'assassination'
  | 'execution'
  | 'arrest'
  | 'airstrike'
  | 'shelling'
  | 'property_destruction'
  | 'self_harm'
  | 'security_measures'
  | 'prisoner_release'
  | 'territory_change'
  | 'bodies_found';

export const EVENT_TYPES: readonly EventType[] = [
  'defection',
  'insubordination',
  'internal_dispute',
  'armed_clash',
  'assassination',
  'execution',
  'arrest',
  'airstrike',
  'shelling',
  'property_destruction',
  'self_harm',
  'security_measures',
  'prisoner_release',
  'territory_change',
  'bodies_found',
];

/** A raw-text span: UTF-16 offsets into the text as read, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

export interface TextSpan extends Span {
  text: string;
}

/** Which rule and which lexicon entry produced a finding. */
export interface Provenance {
  rule: string;
  entry?: string;
}

export interface NumberRange {
  min: number | null;
  max: number | null;
}

export interface NumberMention extends Span, NumberRange, Provenance {
  kind: 'number';
  text: string;
  /** Token range in the document. */
  tokenStart: number;
  tokenEnd: number;
  /** True for vague quantities (عشرات، عدة، أكثر من …). */
  vague: boolean;
}

export interface DateMention extends Span, Provenance {
  kind: 'date';
  text: string;
  tokenStart: number;
  tokenEnd: number;
  /** ISO dates (YYYY-MM-DD) or null when unresolved. */
  startDate: string | null;
  endDate: string | null;
}

export type PlaceKind =
  | 'country'
  | 'governorate'
  | 'district'
  | 'subdistrict'
  | 'city'
  | 'town'
  | 'village'
  | 'neighbourhood'
  | 'oil_field'
  | 'airport'
  | 'base'
  | 'road'
  | 'region'
  | 'landmark';

/** A gazetteer record. */
export interface Place {
  id: string;
  nameAr: string;
  nameEn: string;
  aliases: string[];
  kind: PlaceKind;
  lat: number;
  lon: number;
  /** Id of the parent place (governorate for a town, country for a governorate), or null. */
  parent: string | null;
  /** ISO 3166 alpha-2 country code. */
  country: string;
  population: number | null;
  source: string;
}

export interface PlaceMention extends Span, Provenance {
  kind: 'place';
  text: string;
  tokenStart: number;
  tokenEnd: number;
  /** The name as it should be reported (Arabic, no clitics or place words). */
  name: string;
  place: Place | null;
  /** A parent named in the text ("في ريف البوكمال"), resolved. */
  parentPlace: Place | null;
  /** The place word before the name (قرية، مدينة، حي …), normalised, or null. */
  placeWord: string | null;
}

export interface GroupMention extends Span, Provenance {
  kind: 'group';
  text: string;
  tokenStart: number;
  tokenEnd: number;
  id: string;
  /** True when the mention is a generic "التنظيم"/"عناصر" resolved by context. */
  resolved: boolean;
  /** True after a preposition ("للتنظيم", "مع قسد"): then it is not the subject of a verb. */
  governed: boolean;
}

export interface PersonMention extends Span, Provenance {
  kind: 'person';
  text: string;
  tokenStart: number;
  tokenEnd: number;
  name: string;
  aliases: string[];
  title: string | null;
  origin: string | null;
  /** Index of the person cluster in the document (same person, several mentions). */
  cluster: number;
}

export type Certainty = 'reported' | 'hedged' | 'claimed';

export interface PersonArg {
  name: string;
  aliases: string[];
  title: string | null;
  role: 'victim' | 'perpetrator' | 'subject' | 'source' | null;
}

export interface LocationArg {
  /** The place as the report writes it. */
  name: string;
  /** The gazetteer's Arabic name, when the place is known. */
  name_ar: string | null;
  name_en: string | null;
  lat: number | null;
  lon: number | null;
  /** Governorate, district and sub-district the place lies in (Arabic names), when known. */
  admin1: string | null;
  admin2: string | null;
  admin3: string | null;
  /** ISO 3166-1 alpha-2 code of the country. */
  country: string | null;
  precision: 'country' | 'region' | 'town' | 'neighbourhood' | 'site' | null;
  /** 1 = the place itself, 2 = near it or part of a region, 3 = only the region is known (ACLED). */
  geo_precision: 1 | 2 | 3;
  place_id: string | null;
  /** For a site or area named after a settlement ("مخيم عين عيسى"), that settlement's name. */
  canonical?: string;
}

export interface ExtractedEvent {
  type: EventType;
  evidence: TextSpan;
  trigger: TextSpan;
  actor: string | null;
  target: string | null;
  persons: PersonArg[];
  location: LocationArg | null;
  date: { start: string | null; end: string | null; text: string } | null;
  count: { min: number | null; max: number | null; text: string } | null;
  fatalities: { min: number | null; max: number | null } | null;
  charges: string[];
  certainty: Certainty;
  rules: string[];
  lexicon: string[];
}

export interface EntityOut {
  type: 'person' | 'place' | 'group';
  text: string;
  canonical?: string;
  /** For a site named after a place ("معبر أبو الزندين"), that place's name. */
  name?: string;
  id?: string;
  aliases?: string[];
  title?: string | null;
  lat?: number | null;
  lon?: number | null;
  start: number;
  end: number;
  rule: string;
  /** The lexicon or gazetteer entry behind the mention. */
  entry?: string;
}

export interface DocumentResult {
  id: string;
  published: string | null;
  outlet: string | null;
  events: ExtractedEvent[];
  entities: EntityOut[];
}
