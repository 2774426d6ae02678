/**
 * Politeness towards the sites watched: requests to one host start at least `minIntervalMs` apart and at
 * most `hostConcurrency` of them run at once; at most `globalConcurrency` requests run in all. The clock
 * and the sleep are injected so that tests run without waiting.
 */
import { createSemaphore, type Semaphore } from './semaphore.js';

export interface HostLimiterOptions {
  minIntervalMs: number;
  hostConcurrency: number;
  globalConcurrency: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export interface HostLimiter {
  /** Runs `task` (one HTTP request to `host`) when the limits allow it. */
  run<T>(host: string, task: () => Promise<T>): Promise<T>;
}

interface HostState {
  semaphore: Semaphore;
  /** The earliest time the next request to the host may start. */
  nextStart: number;
}

export function createHostLimiter(options: HostLimiterOptions): HostLimiter {
  const global = createSemaphore(options.globalConcurrency);
  // One entry per host seen during the fetcher's life: a watch polls a bounded set of sites.
  const hosts = new Map<string, HostState>();

  const stateOf = (host: string): HostState => {
    let state = hosts.get(host);
    if (!state) {
      state = { semaphore: createSemaphore(options.hostConcurrency), nextStart: -Infinity };
      hosts.set(host, state);
    }
    return state;
  };

  return {
    async run(host, task) {
      const state = stateOf(host.toLowerCase());
      const releaseHost = await state.semaphore.acquire();
      try {
        const releaseGlobal = await global.acquire();
        try {
          // The start slot is reserved before sleeping, so that concurrent requests to one host get
          // distinct slots; the wait is at most one interval per request already queued for the host.
          const now = options.now();
          const start = Math.max(now, state.nextStart);
          state.nextStart = start + options.minIntervalMs;
          if (start > now) await options.sleep(start - now);
          return await task();
        } finally {
          releaseGlobal();
        }
      } finally {
        releaseHost();
      }
    },
  };
}
