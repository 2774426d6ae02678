/**
 * Event map. The basemap is offline (Natural Earth countries from world-atlas, no tiles, no glyphs) unless
 * a raster tile server is set in the settings. Events are circles coloured by type, sized by fatalities,
 * clustered when dense; a time slider replays the period by filtering the features in the browser.
 */
import * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource, Map as MlMap, StyleSpecification } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { useEffect, useMemo, useRef, useState } from 'react';
import countriesUrl from 'world-atlas/countries-50m.json?url';
import { EVENT_TYPES } from '../../../src/types';
import { apiUrl, getJson, useApi, type EventCollection, type EventFeature, type PlaceRow } from '../api';
import { ErrorBox, Loading } from '../components/common';
import { Filters, filtersFrom } from '../components/Filters';
import { addDays, mondayOf, TYPE_COLORS, typeColor } from '../format';
import { useI18n, type I18n } from '../i18n';
import { areaName, groupName, useNameTables } from '../names';
import { href, type Route } from '../router';
import { getTiles, getTilesAttribution } from '../settings';

maplibregl.setWorkerUrl(workerUrl);

type Window = 'all' | '1' | '4';

/** Every Monday from the first event's week to the last one's. */
function weeksOf(features: readonly EventFeature[]): string[] {
  const dates = features
    .map((f) => f.properties.date)
    .filter((d): d is string => !!d)
    .sort();
  if (dates.length === 0) return [];
  const out: string[] = [];
  for (let w = mondayOf(dates[0]!); w <= mondayOf(dates.at(-1)!); w = addDays(w, 7)) out.push(w);
  return out;
}

/** The features shown at slider position `week` (a Monday): up to the end of that week, within the window. */
export function visibleFeatures(
  features: readonly EventFeature[],
  week: string | undefined,
  window: Window,
  last: boolean,
): EventFeature[] {
  if (!week) return [...features];
  const end = addDays(week, 6);
  const start = window === 'all' ? null : addDays(week, -7 * (Number(window) - 1));
  return features.filter((f) => {
    const d = f.properties.date;
    // Undated events have no place on the time axis: shown only with the whole period.
    if (!d) return last && window === 'all';
    return d <= end && (start === null || d >= start);
  });
}

const coordKey = (lon: number, lat: number) => `${lon.toFixed(4)},${lat.toFixed(4)}`;

interface AreaAggregate {
  area: string;
  lon: number;
  lat: number;
  count: number;
}

/** Governorate totals at the mean position of their events (no admin polygons are available offline). */
function admin1Aggregates(features: readonly EventFeature[], places: readonly PlaceRow[]): AreaAggregate[] {
  const byCoord = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const p of places) {
    if (!p.admin1) continue;
    if (p.lat !== null && p.lon !== null) byCoord.set(coordKey(p.lon, p.lat), p.admin1);
    byName.set(p.name, p.admin1);
  }
  const acc = new Map<string, { lon: number; lat: number; count: number }>();
  for (const f of features) {
    const [lon, lat] = f.geometry.coordinates;
    const area =
      f.properties.admin1 ??
      byCoord.get(coordKey(lon, lat)) ??
      (f.properties.place ? byName.get(f.properties.place) : undefined);
    if (!area) continue;
    const a = acc.get(area) ?? { lon: 0, lat: 0, count: 0 };
    a.lon += lon;
    a.lat += lat;
    a.count += 1;
    acc.set(area, a);
  }
  return [...acc].map(([area, a]) => ({ area, lon: a.lon / a.count, lat: a.lat / a.count, count: a.count }));
}

function baseStyle(tiles: string, attribution: string): StyleSpecification {
  if (tiles) {
    return {
      version: 8,
      sources: {
        basemap: { type: 'raster', tiles: [tiles], tileSize: 256, attribution: attribution || undefined },
      },
      layers: [{ id: 'basemap', type: 'raster', source: 'basemap' }],
    };
  }
  // No glyphs and no sprite: nothing is fetched from the network.
  return {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#dbe9f1' } }],
  };
}

async function countries(): Promise<GeoJSON.FeatureCollection> {
  const topo = await getJson<Topology>(countriesUrl);
  return feature(topo, topo.objects.countries as GeometryCollection) as unknown as GeoJSON.FeatureCollection;
}

