/**
 * Persons across documents are resolved over the whole database (conservative clustering of names,
 * kunyas and nisbas), so one rebuild costs in proportion to everything stored. Doing it inside every
 * ingest request made a server that receives articles spend most of its time there, and reads waited
 * behind it. The refresher runs one rebuild a short while after the first write of a burst, for every
 * write of that burst; persons lag the documents by about that delay.
 */
export interface PersonsRefresher {
  /** A write happened: persons will be resolved again within the delay. */
  schedule(): void;
  /** Runs what is scheduled now and waits for it (before the store closes, and in tests). */
  flush(): Promise<void>;
}

export function createPersonsRefresher(
  rebuild: () => Promise<unknown>,
  delayMs: number,
  onError: (error: unknown) => void = () => undefined,
): PersonsRefresher {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;
  // A write that came while a rebuild was reading: that rebuild may have missed it.
  let again = false;

  const run = (): Promise<void> => {
    timer = null;
    if (running) {
      again = true;
      return running;
    }
    running = rebuild()
      .then(() => undefined, onError)
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          schedule();
        }
      });
    return running;
  };

  const schedule = () => {
    if (timer) return;
    if (delayMs <= 0) {
      void run();
      return;
    }
    timer = setTimeout(() => void run(), delayMs);
    // A pending rebuild must not keep a stopping process alive.
    timer.unref?.();
  };

  return {
    schedule,
    async flush() {
      if (timer) {
        clearTimeout(timer);
        await run();
      }
      while (running) await running;
    },
  };
}
