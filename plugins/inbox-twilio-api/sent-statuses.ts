import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { DeliveryStatusHandler } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import { mapTwilioError } from '../sms-twilio/error-mapping.js';
import { withExchange, type TwilioClient } from '../sms-twilio/twilio-client.js';

/** How far back sent texts are watched for delivery reports. */
export const STATUS_WINDOW_MS = 60 * 60_000;
/** Sent texts read per poll (the newest first): bounds the requests and the work of one poll. */
export const STATUS_PAGE_SIZE = 100;
/** Statuses after which Twilio reports nothing more. */
const FINAL = new Set(['delivered', 'undelivered', 'failed', 'canceled', 'read']);

/**
 * Delivery statuses of the clinic's sent texts, read from Twilio's Messages list (there are no
 * status callbacks without a public server): each poll lists the texts sent from the clinic's
 * number in the last hour (at most {@link STATUS_PAGE_SIZE}) and hands the host every status
 * it has not yet stored. A status is remembered as stored only once the host's handler
 * resolved; a text whose final status is stored is not reported again.
 */
export class SentStatuses {
  /** Sid → the last status the host stored, and when the text was sent (to forget it after the window). */
  private readonly stored = new Map<string, { status: string; sentAt: number }>();
  readonly stats = { statusPolls: 0, failedStatusPolls: 0, statusesReported: 0, statusesNotStored: 0 };

  constructor(
    private readonly client: TwilioClient,
    private readonly number: string,
    private readonly context: { logger: Logger; clock: Clock },
  ) {}

  /** One look at the sent texts; never throws (replies must not wait on delivery reports). */
  async poll(handler: DeliveryStatusHandler): Promise<void> {
    const now = this.context.clock.now();
    const since = now - STATUS_WINDOW_MS;
    for (const [sid, entry] of this.stored) if (entry.sentAt < since) this.stored.delete(sid);
    const outcome = await withExchange(() =>
      this.client.messages.list({ from: this.number, dateSentAfter: new Date(since), pageSize: STATUS_PAGE_SIZE, limit: STATUS_PAGE_SIZE }),
    );
    this.stats.statusPolls += 1;
    if (!('value' in outcome)) {
      this.stats.failedStatusPolls += 1;
      const error = mapTwilioError(outcome.error, 'list', outcome.exchange, now);
      this.context.logger.debug({ err: `${error.code}: ${error.message}` }, 'twilio sent-status poll failed; tried again next poll');
      return;
    }
    // Oldest first, so the host sees a text's reports in the order they were read.
    for (const m of [...outcome.value].reverse()) {
      if (!m.direction?.startsWith('outbound')) continue;
      const sentAt = (m.dateSent ?? m.dateCreated)?.getTime();
      if (sentAt === undefined || !Number.isFinite(sentAt) || sentAt < since) continue;
      const status = String(m.status);
      const known = this.stored.get(m.sid);
      if (known && (known.status === status || FINAL.has(known.status))) continue;
      const errorCode = m.errorCode === null || m.errorCode === undefined ? undefined : String(m.errorCode);
      const at = (m.dateUpdated ?? new Date(now)).toISOString();
      try {
        await handler({ id: `${m.sid}:${status}`, providerId: m.sid, status, ...(errorCode ? { errorCode } : {}), at });
      } catch (error) {
        // Not stored: reported again on the next poll.
        this.stats.statusesNotStored += 1;
        this.context.logger.warn({ err: String((error as Error)?.message ?? error) }, 'delivery status not stored; reported again next poll');
        return;
      }
      this.stored.set(m.sid, { status, sentAt });
      this.stats.statusesReported += 1;
    }
  }
}
