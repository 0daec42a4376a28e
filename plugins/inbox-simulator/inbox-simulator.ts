import { randomBytes } from 'node:crypto';
import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { DeliveryStatusHandler, Inbox, IncomingMessage } from '@clinic-arrivals/plugin-kit';
import type { PluginState } from '@clinic-arrivals/plugin-kit';
import type { HealthReport } from '@clinic-arrivals/plugin-kit';
import { NotReadyError } from '@clinic-arrivals/plugin-kit';

const PENDING_KEY = 'pending';

/**
 * An SMS inbox fed through the local API: an {@link Inbox} for the host, fed by
 * its API routes (routes.ts) and tests.
 *
 * Unacknowledged messages live in the store, so they survive a restart. A message handed out
 * is "in flight" until acknowledged; it is offered again after `redeliverAfterMs`, or at once
 * to the next `messages()` call (a reconnecting consumer).
 */
export class InboxSimulator implements Inbox {
  private pendingMessages: IncomingMessage[] | undefined;
  private loading: Promise<IncomingMessage[]> | undefined;
  /** Ids handed out and not yet due again, with the timer that makes them due. */
  private readonly inFlight = new Map<string, NodeJS.Timeout>();
  private readonly waiters = new Set<() => void>();
  private persisting: Promise<void> = Promise.resolve();
  private stopped = false;
  private statusHandler: DeliveryStatusHandler | undefined;

  constructor(
    private readonly state: PluginState,
    private readonly clock: Clock,
    private readonly redeliverAfterMs: number,
  ) {}

  async *messages(signal: AbortSignal): AsyncGenerator<IncomingMessage> {
    const pending = await this.load();
    this.releaseAll();
    while (!signal.aborted && !this.stopped) {
      const next = pending.find((m) => !this.inFlight.has(m.id));
      if (next) {
        this.hold(next.id);
        yield { ...next };
        continue;
      }
      await this.changed(signal);
    }
  }

  async ack(id: string): Promise<void> {
    const pending = await this.load();
    this.release(id);
    const index = pending.findIndex((m) => m.id === id);
    if (index === -1) return;
    pending.splice(index, 1);
    await this.persist();
  }

  async inject(message: { from: string; body: string; id?: string; receivedAt?: string }): Promise<string> {
    const pending = await this.load();
    const id = message.id ?? `SMin${randomBytes(16).toString('hex')}`;
    if (!pending.some((m) => m.id === id)) {
      const receivedAt = message.receivedAt ?? new Date(this.clock.now()).toISOString();
      pending.push({ id, from: message.from, body: message.body, receivedAt });
      await this.persist();
      this.wake();
    }
    return id;
  }

  setDeliveryStatusHandler(handler: DeliveryStatusHandler): void {
    this.statusHandler = handler;
  }

  /**
   * A simulated status callback: handed straight to the host, which stores it before this
   * resolves (nothing to queue: the caller hears about a failure and can try again).
   */
  async reportDeliveryStatus(report: { providerId: string; status: string; errorCode?: string }): Promise<string> {
    if (!this.statusHandler || this.stopped) throw new NotReadyError('inbox-simulator: the host is not reading delivery statuses yet');
    const id = `${report.providerId}:${report.status}`;
    await this.statusHandler({
      id,
      providerId: report.providerId,
      status: report.status,
      ...(report.errorCode === undefined ? {} : { errorCode: report.errorCode }),
      at: new Date(this.clock.now()).toISOString(),
    });
    return id;
  }

  async pending(): Promise<number> {
    return (await this.load()).length;
  }

  /** Loads pending messages from the store (once). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.load();
  }

  /** Ends every `messages()` stream and drops the redelivery timers. Idempotent. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.releaseAll();
    this.wake();
    await this.persisting;
  }

  async health(): Promise<HealthReport> {
    const count = await this.pending();
    return { status: 'ok', detail: `${count} simulated replies awaiting acknowledgement`, data: { pending: count } };
  }

  private load(): Promise<IncomingMessage[]> {
    if (this.pendingMessages) return Promise.resolve(this.pendingMessages);
    this.loading ??= this.state.get<IncomingMessage[]>(PENDING_KEY).then(
      (stored) => {
        this.pendingMessages ??= stored ?? [];
        return this.pendingMessages;
      },
      (error: unknown) => {
        this.loading = undefined; // let the next call try the store again
        throw error;
      },
    );
    return this.loading;
  }

  /** Writes the current list; writes are chained so the last one always wins. */
  private persist(): Promise<void> {
    this.persisting = this.persisting.catch(() => undefined).then(() => this.state.set(PENDING_KEY, this.pendingMessages ?? []));
    return this.persisting;
  }

  private hold(id: string): void {
    const timer = setTimeout(() => {
      this.inFlight.delete(id);
      this.wake();
    }, this.redeliverAfterMs);
    timer.unref();
    this.inFlight.set(id, timer);
  }

  private release(id: string): void {
    clearTimeout(this.inFlight.get(id));
    this.inFlight.delete(id);
  }

  private releaseAll(): void {
    for (const id of [...this.inFlight.keys()]) this.release(id);
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Resolves on the next inject, redelivery, stop or abort: no polling. */
  private changed(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
