import { randomBytes } from 'node:crypto';
import type { Clock } from '../../core/contracts/clock.js';
import type { MessageSender, OutgoingMessage, SendReceipt } from '../../core/contracts/message-sender.js';
import type { HealthReport } from '../../core/plugin/define-plugin.js';
import {
  AuthError,
  InvalidNumberError,
  OptedOutError,
  RateLimitedError,
  UnavailableError,
  type ClinicArrivalsError,
} from '../../core/plugin/errors.js';
import type { SimulatedSms } from '../../core/plugin/simulators.js';

/** Failure kinds {@link SmsSimulator.failNext} can inject. */
export type SimulatedSendFailure = Parameters<SimulatedSms['failNext']>[0];

/** One text the simulator accepted. */
export interface SimulatedText {
  providerId: string;
  to: string;
  body: string;
  at: number;
}

// E.164: a plus, a non-zero digit, up to 15 digits in all.
const E164 = /^\+[1-9]\d{6,14}$/;

const FAILURES: Record<SimulatedSendFailure, () => ClinicArrivalsError> = {
  'invalid-number': () => new InvalidNumberError('sms-simulator: the destination is not a textable number (simulated)'),
  'opted-out': () => new OptedOutError('sms-simulator: the recipient has opted out (simulated)'),
  'rate-limited': () => new RateLimitedError('sms-simulator: too many requests (simulated)', { retryAfterMs: 1000 }),
  auth: () => new AuthError('sms-simulator: credentials rejected (simulated)'),
  unavailable: () => new UnavailableError('sms-simulator: provider unavailable (simulated)'),
};

/**
 * An SMS provider that keeps texts in memory and (optionally) prints them: a {@link MessageSender}
 * for the host and a {@link SimulatedSms} for the local API and tests.
 */
export class SmsSimulator implements MessageSender, SimulatedSms {
  readonly simulator = 'sms' as const;
  private readonly texts: SimulatedText[] = [];
  private readonly failures: SimulatedSendFailure[] = [];

  /** @param print where the simulator's display goes; `undefined` prints nothing. */
  constructor(
    private readonly clock: Clock,
    private readonly print?: (line: string) => void,
  ) {}

  async send(message: OutgoingMessage): Promise<SendReceipt> {
    const failure = this.failures.shift();
    if (failure) throw FAILURES[failure]();
    if (!E164.test(message.to)) throw new InvalidNumberError('sms-simulator: destination is not in E.164 format');
    const text: SimulatedText = { providerId: newProviderId(), to: message.to, body: message.body, at: this.clock.now() };
    this.texts.push(text);
    this.print?.(`[sms-simulator] to ${text.to} : ${text.body}\n`);
    return { providerId: text.providerId };
  }

  async sent(): Promise<SimulatedText[]> {
    return this.texts.map((t) => ({ ...t }));
  }

  /** Queues a failure: the next send (one per call) throws the matching typed error. */
  failNext(kind: SimulatedSendFailure): void {
    if (!(kind in FAILURES)) throw new RangeError(`sms-simulator: unknown failure kind "${String(kind)}"`);
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
