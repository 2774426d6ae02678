import { loadResources } from '../../src/resources/load-resources.js';
import type { Resources } from '../../src/resources/resources.js';

/** The built-in resources (the gazetteer is built by `npm run build`, which `npm test` runs first). */
export function builtinResources(): Resources {
  // No local gazetteer and no lexicon overlay: a developer's own data must not change test results.
  return loadResources(undefined, { localGazetteer: false, lexicons: false });
}
