/**
 * The persons refresher: one rebuild per burst of writes, none lost when a write lands during a
 * rebuild, everything pending done by flush().
 */
import { describe, expect, it } from 'vitest';
import { createPersonsRefresher } from '../../src/server/persons-refresher.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A rebuild that counts its runs and takes `ms`. */
function counter(ms = 0) {
  const runs: number[] = [];
  let active = 0;
  let overlap = false;
  return {
    runs,
    overlapped: () => overlap,
    rebuild: async () => {
      active++;
      if (active > 1) overlap = true;
      runs.push(Date.now());
      await sleep(ms);
      active--;
    },
  };
}

describe('createPersonsRefresher', () => {
  it('runs one rebuild for a burst of writes, after the delay', async () => {
    const c = counter();
    const refresher = createPersonsRefresher(c.rebuild, 40);
    for (let i = 0; i < 10; i++) refresher.schedule();
    expect(c.runs).toHaveLength(0);
    await sleep(120);
    expect(c.runs).toHaveLength(1);
  });

  it('runs again for a write that came during a rebuild, never two at once', async () => {
    const c = counter(60);
    const refresher = createPersonsRefresher(c.rebuild, 10);
    refresher.schedule();
    await sleep(30); // the first rebuild is running
    refresher.schedule();
    await sleep(30);
    refresher.schedule(); // same burst: no third run
    await refresher.flush();
    await sleep(100);
    await refresher.flush();
    expect(c.runs).toHaveLength(2);
    expect(c.overlapped()).toBe(false);
  });

  it('flush runs what is pending at once and waits for it', async () => {
    const c = counter(20);
    const refresher = createPersonsRefresher(c.rebuild, 60_000);
    refresher.schedule();
    await refresher.flush();
    expect(c.runs).toHaveLength(1);
    await refresher.flush();
    expect(c.runs).toHaveLength(1);
  });

  it('reports a failed rebuild and keeps working', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const refresher = createPersonsRefresher(
      async () => {
        calls++;
        if (calls === 1) throw new Error('database is closed');
      },
      0,
      (e) => errors.push(e),
    );
    refresher.schedule();
    await refresher.flush();
    refresher.schedule();
    await refresher.flush();
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
  });
});
