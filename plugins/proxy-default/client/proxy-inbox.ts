import { ConfigError, type Clock } from '@clinic-arrivals/plugin-kit';
import type { DeliveryStatusHandler, Inbox, IncomingMessage, JoinGate } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { PluginState } from '@clinic-arrivals/plugin-kit';
import type { HealthReport } from '@clinic-arrivals/plugin-kit';
import type { ProxyInboxOptions } from '../options.js';
import { AckQueue } from './ack-queue.js';
import { ConnectionTracker, reconnecting, type MessageSource } from './connection.js';
import { ProxyEndpoint } from './endpoint.js';
import { errorForFailure, errorForResponse } from './http.js';
import { LegacyJournal } from './legacy-journal.js';
import { LegacySource } from './legacy-source.js';
import { PollSource } from './poll-source.js';
import { ProxyJoinGate } from './proxy-join-gate.js';
import { RecentIds } from './recent-ids.js';
import { isRoutedHere, NUMBERS_KEY } from './routing.js';
import { StreamSource } from './stream-source.js';
import type { WireMessage } from './wire.js';

/** Plugin id, also the store namespace of the legacy journal. */
export const PROXY_DEFAULT_ID = 'proxy-default';
/** Acknowledged ids remembered to drop redeliveries. */
const REMEMBERED_ACKS = 5000;
/** A legacy reply handed out and not acknowledged is handed out again after this long (as a v1 lease would). */
const LEGACY_REDELIVER_MS = 60_000;
/** An id no message has: acknowledging it is the client API's one authenticated call without side effects. */
const START_CHECK_ID = 'clinic-arrivals-start-check';

/** A delivery status callback (Twilio's MessageStatus of an outgoing text), surfaced apart from replies. */
export interface DeliveryStatus {
  /** The outgoing message's MessageSid. */
  messageSid: string;
  status: string;
  errorCode?: string;
  receivedAt: string;
}

/** Test seams. */
export interface ProxyInboxSeams {
  /** Overrides `timeouts.streamIdleSeconds` (tests use milliseconds). */
  streamIdleMs?: number;
}

/**
 * The reply proxy's client: holds a stream (or long polls) open to the proxy as an outbound
 * connection, reconnects with backoff, hands SMS replies to the host and acknowledges each
 * only when the host calls `ack` (after handling and storing it). Delivery status callbacks
 * go to the host's delivery status handler and are acknowledged once it has stored them
 * (without a handler: at once, counted). Acknowledged ids are remembered (bounded) so a
 * redelivery is dropped and acknowledged again.
 */
export class ProxyInbox implements Inbox {
  private readonly endpoint: ProxyEndpoint;
  private readonly connection: ConnectionTracker;
  private readonly acks: AckQueue;
  private readonly acked = new RecentIds(REMEMBERED_ACKS);
  /** With `numbers`: the ids handed to the host, the only ones it may acknowledge (see ack). */
  private readonly delivered: RecentIds | undefined;
  /** With `numbers`: the clinic's numbers, checked against every message the proxy sends. */
  private readonly numbers: ReadonlySet<string> | undefined;
  private readonly journal: LegacyJournal | undefined;
  private readonly source: MessageSource;
  private readonly statusListeners = new Set<(status: DeliveryStatus) => void>();
  private statusHandler: DeliveryStatusHandler | undefined;
  private stopController = new AbortController();
  private readonly counts = {
    messagesReceived: 0,
    duplicatesDropped: 0,
    statusCallbacks: 0,
    statusesNotStored: 0,
    malformed: 0,
    /** Messages for numbers this client did not name: a proxy that does not route by number. */
    otherNumbers: 0,
    /** Acknowledgements of ids this client never handed out, not sent (with `numbers`). */
    acksRefused: 0,
  };
  private readonly statusCounts: Record<string, number> = Object.create(null);
  private lastMessageAt: number | undefined;
  /** The proxy's join gate (`/verify`), for `video.verifyJoin`; v1 only (legacy proxies have none). */
  readonly joinGate?: JoinGate;

