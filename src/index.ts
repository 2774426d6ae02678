/** Public API of the package. The core (text, mentions, events) is pure and browser-safe. */
export { extract, geocode, type ExtractOptions } from './extract.js';
export type { CandidateTrace } from './mentions/places.js';
export { placesFromGeonames } from './gazetteer/import-geonames.js';
export { placesFromOcha } from './gazetteer/import-ocha.js';
export { loadResources } from './resources/load-resources.js';
export type { Resources } from './resources/resources.js';
export { analyzeText, type TextDoc } from './text/analyze-text.js';
export {
  normalizeText,
  normalizeString,
  cleanName,
  normalizeAlef,
  normalizeHamza,
  normalizeTehMarbuta,
  normalizeAlefMaqsura,
  normalizeDigits,
  normalizeQuotes,
  normalizeSpaces,
  removeDiacritics,
  removeTatweel,
  removeBidiMarks,
  removeZeroWidth,
  toRawSpan,
  type NormalizedText,
} from './text/normalize.js';
export { createGazetteer, placeKey, distanceKm, type Gazetteer } from './resources/gazetteer.js';
export * from './types.js';
