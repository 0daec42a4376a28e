import type { Logger } from '@clinic-arrivals/plugin-kit';

/**
 * Counts stored and duplicate webhooks and logs them at `info` once per interval (when there
 * were any). The per-webhook line is `debug`: at production volumes a JSON line per webhook
 * cost about half the ingest throughput, and the metrics already count every webhook.
 */
export class WebhookLogSummary {
  private stored = 0;
  private duplicates = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = 60_000,
  ) {}

  /** Records one webhook that reached the storage. */
  count(stored: boolean): void {
    if (stored) this.stored++;
    else this.duplicates++;
  }

  start(): void {
    this.timer ??= setInterval(() => this.flush(), this.intervalMs).unref();
  }

  /** Stops the timer and logs what was counted since the last summary. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.flush();
  }

  private flush(): void {
    if (this.stored === 0 && this.duplicates === 0) return;
    this.logger.info({ stored: this.stored, duplicates: this.duplicates, seconds: this.intervalMs / 1000 }, 'webhooks stored since the last summary');
    this.stored = 0;
    this.duplicates = 0;
  }
}
