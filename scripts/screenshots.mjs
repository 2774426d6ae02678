/**
 * Writes current screenshots of the web app's pages to docs/screenshots/ (`npm run screenshots`): the
 * real server over the sample corpus, in headless Chromium ($CHROMIUM_PATH, else /usr/bin/chromium).
 */
/* global fetch, window */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { launchOptions, root, startSampleServer } from './sample-server.mjs';

const out = join(root, 'docs/screenshots');
mkdirSync(out, { recursive: true });

const server = await startSampleServer();
const browser = await chromium.launch(launchOptions);
try {
  const api = async (path, init) => {
    const res = await fetch(`${server.url}api/${path}`, init);
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const post = (path, body) =>
    api(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
      body: JSON.stringify(body),
    });

  // The most corroborated incident; the article with the most kinds of highlights; the most documented
  // person; an execution reviewed twice (confirmed, then edited with a note).
  const incident = (await api('incidents?minSources=2&limit=500')).items.sort(
    (a, b) => b.corroboration - a.corroboration || b.sourcesCount - a.sourcesCount,
  )[0];
  const docs = (await api('documents?limit=100')).items;
  let article = docs[0];
  let best = -1;
  for (const d of docs) {
    const full = await api(`documents/${d.id}`);
    const kinds = new Set(full.mentions.map((m) => m.kind)).size;
    const score = kinds * 1000 + full.mentions.length + 10 * full.events.length;
    if (score > best) [best, article] = [score, d];
  }
  const person = (await api('persons?limit=1')).items[0];
  const reviewed = (await api('events?type=execution&limit=1')).items[0];
  await post(`events/${reviewed.id}/review`, { action: 'confirm' });
  await post(`events/${reviewed.id}/review`, {
    action: 'edit',
    changes: {
      fatalitiesMin: reviewed.fatalities?.min ?? 1,
      fatalitiesMax: (reviewed.fatalities?.max ?? 1) + 1,
    },
    note: 'مصدر محلي يذكر قتيلاً آخر',
  });
  // Alert rules: a place with its district, and groups with a corroboration threshold and a webhook.
  await post('alerts', { name: 'انشقاقات في البوكمال', types: ['defection'], places: ['البوكمال'] });
  await post('alerts', {
    name: 'اغتيالات وإعدامات في دير الزور',
    types: ['assassination', 'execution'],
    actors: ['isis'],
    places: ['دير الزور'],
    minSources: 2,
    webhook: 'https://hooks.example.org/marsad',
  });

  const shots = [
    ['overview', '#/', 'timeline-chart'],
    ['overview-en', '#/', 'timeline-chart', 'en'],
    ['map', '#/map', 'map'],
    ['events', '#/events?type=defection,execution,assassination', 'event-row'],
    ['incident', `#/incidents/${incident.id}`, 'report'],
    ['article', `#/documents/${article.id}`, 'article-text'],
    ['person', `#/persons/${person.id}`, 'network'],
    ['group', '#/groups/isis', 'network'],
    ['review', `#/events/${reviewed.id}`, 'review-history'],
    ['alerts', '#/alerts', 'alert-row'],
  ];
  for (const [name, hash, testId, lang = 'ar'] of shots) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addInitScript(
      ([token, l]) => {
        window.localStorage.setItem('marsad.token', token);
        window.localStorage.setItem('marsad.lang', l);
      },
      [server.token, lang],
    );
    const page = await context.newPage();
    await page.goto(`${server.url}${hash}`);
    await page.getByTestId(testId).first().waitFor();
    if (name === 'review') await page.getByTestId('review-edit').click();
    // Let the map draw its tiles and labels, and the charts settle.
    await page.waitForTimeout(name === 'map' ? 2500 : 500);
    await page.screenshot({ path: join(out, `${name}.png`) });
    await context.close();
    console.log(`docs/screenshots/${name}.png`);
  }
} finally {
  await browser.close();
  await server.stop();
}