  constructor(
    private readonly options: Readonly<ProxyInboxOptions>,
    private readonly context: { logger: Logger; clock: Clock; state: PluginState },
    seams: ProxyInboxSeams = {},
  ) {
    const { logger, clock, state } = context;
    if (options.numbers && options.protocol === 'legacy') {
      throw new ConfigError(`${NUMBERS_KEY}: the legacy endpoint cannot route by number; use protocol v1 with numbers`, NUMBERS_KEY);
    }
    if (options.numbers) {
      this.numbers = new Set(options.numbers);
      this.delivered = new RecentIds(REMEMBERED_ACKS);
    }
    this.endpoint = new ProxyEndpoint(options.url, options.accountSid, options.clientKey);
    this.connection = new ConnectionTracker(clock, logger);
    this.acks = new AckQueue(
      (ids) => this.postAck(ids),
      options.reconnect,
      (error, pending) => logger.warn({ err: String((error as Error)?.message ?? error), pending }, 'acknowledgement did not reach the reply proxy; retrying'),
    );
    const onMalformed = (count = 1) => {
      this.counts.malformed += count;
      logger.warn({ count }, 'reply proxy sent messages this client cannot read; skipped');
    };
    if (options.protocol !== 'legacy') this.joinGate = new ProxyJoinGate(this.endpoint, options.timeouts.requestSeconds * 1000);
    if (options.protocol === 'legacy') {
      this.journal = new LegacyJournal(state, `legacy-unacked:${options.accountSid}`, logger);
      this.source = new LegacySource(this.endpoint, this.journal, {
        intervalMs: options.legacyPollSeconds * 1000,
        requestTimeoutMs: options.timeouts.requestSeconds * 1000,
        redeliverMs: LEGACY_REDELIVER_MS,
        clock,
        onMalformed,
      });
    } else if (options.transport === 'poll') {
      this.source = new PollSource(this.endpoint, {
        waitSeconds: options.pollWaitSeconds,
        requestTimeoutMs: options.timeouts.requestSeconds * 1000,
        onMalformed,
        numbers: options.numbers,
      });
    } else {
      this.source = new StreamSource(this.endpoint, {
        connectTimeoutMs: options.timeouts.connectSeconds * 1000,
        idleTimeoutMs: seams.streamIdleMs ?? options.timeouts.streamIdleSeconds * 1000,
        onMalformed: () => onMalformed(1),
        numbers: options.numbers,
      });
    }
  }

  /**
   * Checks that the proxy answers and accepts this client: 401/403 → AuthError, no such
   * endpoint → ConfigError, unreachable or 5xx → NotReadyError (the host retries).
   * Legacy: one fetch, whose messages go to the journal.
   */
  async start(): Promise<void> {
    if (this.stopController.signal.aborted) this.stopController = new AbortController();
    this.acks.reopen();
    const signal = this.stopController.signal;
    try {
      if (this.source instanceof LegacySource) await this.source.fetchOnce(signal);
      else await this.postAck([START_CHECK_ID]);
    } catch (error) {
      this.connection.failed(error);
      throw error;
    }
    this.context.logger.info(
      { url: this.endpoint.baseUrl, protocol: this.options.protocol, transport: this.transportName() },
      'reply proxy accepted this client',
    );
  }

  /** Ends every stream and request, after a last try at queued acknowledgements. Idempotent. */
  async stop(): Promise<void> {
    this.stopController.abort();
    this.connection.stopped();
    await this.acks.close();
    await this.journal?.settle();
  }

  /**
   * Replies as they reach the proxy, over one connection at a time (reopened with backoff).
   * Ends when `signal` aborts or the plugin stops; throws only AuthError / ConfigError.
   */
  async *messages(signal: AbortSignal): AsyncGenerator<IncomingMessage> {
    if (signal.aborted || this.stopController.signal.aborted) return;
    const linked = AbortSignal.any([signal, this.stopController.signal]);
    if (this.source instanceof LegacySource) this.source.restart();
    const batches = reconnecting(this.source, linked, this.connection, this.options.reconnect);
    for await (const batch of batches) {
      const seen = new Set<string>();
      for (const message of batch) {
        if (linked.aborted) return;
        if (seen.has(message.id)) continue;
        seen.add(message.id);
        if (!isRoutedHere(message, this.numbers)) {
          this.otherNumber();
          continue;
        }
        this.delivered?.add(message.id);
        if (message.kind === 'status' && this.statusHandler) {
          await this.passStatus(message, this.statusHandler);
          continue;
        }
        const incoming = this.accept(message);
        if (incoming) yield incoming;
      }
    }
  }

  /**
   * Tells the proxy the host has handled and stored `id` (legacy: drops it from the journal).
   * Resolves once the acknowledgement was tried; one that failed is retried in the background.
   */
  async ack(id: string): Promise<void> {
    if (this.acked.has(id)) return;
    // On an account shared by several clinics, an id this client never handed out may be
    // another clinic's: acknowledging it would delete that clinic's reply.
    if (this.delivered && !this.delivered.has(id)) {
      this.counts.acksRefused += 1;
      this.context.logger.warn({ messageId: id }, "not acknowledging an id this client never received (it may be another clinic's reply)");
      return;
    }
    this.acked.add(id);
    if (this.journal) await this.journal.remove(id);
    else await this.acks.add(id);
  }

  /** The host's delivery status handler: status callbacks are acknowledged only once it has stored them. */
  setDeliveryStatusHandler(handler: DeliveryStatusHandler): void {
    this.statusHandler = handler;
  }

