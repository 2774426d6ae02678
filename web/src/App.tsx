/** The app shell: header with navigation and language toggle, and the page of the current route. */
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { Loading } from './components/common';
import { applyLang, I18nContext, initialLang, makeI18n, type Lang } from './i18n';
import { AlertsPage } from './pages/AlertsPage';
import { ArticlePage } from './pages/ArticlePage';
import { EventPage } from './pages/EventPage';
import { EventsPage } from './pages/EventsPage';
import { IncidentPage } from './pages/IncidentPage';
import { IncidentsPage } from './pages/IncidentsPage';
import { Overview } from './pages/Overview';
import { GroupPage, GroupsPage, PersonPage, PersonsPage } from './pages/PeoplePages';
import { SettingsPage } from './pages/SettingsPage';
import { href, useRoute, type Route } from './router';

// maplibre-gl and the basemap are only loaded when the map is opened.
const MapPage = lazy(() => import('./pages/MapPage').then((m) => ({ default: m.MapPage })));

const NAV = [
  ['/', 'navOverview', ''],
  ['/map', 'navMap', 'map'],
  ['/events', 'navEvents', 'events'],
  ['/incidents', 'navIncidents', 'incidents'],
  ['/persons', 'navPersons', 'persons'],
  ['/groups', 'navGroups', 'groups'],
  ['/alerts', 'navAlerts', 'alerts'],
  ['/settings', 'navSettings', 'settings'],
] as const;

function Page({ route }: { route: Route }) {
  const [section, id] = route.parts;
  switch (section) {
    case undefined:
      return <Overview route={route} />;
    case 'map':
      return (
        <Suspense fallback={<Loading />}>
          <MapPage route={route} />
        </Suspense>
      );
    case 'events':
      return id ? <EventPage route={route} /> : <EventsPage route={route} />;
    case 'incidents':
      return id ? <IncidentPage route={route} /> : <IncidentsPage route={route} />;
    case 'documents':
      return <ArticlePage route={route} />;
    case 'persons':
      return id ? <PersonPage route={route} /> : <PersonsPage route={route} />;
    case 'groups':
      return id ? <GroupPage route={route} /> : <GroupsPage />;
    case 'alerts':
      return <AlertsPage />;
    case 'settings':
      return <SettingsPage />;
    default:
      return <NotFound />;
  }
}

function NotFound() {
  return (
    <I18nContext.Consumer>
      {({ t }) => (
        <div className="page">
          <h1>{t('notFound')}</h1>
        </div>
      )}
    </I18nContext.Consumer>
  );
}

export function App() {
  const [lang, setLangState] = useState<Lang>(() => {
    const l = initialLang();
    applyLang(l);
    return l;
  });
  const setLang = useCallback((l: Lang) => {
    applyLang(l);
    setLangState(l);
  }, []);
  const i18n = useMemo(() => makeI18n(lang, setLang), [lang, setLang]);
  const route = useRoute();
  const { t } = i18n;
  const section = route.parts[0] ?? '';

  return (
    <I18nContext.Provider value={i18n}>
      <header className="top">
        <a href="#/" className="brand">
          <strong>{t('appName')}</strong> <span className="muted small">{t('appTagline')}</span>
        </a>
        <nav aria-label={t('appName')} data-testid="nav">
          <ul>
            {NAV.map(([path, label, key]) => (
              <li key={path}>
                <a
                  href={href(path)}
                  aria-current={
                    section === key || (key === 'events' && section === 'documents') ? 'page' : undefined
                  }
                  data-testid={`nav-${key || 'overview'}`}
                >
                  {t(label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <button
          type="button"
          className="lang-toggle"
          onClick={() => setLang(lang === 'ar' ? 'en' : 'ar')}
          aria-label={t('switchLangLabel')}
          lang={lang === 'ar' ? 'en' : 'ar'}
          data-testid="lang-toggle"
        >
          {t('switchLang')}
        </button>
      </header>
      <main>
        <Page route={route} />
      </main>
    </I18nContext.Provider>
  );
}
