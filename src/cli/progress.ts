/**
 * Progress reporting for long commands: a one-line bar with rate and ETA redrawn on a terminal, plain
 * log lines every few seconds otherwise (logs and CI output stay readable).
 */
export interface ProgressState {
  done: number;
  /** Total when known (ETA shown), else null. */
  total: number | null;
  failed: number;
  elapsed: number;
  unit: string;
}

export interface ProgressReporter {
  update(state: ProgressState): void;
  /** Clears the bar (terminal) before the summary is printed. */
  end(): void;
}

const LOG_EVERY_S = 5;
const DRAW_EVERY_MS = 100;

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** The progress line, without terminal control characters. */
export function progressLine(state: ProgressState, width = 24): string {
  const rate = state.elapsed > 0 ? state.done / state.elapsed : 0;
  const parts: string[] = [];
  if (state.total !== null && state.total > 0) {
    const share = Math.min(1, state.done / state.total);
    const filled = Math.round(share * width);
    parts.push(
      `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${state.done}/${state.total} ${state.unit}`,
    );
  } else parts.push(`${state.done} ${state.unit}`);
  parts.push(`${rate.toFixed(rate < 10 ? 1 : 0)}/s`);
  if (state.total !== null && rate > 0 && state.done < state.total)
    parts.push(`ETA ${formatDuration((state.total - state.done) / rate)}`);
  if (state.failed) parts.push(`${state.failed} failed`);
  return parts.join('  ');
}

export function createProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  label: string,
): ProgressReporter {
  let last = 0;
  let drawn = false;
  if (stream.isTTY) {
    return {
      update(state) {
        const now = Date.now();
        if (now - last < DRAW_EVERY_MS && state.done !== state.total) return;
        last = now;
        drawn = true;
        stream.write(`\r\x1b[2K${label}: ${progressLine(state)}`);
      },
      end() {
        if (drawn) stream.write('\r\x1b[2K');
      },
    };
  }
  return {
    update(state) {
      if (state.elapsed - last < LOG_EVERY_S) return;
      last = state.elapsed;
      stream.write(`${label}: ${progressLine(state)}\n`);
    },
    end() {},
  };
}
