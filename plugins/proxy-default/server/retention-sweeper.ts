import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { ProxyMetrics } from './metrics.js';
import type { ProxyStorage, SweepResult } from './storage/types.js';

/**
 * Deletes everything older than the retention (24 hours at most), delivered or not, every
 * `intervalMs`. Time comes from the injected clock; tests call {@link RetentionSweeper.sweepNow}.
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
    this.running ??= this.storage
      .sweep(this.options.clock.now() - this.options.retentionMs)
      .then((result) => {
        this.options.metrics.swept.inc({ what: 'messages' }, result.messages);
        this.options.metrics.swept.inc({ what: 'tombstones' }, result.tombstones);
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
