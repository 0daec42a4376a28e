import { Backoff, type BackoffOptions } from '@clinic-arrivals/plugin-kit';
import { describeError } from '@clinic-arrivals/plugin-kit';

/** Most ids in one `POST /v1/inbox/ack` (the proxy takes up to 500). */
export const MAX_ACK_BATCH = 500;

/** What the queue reports for health. */
export interface AckStats {
  /** Ids the proxy confirmed. */
  sent: number;
  /** Ids waiting for a retry. */
  pending: number;
  /** The last failure, log-safe, until a later post succeeds. */
  lastError?: string;
}

/**
 * Acknowledgements on their way to the proxy. Ids acked while a post is running go out
 * together in the next one. A failed post keeps its ids and is retried with backoff in the
 * background: the message is already stored by the host, and until the ack lands the proxy
 * may redeliver it, which the inbox drops (it remembers acked ids) and acknowledges again.
 */
export class AckQueue {
  private readonly pending = new Set<string>();
  private readonly backoff: Backoff;
  private flushing: Promise<void> | undefined;
  private again = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private sent = 0;
  private lastError: string | undefined;

  constructor(
    private readonly post: (ids: string[]) => Promise<void>,
    backoff: BackoffOptions,
    private readonly onFailure: (error: unknown, pending: number) => void = () => undefined,
  ) {
    this.backoff = new Backoff(backoff);
  }

  /** Queues `id` and resolves once a post carrying it has been tried (it stays queued if that failed). */
  async add(id: string): Promise<void> {
    if (this.closed) return;
    this.pending.add(id);
    await this.flush();
  }

  /** Sends everything queued now (joining a post in progress). Never rejects. */
  flush(): Promise<void> {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = this.drain().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  stats(): AckStats {
    return { sent: this.sent, pending: this.pending.size, ...(this.lastError ? { lastError: this.lastError } : {}) };
  }

  /** Makes a last attempt for what is queued, then stops retrying. Idempotent. */
  async close(): Promise<void> {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (!this.closed && this.pending.size > 0) await this.flush();
    else await this.flushing;
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  /** Reopens after close() (the plugin was started again). */
  reopen(): void {
    this.closed = false;
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      const batch = [...this.pending].slice(0, MAX_ACK_BATCH);
      if (batch.length === 0) return;
      try {
        await this.post(batch);
      } catch (error) {
        this.lastError = describeError(error);
        this.onFailure(error, this.pending.size);
        this.scheduleRetry();
        return;
      }
      for (const id of batch) this.pending.delete(id);
      this.sent += batch.length;
      this.lastError = undefined;
      this.backoff.reset();
    } while (this.again || this.pending.size > 0);
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.flush();
    }, this.backoff.next());
    // A pending retry alone must not keep the process alive.
    this.retryTimer.unref();
  }
}
