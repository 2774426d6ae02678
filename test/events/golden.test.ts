import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract.js';
import { builtinResources } from '../helpers/resources.js';

// Golden files: what marsad finds in each of the project's own dev articles, reviewed and committed.
// A change in behaviour shows up as a diff here; regenerate deliberately with MARSAD_UPDATE_GOLDEN=1.
const articles = fileURLToPath(new URL('../fixtures/dev/articles/', import.meta.url));
const golden = fileURLToPath(new URL('../fixtures/dev/golden/', import.meta.url));
const res = builtinResources();

function summary(file: string) {
  const text = readFileSync(articles + file, 'utf8');
  const out = extract(text, { id: file }, res);
  return {
    id: out.id,
    published: out.published,
    outlet: out.outlet,
    events: out.events.map((e) => ({
      type: e.type,
      trigger: e.trigger.text,
      actor: e.actor,
      target: e.target,
      location: e.location?.name ?? null,
      date: e.date?.start ?? null,
      count: e.count ? [e.count.min, e.count.max] : null,
      fatalities: e.fatalities ? [e.fatalities.min, e.fatalities.max] : null,
      persons: e.persons.map((p) => p.name),
    })),
    persons: [...new Set(out.entities.filter((e) => e.type === 'person').map((e) => e.canonical))],
    places: [...new Set(out.entities.filter((e) => e.type === 'place').map((e) => e.canonical))],
    groups: [...new Set(out.entities.filter((e) => e.type === 'group').map((e) => e.id))],
  };
}

describe('golden files of whole articles', () => {
  const files = readdirSync(articles).filter((f) => f.endsWith('.txt'));
  it.each(files)('%s', (file) => {
    const got = summary(file);
    const path = golden + file.replace(/\.txt$/, '.json');
    if (process.env['MARSAD_UPDATE_GOLDEN'] === '1' || !existsSync(path)) {
      mkdirSync(golden, { recursive: true });
      writeFileSync(path, JSON.stringify(got, null, 1) + '\n');
    }
    expect(got).toEqual(JSON.parse(readFileSync(path, 'utf8')));
  });
});
