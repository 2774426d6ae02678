/** Settings kept in this browser's localStorage: the review token and the optional tile server. */

const TOKEN = 'marsad.token';
const TILES = 'marsad.tiles';
const TILES_ATTRIBUTION = 'marsad.tilesAttribution';

function read(key: string): string {
  try {
    return window.localStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}

function write(key: string, value: string): void {
  if (value.trim() === '') window.localStorage.removeItem(key);
  else window.localStorage.setItem(key, value.trim());
}

export const getToken = (): string => read(TOKEN);
export const setToken = (v: string): void => write(TOKEN, v);
/** A raster tile URL template (`https://…/{z}/{x}/{y}.png`), or '' for the offline basemap. */
export const getTiles = (): string => read(TILES);
export const setTiles = (v: string): void => write(TILES, v);
export const getTilesAttribution = (): string => read(TILES_ATTRIBUTION);
export const setTilesAttribution = (v: string): void => write(TILES_ATTRIBUTION, v);
