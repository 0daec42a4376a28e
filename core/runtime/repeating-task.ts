import type { Logger } from '@clinic-arrivals/plugin-kit';
import { Backoff } from '@clinic-arrivals/plugin-kit';
import type { HostCounters } from './host-metrics.js';
import type { StatusBoard } from './status-board.js';
import { describeError } from '@clinic-arrivals/plugin-kit';

export interface RepeatingTaskOptions {
  /** Name on the status page (`today`, `upcoming`, …). */
  name: string;
  /** Pause between the end of one run and the start of the next. */
  intervalMs: number;
  /** Longest pause after repeated failures. @default 5 minutes */
  maxBackoffMs?: number;
  run: () => Promise<void>;
  board: StatusBoard;
  /** Bound to `{ loop: name }` here, so pass the unbound logger. */
  logger: Logger;
  /** Counts each run's duration and result (`/metrics`). */
  counters?: Pick<HostCounters, 'loopFinished'>;
}

/**
 * One of the host's loops: a setTimeout chain (a slow run never overlaps the next one),
 * failures logged and counted, the pause doubling while it keeps failing.
 */
export class RepeatingTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private failuresInARow = 0;
  private readonly backoff: Backoff;
  private readonly logger: Logger;

  constructor(private readonly options: RepeatingTaskOptions) {
    const { intervalMs, maxBackoffMs = 5 * 60_000 } = options;
    this.logger = options.logger.child({ loop: options.name });
    // After a failure the pause starts at the interval and grows (with jitter) up to the cap.
    this.backoff = new Backoff({ minDelayMs: intervalMs, maxDelayMs: Math.max(intervalMs, maxBackoffMs) });
  }

  /** Starts the chain; the first run comes after `firstDelayMs`. */
  start(firstDelayMs = 0): void {
    this.stopped = false;
    this.schedule(firstDelayMs);
  }

  /** Runs once now, recording the outcome; rethrows its error (the chain never does). */
  async runOnce(): Promise<void> {
    // Never two runs of one loop at the same time: a manual run waits for a timed one.
    while (this.running) await this.running.catch(() => undefined);
    const run = this.options.board.loopStarted(this.options.name);
    // Wall time, like the status board's: the host clock may be a test clock that stands still.
    const startedMs = performance.now();
    const counted = (ok: boolean) => this.options.counters?.loopFinished(this.options.name, (performance.now() - startedMs) / 1000, ok);
    const work = this.options.run();
    this.running = work.then(
      () => undefined,
      () => undefined,
    );
    try {
      await work;
      this.failuresInARow = 0;
      this.options.board.loopFinished(run);
      counted(true);
    } catch (error) {
      this.failuresInARow += 1;
      const described = describeError(error);
      this.options.board.loopFinished(run, described);
      counted(false);
      this.logger.warn({ err: described, failuresInARow: this.failuresInARow }, 'loop run failed');
      throw error;
    } finally {
      this.running = undefined;
    }
  }

  /** Clears the timer and waits for a run in progress to end. Idempotent. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.runOnce()
        .catch(() => undefined)
        .finally(() => this.schedule(this.nextDelay()));
    }, delayMs);
  }

  private nextDelay(): number {
    if (this.failuresInARow === 0) {
      this.backoff.reset();
      return this.options.intervalMs;
    }
    return this.backoff.next();
  }
}