  /** Calls `listener` for every delivery status callback the proxy passes on. Returns the unsubscribe function. */
  onDeliveryStatus(listener: (status: DeliveryStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  health(): HealthReport {
    const acks = this.acks.stats();
    const { state, lastError, connectedSince, reconnects } = this.connection;
    const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
    const data: Record<string, unknown> = {
      protocol: this.options.protocol,
      transport: this.transportName(),
      state,
      connectedSince: iso(connectedSince),
      reconnects,
      ...this.counts,
      deliveryStatuses: { ...this.statusCounts },
      lastMessageAt: iso(this.lastMessageAt),
      acksSent: acks.sent,
      acksPending: acks.pending,
      lastErrorCode: lastError?.code,
      lastError: lastError?.message,
      lastErrorAt: iso(lastError?.at),
    };
    if (this.connection.isFatal) return { status: 'down', detail: `the reply proxy refused this client (${lastError?.code})`, data };
    if (this.counts.otherNumbers > 0) {
      return {
        status: 'degraded',
        detail: `the reply proxy sent ${this.counts.otherNumbers} messages for other numbers (left for their clinics); upgrade the proxy so it routes by number`,
        data,
      };
    }
    if (state === 'reconnecting') return { status: 'degraded', detail: `reconnecting to the reply proxy (${lastError?.code})`, data };
    if (acks.pending > 0 && acks.lastError) return { status: 'degraded', detail: `${acks.pending} acknowledgements waiting to reach the reply proxy`, data };
    const detail =
      state === 'connected' ? `connected; ${this.counts.messagesReceived} replies received` : `${state}; ${this.counts.messagesReceived} replies received`;
    return { status: 'ok', detail, data };
  }

  /** Status callbacks are consumed here; replies pass unless already acknowledged. */
  private accept(message: WireMessage): IncomingMessage | undefined {
    if (message.kind === 'status') {
      this.counts.statusCallbacks += 1;
      const status = message.status ?? 'unknown';
      this.statusCounts[status] = (this.statusCounts[status] ?? 0) + 1;
      this.notifyStatus({ messageSid: message.messageSid, status, errorCode: message.errorCode, receivedAt: message.receivedAt });
      this.acked.add(message.id);
      void this.acks.add(message.id);
      return undefined;
    }
    if (this.acked.has(message.id)) {
      // Its ack was lost or late: drop it and tell the proxy again.
      this.counts.duplicatesDropped += 1;
      if (this.journal) void this.journal.remove(message.id);
      else void this.acks.add(message.id);
      return undefined;
    }
    this.counts.messagesReceived += 1;
    this.lastMessageAt = this.context.clock.now();
    return { id: message.id, from: message.from, body: message.body, receivedAt: message.receivedAt };
  }

  /**
   * Hands a status callback to the host and acknowledges it once stored. One the host could not
   * store stays unacknowledged: the proxy hands it out again when its lease ends.
   */
  private async passStatus(message: WireMessage, handler: DeliveryStatusHandler): Promise<void> {
    if (this.acked.has(message.id)) {
      this.counts.duplicatesDropped += 1;
      void this.acks.add(message.id);
      return;
    }
    this.counts.statusCallbacks += 1;
    const status = message.status ?? 'unknown';
    this.statusCounts[status] = (this.statusCounts[status] ?? 0) + 1;
    const report: DeliveryStatus = { messageSid: message.messageSid, status, errorCode: message.errorCode, receivedAt: message.receivedAt };
    this.notifyStatus(report);
    try {
      await handler({ id: message.id, providerId: report.messageSid, status, errorCode: report.errorCode, at: report.receivedAt });
    } catch (error) {
      this.counts.statusesNotStored += 1;
      this.context.logger.warn(
        { reportId: message.id, err: String((error as Error)?.message ?? error) },
        'delivery status not stored; the reply proxy hands it out again',
      );
      return;
    }
    this.acked.add(message.id);
    void this.acks.add(message.id);
  }

  /**
   * A message for a number this client did not name: an older proxy ignored `to`. Left
   * unacknowledged, so the proxy hands it to its own clinic's client once the lease ends.
   */
  private otherNumber(): void {
    this.counts.otherNumbers += 1;
    if (this.counts.otherNumbers === 1 || this.counts.otherNumbers % 100 === 0) {
      this.context.logger.warn(
        { count: this.counts.otherNumbers },
        'the reply proxy sent messages for numbers this clinic did not name; skipped (the proxy may not route by number yet)',
      );
    }
  }

  private notifyStatus(status: DeliveryStatus): void {
    for (const listener of [...this.statusListeners]) {
      try {
        listener(status);
      } catch (error) {
        this.context.logger.warn({ err: String((error as Error)?.message ?? error) }, 'delivery status listener failed');
      }
    }
  }

  /** `POST /v1/inbox/ack`; throws typed errors. Not tied to stop(), so the last acks still go out. */
  private async postAck(ids: string[]): Promise<void> {
    const label = { what: 'ack' };
    const notStopped = new AbortController().signal;
    try {
      const response = await fetch(this.endpoint.url('/v1/inbox/ack'), {
        method: 'POST',
        headers: { ...this.endpoint.authorization(), 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ ids }),
        signal: AbortSignal.timeout(this.options.timeouts.requestSeconds * 1000),
      });
      if (!response.ok) throw await errorForResponse(response, label);
      await response.body?.cancel().catch(() => undefined);
    } catch (error) {
      throw errorForFailure(error, label, notStopped);
    }
  }

  private transportName(): string {
    return this.options.protocol === 'legacy' ? 'legacy-poll' : this.options.transport;
  }
}
