/** Public API of the package (provisional: the extraction core adds its exports here). */
export { extract, type ExtractOptions } from './extract.js';
export { loadResources } from './resources/load-resources.js';
export type { Resources } from './resources/resources.js';
export * from './types.js';