const colorMatch = ['match', ['get', 'type'], ...EVENT_TYPES.flatMap((t) => [t, TYPE_COLORS[t]]), '#999'];

export function MapPage({ route }: { route: Route }) {
  const { t } = useI18n();
  const filters = useMemo(() => filtersFrom(route.params), [route.params]);
  const geo = useApi<EventCollection>(apiUrl('events.geojson', { ...filters }));
  const places = useApi<{ items: PlaceRow[] }>(apiUrl('places', { ...filters }));
  const features = useMemo(() => geo.data?.features ?? [], [geo.data]);
  const weeks = useMemo(() => weeksOf(features), [features]);
  const [pos, setPos] = useState<number | null>(null);
  const [win, setWin] = useState<Window>('all');
  const [playing, setPlaying] = useState(false);
  const [showAreas, setShowAreas] = useState(true);
  const index = pos === null ? weeks.length - 1 : Math.min(pos, weeks.length - 1);
  const last = index === weeks.length - 1;
  const visible = useMemo(
    () => visibleFeatures(features, weeks[index], win, last),
    [features, weeks, index, win, last],
  );
  const areas = useMemo(() => admin1Aggregates(visible, places.data?.items ?? []), [visible, places.data]);

  useEffect(() => setPos(null), [features]);
  useEffect(() => {
    if (!playing) return;
    const timer = window.setInterval(() => {
      setPos((p) => {
        const next = (p === null || p >= weeks.length - 1 ? -1 : p) + 1;
        if (next >= weeks.length - 1) setPlaying(false);
        return next;
      });
    }, 700);
    return () => window.clearInterval(timer);
  }, [playing, weeks.length]);

  const play = () => {
    if (!playing && last) setPos(0);
    setPlaying((x) => !x);
  };

  return (
    <div className="page map-page" data-testid="page-map">
      <h1>{t('mapTitle')}</h1>
      <details className="map-filters">
        <summary>{t('filters')}</summary>
        <Filters path="/map" params={route.params} />
      </details>
      {geo.error && <ErrorBox error={geo.error} />}
      <div className="time-controls" data-testid="time-controls">
        <button
          type="button"
          onClick={play}
          disabled={weeks.length < 2}
          data-testid="map-play"
          aria-pressed={playing}
        >
          {playing ? `⏸ ${t('pause')}` : `▶ ${t('play')}`}
        </button>
        <label className="slider">
          {t('timeSlider')} <output dir="ltr">{weeks[index] ?? '–'}</output>
          <input
            type="range"
            min={0}
            max={Math.max(0, weeks.length - 1)}
            step={1}
            value={Math.max(0, index)}
            onChange={(e) => {
              setPlaying(false);
              setPos(Number(e.target.value));
            }}
            disabled={weeks.length < 2}
            data-testid="map-slider"
            dir="ltr"
          />
        </label>
        <label>
          {t('window')}{' '}
          <select value={win} onChange={(e) => setWin(e.target.value as Window)} data-testid="map-window">
            <option value="all">{t('windowAll')}</option>
            <option value="1">{t('window1')}</option>
            <option value="4">{t('window4')}</option>
          </select>
        </label>
        <span data-testid="map-visible-count" data-count={visible.length} className="badge">
          {t('visibleEvents', { n: visible.length })}
        </span>
      </div>
      {geo.loading && <Loading />}
      <div className="map-layout">
        <MapView features={visible} areas={areas} showAreas={showAreas} />
        <Legend features={features} showAreas={showAreas} setShowAreas={setShowAreas} />
      </div>
    </div>
  );
}

function Legend({
  features,
  showAreas,
  setShowAreas,
}: {
  features: readonly EventFeature[];
  showAreas: boolean;
  setShowAreas: (b: boolean) => void;
}) {
  const { t, typeLabel } = useI18n();
  const present = EVENT_TYPES.filter((x) => features.some((f) => f.properties.type === x));
  const tiles = getTiles();
  return (
    <aside className="map-legend" data-testid="map-legend" aria-label={t('legend')}>
      <h2>{t('legend')}</h2>
      <ul>
        {present.map((x) => (
          <li key={x}>
            <span className="dot" style={{ background: typeColor(x) }} aria-hidden="true" /> {typeLabel(x)}
          </li>
        ))}
      </ul>
      <p className="small">{t('radiusNote')}</p>
      <label className="small">
        <input
          type="checkbox"
          checked={showAreas}
          onChange={(e) => setShowAreas(e.target.checked)}
          data-testid="map-areas"
        />{' '}
        <span className="dot area" aria-hidden="true" /> {t('admin1Layer')}
      </label>
      <p className="small muted">{t('admin1Note')}</p>
      <p className="small muted">{tiles ? t('basemapTiles') : t('basemapOffline')}</p>
    </aside>
  );
}

