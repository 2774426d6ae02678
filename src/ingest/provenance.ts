/** The provenance recorded with every extraction: the data files' hash and the package version. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../resources/package-root.js';
import type { Resources } from '../resources/resources.js';
import type { ExtractionProvenance } from '../store/store.js';

export function marsadVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

export function currentProvenance(resources: Resources): ExtractionProvenance {
  return { resourcesVersion: resources.version, marsadVersion: marsadVersion() };
}
