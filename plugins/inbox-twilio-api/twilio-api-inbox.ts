import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { DeliveryStatusHandler, Inbox, IncomingMessage } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { PluginState } from '@clinic-arrivals/plugin-kit';
import type { HealthReport } from '@clinic-arrivals/plugin-kit';
import { AuthError, ClinicArrivalsError } from '@clinic-arrivals/plugin-kit';
import { checkTwilioAccount } from '../sms-twilio/account-check.js';
import { mapTwilioError } from '../sms-twilio/error-mapping.js';
import { createTwilioClient, withExchange, type TwilioClient } from '../sms-twilio/twilio-client.js';
import type { InboxTwilioApiOptions } from './options.js';
import { acknowledge, initialPosition, isInboxPosition, pollFrom, type InboxPosition } from './position.js';
import { SentStatuses } from './sent-statuses.js';

/** Plugin id, also the store namespace of its state. */
export const INBOX_TWILIO_API_ID = 'inbox-twilio-api';
/** Messages per page asked of Twilio (it allows up to 1000). */
const PAGE_SIZE = 200;

/** Test seams. */
export interface TwilioApiInboxSeams {
  /** Overrides `pollSeconds` (tests poll every few milliseconds). */
  pollIntervalMs?: number;
}

/** A reply fetched from Twilio and not acknowledged yet. */
interface OpenMessage {
  message: IncomingMessage;
  /** Twilio's date_sent (epoch ms), the ordering and position key. */
  date: number;
}

/**
 * An inbox that polls Twilio's Messages list for texts to the clinic's number: no public
 * server and no third party in the data path, at the cost of polling latency and API calls.
 *
 * At least once: a reply is handed out once per `messages()` stream (again after
 * `redeliverAfterSeconds` while unacknowledged) and to every new stream until acknowledged.
 * The position (see position.ts) is kept in the store, so a restart resumes where it was.
 * With the host's delivery status handler set, each poll also reads the status of the texts
 * sent in the last hour (see sent-statuses.ts).
 */
export class TwilioApiInbox implements Inbox {
  private readonly client: TwilioClient;
  private readonly open = new Map<string, OpenMessage>();
  private readonly wakers = new Set<() => void>();
  private readonly stateKey: string;
  private position: InboxPosition | undefined;
  private persisting: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly stats = { polls: 0, failedPolls: 0, delivered: 0, acknowledged: 0 };
  private lastPollAt: number | undefined;
  private lastError: ClinicArrivalsError | undefined;
  private readonly sentStatuses: SentStatuses;
  private statusHandler: DeliveryStatusHandler | undefined;

  constructor(
    private readonly options: Readonly<InboxTwilioApiOptions>,
    private readonly context: { logger: Logger; clock: Clock; state: PluginState },
    private readonly seams: TwilioApiInboxSeams = {},
  ) {
    this.client = createTwilioClient(options);
    this.stateKey = `position:${options.accountSid}:${options.number}`;
    this.sentStatuses = new SentStatuses(this.client, options.number, context);
  }

  /** The host's delivery status handler: statuses of sent texts are read with each poll. */
  setDeliveryStatusHandler(handler: DeliveryStatusHandler): void {
    this.statusHandler = handler;
  }

  /** Checks the credentials (Account resource) and loads the stored position. */
  async start(): Promise<void> {
    this.stopped = false;
    try {
      await checkTwilioAccount(this.client, this.options.accountSid, () => this.context.clock.now());
    } catch (error) {
      this.lastError = error as ClinicArrivalsError;
      throw error;
    }
    await this.loadPosition();
  }

