import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { ProxyMetrics } from './metrics.js';
import type { ProxyStorage, SweepResult } from './storage/types.js';

/** Join locks are kept until they expire, and never longer than this whatever `retentionHours` says. */
export const JOIN_LOCK_MAX_AGE_MS = 24 * 3_600_000;

/**
 * Deletes everything older than the retention (24 hours at most), delivered or not, and join
 * locks that have expired or are older than a day, every `intervalMs`. Time comes from the
 * injected clock; tests call {@link RetentionSweeper.sweepNow}.
 */
export class RetentionSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SweepResult> | undefined;

  constructor(
    private readonly storage: ProxyStorage,
    private readonly options: { retentionMs: number; intervalMs: number; clock: Clock; logger: Logger; metrics: ProxyMetrics },
  ) {}

  start(): void {
    this.timer ??= setInterval(() => {
      this.sweepNow().catch((error) => this.options.logger.warn({ err: { message: (error as Error).message } }, 'retention sweep failed; will try again'));
    }, this.options.intervalMs);
    this.timer.unref();
  }

  /** Runs one sweep now (joins one already running). */
  sweepNow(): Promise<SweepResult> {
    const now = this.options.clock.now();
    this.running ??= Promise.all([this.storage.sweep(now - this.options.retentionMs), this.storage.sweepJoinLocks(now, now - JOIN_LOCK_MAX_AGE_MS)])
      .then(([result, joinLocks]) => {
        this.options.metrics.swept.inc({ what: 'messages' }, result.messages);
        this.options.metrics.swept.inc({ what: 'tombstones' }, result.tombstones);
        this.options.metrics.swept.inc({ what: 'join_locks' }, joinLocks);
        if (result.messages > 0) this.options.logger.info({ deleted: result.messages }, 'retention sweep deleted undelivered messages');
        return result;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** Stops the timer and waits for a sweep in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }
}