/** The map itself; WebGL failures leave the rest of the page working. */
function MapView({
  features,
  areas,
  showAreas,
}: {
  features: EventFeature[];
  areas: AreaAggregate[];
  showAreas: boolean;
}) {
  const i18n = useI18n();
  const tables = useNameTables();
  const box = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MlMap | null>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);
  const fitted = useRef(false);
  const labels = useRef({ clusters: new Map<number, maplibregl.Marker>(), areas: [] as maplibregl.Marker[] });
  const i18nRef = useRef<I18n>(i18n);
  i18nRef.current = i18n;

  useEffect(() => {
    if (!box.current) return;
    let map: MlMap;
    try {
      map = new maplibregl.Map({
        container: box.current,
        style: baseStyle(getTiles(), getTilesAttribution()),
        center: [40.1, 35.3],
        zoom: 6,
        attributionControl: getTiles() ? { compact: true } : false,
      });
    } catch {
      setFailed(true);
      return;
    }
    mapRef.current = map;
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
    map.on('error', (e) => console.warn('map:', e.error?.message));
    map.on('load', () => {
      if (!getTiles()) {
        void countries().then((fc) => {
          map.addSource('countries', { type: 'geojson', data: fc });
          map.addLayer(
            { id: 'countries-fill', type: 'fill', source: 'countries', paint: { 'fill-color': '#f4f1ea' } },
            'areas',
          );
          map.addLayer(
            {
              id: 'countries-line',
              type: 'line',
              source: 'countries',
              paint: { 'line-color': '#9a958a', 'line-width': 0.8 },
            },
            'areas',
          );
        });
      }
      map.addSource('areas', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      map.addLayer({
        id: 'areas',
        type: 'circle',
        source: 'areas',
        paint: {
          'circle-color': 'rgba(70, 70, 120, 0.18)',
          'circle-stroke-color': '#46467a',
          'circle-stroke-width': 1.5,
          'circle-radius': ['*', 4, ['sqrt', ['get', 'count']]],
        },
      });
      map.addSource('events', {
        type: 'geojson',
        data: { type: 'FeatureCollection', features: [] },
        cluster: true,
        clusterRadius: 36,
        clusterMaxZoom: 11,
      });
      map.addLayer({
        id: 'clusters',
        type: 'circle',
        source: 'events',
        filter: ['has', 'point_count'],
        paint: {
          'circle-color': '#2b2b2b',
          'circle-opacity': 0.75,
          'circle-stroke-color': '#fff',
          'circle-stroke-width': 1.5,
          'circle-radius': ['step', ['get', 'point_count'], 13, 10, 17, 30, 22],
        },
      });
      map.addLayer({
        id: 'points',
        type: 'circle',
        source: 'events',
        filter: ['!', ['has', 'point_count']],
        paint: {
          'circle-color': colorMatch as unknown as string,
          'circle-stroke-color': '#fff',
          'circle-stroke-width': 1,
          'circle-radius': [
            'interpolate',
            ['linear'],
            ['coalesce', ['get', 'fatalities'], 0],
            0,
            5,
            1,
            7,
            10,
            13,
            50,
            22,
          ],
        },
      });
      map.on('click', 'clusters', (e) => {
        const f = e.features?.[0];
        if (!f) return;
        const id = f.properties.cluster_id as number;
        void (map.getSource('events') as GeoJSONSource)
          .getClusterExpansionZoom(id)
          .then((zoom) =>
            map.easeTo({ center: (f.geometry as GeoJSON.Point).coordinates as [number, number], zoom }),
          );
      });
      map.on('click', 'points', (e) => {
        const f = e.features?.[0];
        if (!f) return;
        new maplibregl.Popup({ closeButton: true, maxWidth: '320px' })
          .setLngLat((f.geometry as GeoJSON.Point).coordinates as [number, number])
          .setDOMContent(popupContent(f.properties as EventFeature['properties'], i18nRef.current))
          .addTo(map);
      });
      for (const layer of ['clusters', 'points']) {
        map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
        map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
      }
      // Cluster counts as HTML labels: the style has no glyphs for text.
      map.on('render', () => {
        if (!map.getSource('events') || !map.isSourceLoaded('events')) return;
        const seen = new Set<number>();
        for (const f of map.querySourceFeatures('events', { filter: ['has', 'point_count'] })) {
          const id = f.properties.cluster_id as number;
          if (seen.has(id)) continue;
          seen.add(id);
          let m = labels.current.clusters.get(id);
          if (!m) {
            const el = document.createElement('div');
            el.className = 'cluster-label';
            el.textContent = String(f.properties.point_count);
            m = new maplibregl.Marker({ element: el })
              .setLngLat((f.geometry as GeoJSON.Point).coordinates as [number, number])
              .addTo(map);
            labels.current.clusters.set(id, m);
          }
        }
        for (const [id, m] of labels.current.clusters) {
          if (!seen.has(id)) {
            m.remove();
            labels.current.clusters.delete(id);
          }
        }
      });
      setReady(true);
    });
    return () => {
      map.remove();
      mapRef.current = null;
      labels.current.clusters.clear();
    };
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    for (const m of labels.current.clusters.values()) m.remove();
    labels.current.clusters.clear();
    void (map.getSource('events') as GeoJSONSource).setData({
      type: 'FeatureCollection',
      features: features as unknown as GeoJSON.Feature[],
    });
    // Frame the events once, on the first data.
    if (!fitted.current && features.length > 0) {
      fitted.current = true;
      const lons = features.map((f) => f.geometry.coordinates[0]);
      const lats = features.map((f) => f.geometry.coordinates[1]);
      map.fitBounds(
        [
          [Math.min(...lons), Math.min(...lats)],
          [Math.max(...lons), Math.max(...lats)],
        ],
        { padding: 60, maxZoom: 9, duration: 0 },
      );
    }
  }, [features, ready]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    const shown = showAreas ? areas : [];
    void (map.getSource('areas') as GeoJSONSource).setData({
      type: 'FeatureCollection',
      features: shown.map((a) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [a.lon, a.lat] },
        properties: { area: a.area, count: a.count },
      })),
    });
    for (const m of labels.current.areas) m.remove();
    labels.current.areas = shown.map((a) => {
      const el = document.createElement('div');
      el.className = 'area-label';
      el.textContent = `${areaName(a.area, i18n.lang, tables)}: ${a.count}`;
      return new maplibregl.Marker({ element: el, anchor: 'top', offset: [0, 4 * Math.sqrt(a.count)] })
        .setLngLat([a.lon, a.lat])
        .addTo(map);
    });
  }, [areas, showAreas, ready, i18n.lang, tables]);

  if (failed) return <p className="error map-box">{i18n.t('noWebgl')}</p>;
  return <div ref={box} className="map-box" data-testid="map" />;
}

