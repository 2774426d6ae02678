/**
 * Hash routing (`#/events?type=defection`): every view and its filters live in the URL, so links can be
 * shared, and the server needs no fallback route for the app.
 */
import { useEffect, useState } from 'react';

export interface Route {
  /** Path segments: `#/incidents/7` → ['incidents', '7']. */
  parts: string[];
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const h = hash.replace(/^#/, '');
  const [path = '', query = ''] = h.split('?', 2) as [string?, string?];
  return {
    parts: path.split('/').filter(Boolean).map(decodeURIComponent),
    params: new URLSearchParams(query),
  };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

/** `#/path?params` with empty parameters left out. */
export function href(
  path: string,
  params?: Record<string, string | number | null | undefined> | URLSearchParams,
): string {
  const q = new URLSearchParams();
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params ?? {});
  for (const [k, v] of entries) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return `#${path}${s ? `?${s}` : ''}`;
}

export function navigate(
  path: string,
  params?: Record<string, string | number | null | undefined> | URLSearchParams,
): void {
  window.location.hash = href(path, params);
}
