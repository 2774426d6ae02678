/**
 * The producer side of `watch --queue`: every enabled source that is due gets a fetch job. The fetch
 * kind is stately per source (singleton key = source id): a source already waiting is not queued again,
 * so a slow cycle of workers never piles up polls of one outlet.
 */
import type { Store } from '../store/store.js';
import type { Source } from '../watch/sources/source-config.js';
import type { Queue } from './open-queue.js';

export async function enqueueDueSources(
  store: Store,
  queue: Queue,
  sources: readonly Source[],
  options: { force?: boolean; now?: Date } = {},
): Promise<{ due: number; queued: number }> {
  const now = (options.now ?? new Date()).getTime();
  const states = new Map(
    (await store.db.selectFrom('source_state').select(['source_id', 'last_polled_at']).execute()).map((r) => [
      r.source_id,
      r.last_polled_at,
    ]),
  );
  const out = { due: 0, queued: 0 };
  for (const source of sources) {
    if (!source.enabled) continue;
    const last = states.get(source.id);
    const due = options.force || !last || Date.parse(last) + source.intervalMinutes * 60_000 <= now;
    if (!due) continue;
    out.due++;
    if (await queue.send('fetch', { source }, { singletonKey: source.id })) out.queued++;
  }
  return out;
}
