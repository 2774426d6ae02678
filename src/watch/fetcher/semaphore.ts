/** A counting semaphore: at most `limit` holders at once, waiters served first come, first served. */
export interface Semaphore {
  /** Resolves with the release function once a permit is held; calling release twice is harmless. */
  acquire(): Promise<() => void>;
}

export function createSemaphore(limit: number): Semaphore {
  let held = 0;
  const waiting: Array<() => void> = [];

  const release = () => {
    const next = waiting.shift();
    // The permit goes straight to the next waiter, so no newcomer can overtake it.
    if (next) next();
    else held--;
  };

  const permit = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  };

  return {
    acquire() {
      if (held < limit) {
        held++;
        return Promise.resolve(permit());
      }
      return new Promise((resolve) => waiting.push(() => resolve(permit())));
    },
  };
}
