import { randomBytes } from 'node:crypto';
import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { MessageSender, OutgoingMessage, SendReceipt, SentMessageMatch, SentMessageQuery } from '@clinic-arrivals/plugin-kit';
import type { HealthReport } from '@clinic-arrivals/plugin-kit';
import { AuthError, InvalidNumberError, OptedOutError, RateLimitedError, UnavailableError, type ClinicArrivalsError } from '@clinic-arrivals/plugin-kit';

/**
 * Failure kinds {@link SmsSimulator.failNext} can inject: the typed errors of the contract, and
 * `lost-answer` (the text is recorded as sent, but the send rejects with an outcome-unknown
 * UnavailableError, as when the connection drops after the provider took the message).
 */
export type SimulatedSendFailure = 'invalid-number' | 'opted-out' | 'rate-limited' | 'auth' | 'unavailable' | 'lost-answer';

/** One text the simulator accepted. */
export interface SimulatedText {
  providerId: string;
  to: string;
  body: string;
  at: number;
}

// E.164: a plus, a non-zero digit, up to 15 digits in all.
const E164 = /^\+[1-9]\d{6,14}$/;

const FAILURES: Record<Exclude<SimulatedSendFailure, 'lost-answer'>, () => ClinicArrivalsError> = {
  'invalid-number': () => new InvalidNumberError('sms-simulator: the destination is not a textable number (simulated)'),
  'opted-out': () => new OptedOutError('sms-simulator: the recipient has opted out (simulated)'),
  'rate-limited': () => new RateLimitedError('sms-simulator: too many requests (simulated)', { retryAfterMs: 1000 }),
  auth: () => new AuthError('sms-simulator: credentials rejected (simulated)'),
  unavailable: () => new UnavailableError('sms-simulator: provider unavailable (simulated)'),
};

/**
 * An SMS provider that keeps texts in memory and (optionally) prints them: a {@link MessageSender}
 * for the host, with what was sent for its API routes (routes.ts) and tests.
 */
export class SmsSimulator implements MessageSender {
  private readonly texts: SimulatedText[] = [];
  private readonly failures: SimulatedSendFailure[] = [];
  /** Texts are kept in memory from here on: earlier ones are beyond its knowledge. */
  private readonly startedAt: number;

  /** @param print where the simulator's display goes; `undefined` prints nothing. */
  constructor(
    private readonly clock: Clock,
    private readonly print?: (line: string) => void,
  ) {
    this.startedAt = clock.now();
  }

  async send(message: OutgoingMessage): Promise<SendReceipt> {
    const failure = this.failures.shift();
    if (failure && failure !== 'lost-answer') throw FAILURES[failure]();
    if (!E164.test(message.to)) throw new InvalidNumberError('sms-simulator: destination is not in E.164 format');
    const text: SimulatedText = { providerId: newProviderId(), to: message.to, body: message.body, at: this.clock.now() };
    this.texts.push(text);
    this.print?.(`[sms-simulator] to ${text.to} : ${text.body}\n`);
    if (failure === 'lost-answer') {
      throw new UnavailableError('sms-simulator: the answer was lost after the text was taken (simulated)', { outcomeUnknown: true });
    }
    return { providerId: text.providerId };
  }

  /**
   * The texts it took for `to` between `after` and `before` with exactly this text (all
   * delivered: nothing fails after it took them). When there is none and the window starts
   * before this simulator did, it cannot tell: texts of an earlier run are forgotten.
   */
  async findSent(query: SentMessageQuery): Promise<SentMessageMatch[] | 'cannot-tell'> {
    const found = this.texts
      .filter((t) => t.to === query.to && t.body === query.body && t.at >= query.after && t.at <= query.before)
      .map((t): SentMessageMatch => ({ providerId: t.providerId, state: 'delivered', providerStatus: 'delivered' }));
    return found.length === 0 && query.after < this.startedAt ? 'cannot-tell' : found;
  }

  async sent(): Promise<SimulatedText[]> {
    return this.texts.map((t) => ({ ...t }));
  }

  /** Queues a failure: the next send (one per call) throws the matching typed error. */
  failNext(kind: SimulatedSendFailure): void {
    if (!(kind in FAILURES) && kind !== 'lost-answer') throw new RangeError(`sms-simulator: unknown failure kind "${String(kind)}"`);
    this.failures.push(kind);
  }

  health(): HealthReport {
    return { status: 'ok', detail: `${this.texts.length} simulated texts sent`, data: { sent: this.texts.length } };
  }
}

/** `SMsim` + 32 hex digits: shaped like a Twilio MessageSid, and obviously simulated. */
function newProviderId(): string {
  return `SMsim${randomBytes(16).toString('hex')}`;
}
