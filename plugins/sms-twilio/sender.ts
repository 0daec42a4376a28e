import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { MessageSender, OutgoingMessage, SendReceipt, SentMessageMatch, SentMessageQuery } from '@clinic-arrivals/plugin-kit';
import type { HealthReport, PluginHealthReporter } from '@clinic-arrivals/plugin-kit';
import { classify, ClinicArrivalsError, CODES, RateLimitedError, UnavailableError } from '@clinic-arrivals/plugin-kit';
import { abortableSleep, withRetry } from '@clinic-arrivals/plugin-kit';
import { checkTwilioAccount } from './account-check.js';
import { mapTwilioError, type TwilioOperation } from './error-mapping.js';
import type { SmsTwilioOptions } from './options.js';
import { findSentMessages } from './sent-lookup.js';
import { createTwilioClient, withExchange, type TwilioClient } from './twilio-client.js';

/** Test seams: how to wait between retries, and the jitter source. */
export interface TwilioSenderSeams {
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

/** A send that Twilio refused or could not take, kept for the health report (no PHI). */
interface LastFailure {
  code: string;
  twilioCode?: number;
  at: number;
}

/**
 * Sends SMS through Twilio's Messages API with the official library.
 *
 * Failures become the host's typed errors (see error-mapping.ts). When Twilio answers 5xx or
 * cannot be reached before the request left, the send is retried a few times here; a dropped
 * connection or garbled answer is not, because Twilio may already have accepted the message
 * and a second request would text the patient twice.
 */
export class TwilioMessageSender implements MessageSender {
  private readonly client: TwilioClient;
  private readonly counts = { sent: 0, failed: 0, retried: 0 };
  private lastFailure: LastFailure | undefined;
  private credentialsRejected = false;
  private stopped = false;

  constructor(
    private readonly options: Readonly<SmsTwilioOptions>,
    /** `health` hears the sender's own retries, so a send that worked only on a later try still shows. */
    private readonly context: { logger: Logger; clock: Clock; health?: PluginHealthReporter },
    private readonly seams: TwilioSenderSeams = {},
  ) {
    this.client = createTwilioClient(options);
  }

  /** Checks the credentials by fetching the Account resource. AuthError when rejected, NotReadyError when unreachable. */
  async verify(): Promise<void> {
    this.stopped = false;
    try {
      const accountStatus = await checkTwilioAccount(this.client, this.options.accountSid, () => this.context.clock.now());
      this.credentialsRejected = false;
      this.context.logger.info({ accountStatus }, 'twilio credentials accepted');
    } catch (error) {
      throw this.record(error as ClinicArrivalsError, false);
    }
  }

  async send(message: OutgoingMessage): Promise<SendReceipt> {
    if (this.stopped) throw new UnavailableError('sms-twilio is stopped');
    const { retries, retryMinDelayMs, retryMaxDelayMs } = this.options;
    // withRetry retries kind not-ready (never outcome-unknown); a rate limit goes back to the
    // host, which knows the whole outbox, so it is passed through as a value and rethrown below.
    let passThrough: ClinicArrivalsError | undefined;
    try {
      const receipt = await withRetry(
        async () => {
          try {
            return await this.sendOnce(message);
          } catch (error) {
            if (error instanceof RateLimitedError) {
              passThrough = error;
              return undefined;
            }
            throw error;
          }
        },
        {
          retries,
          minDelayMs: retryMinDelayMs,
          maxDelayMs: retryMaxDelayMs,
          sleep: this.seams.sleep ?? abortableSleep,
          random: this.seams.random,
          onRetry: (error, attempt, delayMs) => {
            this.counts.retried += 1;
            const code = classify(error).code ?? CODES.UNAVAILABLE;
            // The message is ours (never Twilio's text): see error-mapping.ts.
            this.context.logger.warn({ code, attempt, delayMs }, 'twilio unavailable; retrying the send');
            this.context.health?.retried(code, (error as Error).message);
          },
        },
      );
      if (receipt) {
        this.counts.sent += 1;
        return receipt;
      }
      throw passThrough!;
    } catch (error) {
      throw this.record(error instanceof ClinicArrivalsError ? error : mapTwilioError(error, 'send'));
    }
  }

  /**
   * Looks in Twilio's Messages list for our texts to `query.to` in the window with exactly
   * this text (see sent-lookup.ts), so the host can settle a send whose answer was lost.
   * (Twilio also reports delivery to `statusCallback`: that reaches the host through the reply proxy.)
   * Throws typed errors when Twilio cannot be asked; not counted as failed sends.
   */
  async findSent(query: SentMessageQuery): Promise<SentMessageMatch[] | 'cannot-tell'> {
    if (this.stopped) throw new UnavailableError('sms-twilio is stopped');
    return findSentMessages(this.client, this.options, query, () => this.context.clock.now());
  }

  /** Idempotent. Later sends fail with UnavailableError. */
  async close(): Promise<void> {
    this.stopped = true;
  }

  health(): HealthReport {
    const data: Record<string, unknown> = { ...this.counts, lastErrorCode: this.lastFailure?.code, lastTwilioErrorCode: this.lastFailure?.twilioCode };
    if (this.lastFailure) data.lastErrorAt = new Date(this.lastFailure.at).toISOString();
    if (this.credentialsRejected) return { status: 'down', detail: 'Twilio rejected the credentials', data };
    if (this.lastFailure?.code === CODES.UNAVAILABLE || this.lastFailure?.code === CODES.RATE_LIMITED) {
      return { status: 'degraded', detail: `last send failed (${this.lastFailure.code})`, data };
    }
    return { status: 'ok', detail: `${this.counts.sent} sent, ${this.counts.failed} failed`, data };
  }

  private async sendOnce(message: OutgoingMessage): Promise<SendReceipt> {
    const { from, messagingServiceSid, statusCallback } = this.options;
    const params = {
      to: message.to,
      body: message.body,
      ...(messagingServiceSid ? { messagingServiceSid } : { from: from! }),
      ...(statusCallback ? { statusCallback } : {}),
    };
    const outcome = await withExchange(() => this.client.messages.create(params));
    if ('value' in outcome) return { providerId: outcome.value.sid };
    throw mapTwilioError(outcome.error, 'send' satisfies TwilioOperation, outcome.exchange, this.context.clock.now());
  }

  private record<E extends ClinicArrivalsError>(error: E, isSend = true): E {
    if (isSend) this.counts.failed += 1;
    const cause = error.cause as { code?: unknown } | undefined;
    this.lastFailure = { code: error.code, twilioCode: typeof cause?.code === 'number' ? cause.code : undefined, at: this.context.clock.now() };
    const { kind } = classify(error);
    if (kind === 'auth') this.credentialsRejected = true;
    if (kind === 'auth' || kind === 'config') {
      this.context.logger.error({ err: `${error.code}: ${error.message}` }, 'twilio refused the request');
    }
    return error;
  }
}
