/** What the routes need: the store, the extraction resources, and the server's policy. */
import type { GroupName } from '../resources/group-names.js';
import type { Resources } from '../resources/resources.js';
import type { ExtractionProvenance, Store } from '../store/store.js';
import type { UserRecord } from '../store/users.js';
import type { PersonsRefresher } from './persons-refresher.js';
import type { RateLimits } from './rate-limit.js';

export interface AppOptions {
  store: Store;
  resources: Resources;
  provenance: ExtractionProvenance;
  groupNames: ReadonlyMap<string, GroupName>;
  version: string;
  /** Reads without a token (true when the server listens on loopback only). */
  openReads: boolean;
  /** The built web app to serve at `/` (absent: API only). */
  webRoot?: string;
  /** Largest request body in bytes (default 20 MB). */
  maxBody?: number;
  /**
   * Requests per minute and client (a token's user, else the address); `false` turns limits off
   * (load tests). Default: DEFAULT_RATE_LIMITS.
   */
  rateLimit?: RateLimits | false;
  /** Origins whose scripts may call the API (CORS); none by default. */
  corsOrigins?: readonly string[];
  /**
   * Resolves persons again after ingests through the API (see persons-refresher.ts). Default: right
   * after each write, in the background.
   */
  persons?: PersonsRefresher;
}

/** Hono's per-request variables. */
export interface AppEnv {
  Variables: { user: UserRecord | undefined; badToken: boolean };
}
