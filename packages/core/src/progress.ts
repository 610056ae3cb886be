/** Options for {@link createProgress}. */
export interface ProgressOptions {
  /**
   * Total number of steps, when known; without it the report shows a count and a rate, no ETA.
   * @default undefined
   */
  total?: number;
  /** Shown before the bar. @default '' */
  label?: string;
  /** Where to draw. @default process.stderr */
  stream?: NodeJS.WriteStream;
  /** Draw a live bar (true) or print plain lines (false). @default stream.isTTY */
  tty?: boolean;
  /** Minimum milliseconds between plain-line reports. @default 2000 */
  intervalMs?: number;
  /** Print nothing at all. @default false */
  silent?: boolean;
}

/** A running progress report; see {@link createProgress}. */
export interface Progress {
  /** Advances by `n` steps (default 1) and shows the given metrics, e.g. `{ loss: 0.41 }`. */
  tick(n?: number, metrics?: Record<string, number | string>): void;
  /** Ends the report with a final line. */
  done(metrics?: Record<string, number | string>): void;
}

function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const s = Math.round(ms / 1000);
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  if (h > 0) return `${h}h${String(m % 60).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

function formatMetrics(metrics: Record<string, number | string> | undefined): string {
  if (!metrics) return '';
  return Object.entries(metrics)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? (Number.isInteger(v) ? v : v.toFixed(4)) : v}`)
    .join(' ');
}

/**
 * Reports progress of long work: a live bar with rate and ETA on a TTY, plain lines otherwise
 * (so logs in CI stay readable).
 *
 * @param options - see {@link ProgressOptions}
 * @returns a {@link Progress} handle
 * @example
 * ```ts
 * const p = createProgress({ total: 3, label: 'epoch 1', tty: false, intervalMs: 0 });
 * for (let i = 0; i < 3; i++) p.tick(1, { loss: 0.5 });
 * p.done();
 * // stderr: "epoch 1 1/3 (33%) ... loss=0.5000" and so on
 * ```
 */
export function createProgress(options: ProgressOptions = {}): Progress {
  const { total, label = '', stream = process.stderr, intervalMs = 2000, silent = false } = options;
  const tty = options.tty ?? Boolean(stream.isTTY);
  const start = Date.now();
  let count = 0;
  let lastPrint = 0;
  let last: Record<string, number | string> | undefined;

  const line = (): string => {
    const elapsed = Date.now() - start;
    const rate = count / Math.max(elapsed / 1000, 1e-9);
    const parts = [label];
    if (total) {
      const frac = Math.min(count / total, 1);
      if (tty) {
        const width = 24;
        const full = Math.round(frac * width);
        parts.push(`[${'='.repeat(full)}${' '.repeat(width - full)}]`);
      }
      parts.push(`${count}/${total} (${Math.round(frac * 100)}%)`);
      parts.push(`eta ${formatDuration(((total - count) / Math.max(rate, 1e-9)) * 1000)}`);
    } else {
      parts.push(`${count}`);
    }
    parts.push(`${rate.toFixed(1)}/s`, formatMetrics(last));
    return parts.filter(Boolean).join(' ');
  };

  return {
    tick(n = 1, metrics) {
      count += n;
      if (metrics) last = metrics;
      if (silent) return;
      const now = Date.now();
      if (tty) {
        if (now - lastPrint < 100 && count !== total) return;
        lastPrint = now;
        stream.write(`\r\x1b[2K${line()}`);
      } else if (now - lastPrint >= intervalMs) {
        lastPrint = now;
        stream.write(`${line()}\n`);
      }
    },
    done(metrics) {
      if (metrics) last = metrics;
      if (silent) return;
      const text = `${line()} done in ${formatDuration(Date.now() - start)}`;
      stream.write(tty ? `\r\x1b[2K${text}\n` : `${text}\n`);
    },
  };
}