  /** Ends every stream promptly. Idempotent. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.persisting;
  }

  async *messages(signal: AbortSignal): AsyncGenerator<IncomingMessage> {
    const handedOut = new Map<string, number>(); // sid → when this stream last yielded it
    const redeliverMs = this.options.redeliverAfterSeconds * 1000;
    while (!signal.aborted && !this.stopped) {
      const polled = await untilAborted(this.poll(), signal);
      if (!polled) return;
      if (this.statusHandler && !(await untilAborted(this.sentStatuses.poll(this.statusHandler), signal))) return;
      const due = [...this.open.entries()].sort(([, a], [, b]) => a.date - b.date || (a.message.id < b.message.id ? -1 : 1));
      for (const [sid, entry] of due) {
        if (signal.aborted || this.stopped) return;
        if (!this.open.has(sid)) continue; // acknowledged while we were suspended
        const last = handedOut.get(sid);
        if (last !== undefined && this.context.clock.now() - last < redeliverMs) continue;
        handedOut.set(sid, this.context.clock.now());
        this.stats.delivered += 1;
        yield { ...entry.message };
      }
      await this.pause(signal);
    }
  }

  async ack(id: string): Promise<void> {
    const entry = this.open.get(id);
    if (!entry) return; // already acknowledged (or never seen by this instance): nothing to move
    this.open.delete(id);
    this.stats.acknowledged += 1;
    const position = await this.loadPosition();
    this.position = acknowledge(
      position,
      id,
      entry.date,
      [...this.open.values()].map((m) => m.date),
    );
    await this.persist();
  }

  health(): HealthReport {
    const data: Record<string, unknown> = {
      ...this.stats,
      ...(this.statusHandler ? this.sentStatuses.stats : {}),
      awaitingAck: this.open.size,
      lastPollAt: this.lastPollAt === undefined ? undefined : new Date(this.lastPollAt).toISOString(),
      since: this.position ? new Date(this.position.since).toISOString() : undefined,
      lastErrorCode: this.lastError?.code,
    };
    if (this.lastError instanceof AuthError) return { status: 'down', detail: 'Twilio rejected the credentials', data };
    if (this.lastError) return { status: 'degraded', detail: `last poll failed (${this.lastError.code})`, data };
    return { status: 'ok', detail: `${this.stats.polls} polls, ${this.open.size} replies awaiting acknowledgement`, data };
  }

  /** One look at Twilio's list: new inbound messages join `open`. Throws typed errors. */
  private async poll(): Promise<void> {
    const position = await this.loadPosition();
    const from = pollFrom(position);
    const outcome = await withExchange(() => this.client.messages.list({ to: this.options.number, dateSentAfter: new Date(from), pageSize: PAGE_SIZE }));
    this.stats.polls += 1;
    this.lastPollAt = this.context.clock.now();
    if (!('value' in outcome)) {
      this.stats.failedPolls += 1;
      this.lastError = mapTwilioError(outcome.error, 'list', outcome.exchange, this.context.clock.now());
      this.context.logger.debug({ err: `${this.lastError.code}: ${this.lastError.message}` }, 'twilio messages poll failed');
      throw this.lastError;
    }
    this.lastError = undefined;
    // Judge against the position as it is now: acks may have moved it while the request ran
    // (or this poll belongs to a stream that was aborted meanwhile).
    const current = this.position ?? position;
    const floor = pollFrom(current);
    for (const m of outcome.value) {
      if (m.direction !== 'inbound' || this.open.has(m.sid) || current.acked[m.sid] !== undefined) continue;
      const date = (m.dateSent ?? m.dateCreated)?.getTime();
      if (date === undefined || !Number.isFinite(date) || date < floor) continue;
      this.open.set(m.sid, {
        date,
        message: { id: m.sid, from: m.from, body: m.body ?? '', receivedAt: new Date(date).toISOString() },
      });
    }
  }

  /** Loads the stored position, or starts `lookbackMinutes` back (and stores that) on a first start. */
  private async loadPosition(): Promise<InboxPosition> {
    if (this.position) return this.position;
    const stored = await this.context.state.get<unknown>(this.stateKey);
    if (this.position) return this.position; // loaded concurrently
    if (isInboxPosition(stored)) {
      this.position = stored;
    } else {
      const lookbackMs = this.options.lookbackMinutes * 60_000;
      this.position = initialPosition(this.context.clock.now(), lookbackMs);
      this.context.logger.info({ since: new Date(this.position.since).toISOString() }, 'first start: reading replies from the look-back window');
      await this.persist();
    }
    return this.position;
  }

  /** Writes the current position; writes are chained so the last one wins. */
  private persist(): Promise<void> {
    this.persisting = this.persisting.catch(() => undefined).then(() => this.context.state.set(this.stateKey, this.position));
    return this.persisting;
  }

  /** Waits one poll interval; returns early on abort or stop. */
  private pause(signal: AbortSignal): Promise<void> {
    const ms = this.seams.pollIntervalMs ?? this.options.pollSeconds * 1000;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.wakers.add(done);
    });
  }

  private wake(): void {
    for (const waker of [...this.wakers]) waker();
  }
}

/**
 * Settles with true when `work` finishes, or false as soon as `signal` aborts (the request
 * then finishes in the background and its outcome is dropped). Errors of `work` are rethrown
 * unless the signal aborted first.
 */
async function untilAborted(work: Promise<void>, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return false;
  }
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<false>((resolve) => {
    onAbort = () => resolve(false);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work.then(() => true as const), aborted]);
  } catch (error) {
    if (signal.aborted) return false;
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort!);
    work.catch(() => undefined);
  }
}
