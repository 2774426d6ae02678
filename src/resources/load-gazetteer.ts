/** Loads the built gazetteer from <root>/dist/data/gazetteer.json (Node only). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gazetteerFromJson, type Gazetteer } from './gazetteer.js';

export function loadGazetteer(root: string): Gazetteer {
  const file = join(root, 'dist', 'data', 'gazetteer.json');
  if (!existsSync(file)) {
    throw new Error(`marsad: the gazetteer ${file} is missing: run npm run build`);
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`marsad: cannot read the gazetteer ${file}: ${(e as Error).message} (run npm run build)`);
  }
  return gazetteerFromJson(json);
}