/** Popup content built as DOM nodes with text only (nothing from the data is parsed as HTML). */
function popupContent(p: EventFeature['properties'], i18n: I18n): HTMLElement {
  const div = document.createElement('div');
  div.className = 'popup';
  div.dir = i18n.lang === 'ar' ? 'rtl' : 'ltr';
  const line = (text: string, tag = 'div') => {
    const el = document.createElement(tag);
    el.textContent = text;
    div.appendChild(el);
    return el;
  };
  line(i18n.typeLabel(p.type), 'strong');
  line(`${(i18n.lang === 'en' && p.placeEn) || p.place || ''} · ${p.date ?? ''}`);
  line(`${groupName(p.actor, i18n.lang) || '?'} ${i18n.t('arrow')} ${groupName(p.target, i18n.lang) || '?'}`);
  if (p.fatalities !== null && p.fatalities !== undefined) line(`${i18n.t('killed')}: ${p.fatalities}`);
  const a = document.createElement('a');
  a.href =
    p.incidentId !== null && p.incidentId !== undefined
      ? href(`/incidents/${p.incidentId}`, { event: p.id })
      : href(`/events/${p.id}`);
  a.textContent =
    p.incidentId !== null && p.incidentId !== undefined
      ? `${i18n.t('openIncident')} #${p.incidentId}`
      : i18n.t('details');
  div.appendChild(a);
  return div;
}
