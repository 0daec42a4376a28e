import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { DeliveryStatusHandler, DeliveryStatusUpdate } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { DeliveryStatus, Store } from '../store/store.js';

/** The provider's status words, as the host's delivery order knows them (Twilio's words). */
const STATUS_WORDS: Readonly<Record<string, DeliveryStatus>> = {
  accepted: 'queued',
  scheduled: 'queued',
  queued: 'queued',
  sending: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
  canceled: 'failed',
};

/** A provider status word as a {@link DeliveryStatus}, or undefined for one the host does not use. */
export function deliveryStatusOf(word: string): DeliveryStatus | undefined {
  const key = word.trim().toLowerCase();
  return Object.hasOwn(STATUS_WORDS, key) ? STATUS_WORDS[key] : undefined;
}

/** What the host made of the delivery reports it was handed, since it started. */
export interface DeliveryStatusCounts {
  applied: number;
  /** Repeats, and earlier statuses arriving after a later one. */
  unchanged: number;
  /** No outbox entry has the provider id (not ours, or a send whose outcome was unknown). */
  unknownProviderId: number;
  /** A status word the host does not use. */
  ignoredStatus: number;
}

/**
 * Applies the inbox plugin's delivery reports to the outbox (matched by provider id, kept in
 * order by the store). The handler resolves only after the store has the report, so the
 * plugin acknowledges it to its source only then; a report that cannot be matched or read is
 * counted and resolved (acknowledged): handing it over again would not help.
 */
export class DeliveryStatuses {
  readonly counts: DeliveryStatusCounts = { applied: 0, unchanged: 0, unknownProviderId: 0, ignoredStatus: 0 };

  constructor(private readonly deps: { store: Store; clock: Clock; logger: Logger }) {}

  readonly handler: DeliveryStatusHandler = (update) => this.apply(update);

  async apply(update: DeliveryStatusUpdate): Promise<void> {
    const status = deliveryStatusOf(update.status);
    if (!status) {
      this.counts.ignoredStatus += 1;
      this.deps.logger.debug({ reportId: update.id, status: update.status.slice(0, 20) }, 'delivery report with a status the host does not use; ignored');
      return;
    }
    const outcome = await this.deps.store.recordDeliveryStatus(update.providerId, { status, errorCode: update.errorCode }, this.deps.clock.now());
    if (!outcome.matched) {
      this.counts.unknownProviderId += 1;
      this.deps.logger.debug({ reportId: update.id }, 'delivery report for a text the outbox does not know; ignored');
      return;
    }
    if (!outcome.changed) {
      this.counts.unchanged += 1;
      return;
    }
    this.counts.applied += 1;
    const level = status === 'undelivered' || status === 'failed' ? 'info' : 'debug';
    this.deps.logger[level](
      { outboxId: outcome.entry.id, deliveryStatus: status, errorCode: outcome.entry.deliveryErrorCode },
      'delivery status of a sent text',
    );
  }
}
