/**
 * A stand-in for Twilio's REST API (2010-04-01) that the official `twilio` library talks to
 * unchanged: point it here with the plugin option `apiBaseUrl` (or a client whose requests are
 * rebased). See README.md in this folder for the wire format it speaks.
 *
 * @example
 * const twilio = await startTwilioStandIn({ accounts: [{ sid: ACCOUNT_SID, authToken: 'secret' }] });
 * // … send through sms-twilio with apiBaseUrl: twilio.url …
 * expect(twilio.sent().map((m) => m.to)).to.deep.equal(['+61412345678']);
 * twilio.failNext(21610);                        // next send: recipient opted out
 * twilio.failNext('lost-answer');                // next send: carried out, then the connection drops
 * const held = twilio.hold();                     // next send: kept unanswered until held.release() / held.discard()
 * twilio.inbound({ from: '+61412345678', to: '+61480000000', body: 'YES' });
 * await twilio.close();
 */
import { CONTRACT_FAILURES, resolveFailure, type FailNextOptions, type StandInFailure } from './errors.js';
import type { HeldRequest, HoldOptions } from './holds.js';
import { MessageBook } from './message-book.js';
import type { StandInMessage } from './resources.js';
import { StandInServer, type RecordedRequest, type StandInAccount } from './server.js';
import { postStatusCallback, type StandInDeliveryStatus, type StatusCallbackOptions } from './status-callbacks.js';

export { twilioError, CONTRACT_FAILURES, type FailNextOptions, type FailureTarget, type StandInFailure, type TwilioErrorBody } from './errors.js';
export type { HeldRequest, HoldOptions } from './holds.js';
export { newSid, rfc2822, type StandInMessage } from './resources.js';
export type { RecordedRequest, StandInAccount } from './server.js';
export { statusCallbackForm, type StandInDeliveryStatus, type StatusCallbackOptions } from './status-callbacks.js';

/** Options of {@link startTwilioStandIn}. */
export interface TwilioStandInOptions {
  /** Accounts whose credentials are accepted; the first is the default for helpers. */
  accounts: StandInAccount[];
  /** Source of `date_created`/`date_sent` (epoch ms), e.g. a test's ManualClock. @default Date.now */
  now?: () => number;
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
}

/** A running stand-in. */
export interface TwilioStandIn {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234` (paths start `/2010-04-01/`). */
  readonly url: string;
  /** Outbound messages accepted through the API, oldest first (optionally of one account). */
  sent(accountSid?: string): StandInMessage[];
  /** Every message, both directions, oldest first. */
  messages(accountSid?: string): StandInMessage[];
  /**
   * A patient's text arriving at one of the account's numbers: it appears in the Messages
   * list (direction `inbound`, status `received`). A whole-message STOP (and Twilio's other
   * opt-out words) makes later sends to that number fail with 21610; START/YES/UNSTOP undo it.
   * @returns the stored message (its `sid` is the MessageSid an inbox reports).
   */
  inbound(message: { from: string; to: string; body: string; accountSid?: string; at?: number; sid?: string }): StandInMessage;
  /**
   * The carrier reports on outgoing message `sid`: its status (and `errorCode`) change in the
   * Messages resource, and, when it was sent with a StatusCallback, the callback is posted
   * there as Twilio posts it (form-encoded, signed). Call it again with the same or an earlier
   * status to imitate Twilio's repeats and out-of-order callbacks: the resource keeps the
   * latest call, as the callbacks do not say which came first.
   * @returns the HTTP status the callback got, or undefined when there was no StatusCallback.
   */
  deliveryReport(sid: string, status: StandInDeliveryStatus, options?: StatusCallbackOptions): Promise<number | undefined>;
  /** Makes the next matching request(s) fail; see {@link StandInFailure} and {@link FailNextOptions}. */
  failNext(failure: StandInFailure, options?: FailNextOptions): void;
  /**
   * Keeps the next matching request (a send by default) unanswered until the test calls
   * `release()` (handled as if it had just arrived, even when the client has gone meanwhile)
   * or `discard()` (connection closed, nothing done). For cutting a client off while its
   * request is in flight. Failures queued with `failNext` apply after the release.
   * @example const held = twilio.hold({ where: (r) => r.form.get('From') === '+61480000001' });
   */
  hold(options?: HoldOptions): HeldRequest;
  /** Every request received, oldest first (method, path, query, form, Basic-auth user). */
  requests(): RecordedRequest[];
  /** Closes the server and every open connection. Idempotent. */
  close(): Promise<void>;
}

/** Starts a stand-in on 127.0.0.1 and an ephemeral port. */
export async function startTwilioStandIn(options: TwilioStandInOptions): Promise<TwilioStandIn> {
  if (options.accounts.length === 0) throw new Error('twilio stand-in: give at least one account');
  const now = options.now ?? Date.now;
  const book = new MessageBook(now);
  const server = new StandInServer(options.accounts, book, now);
  const url = await server.listen(options.host ?? '127.0.0.1');
  const defaultAccount = options.accounts[0]!.sid;
  let closed: Promise<void> | undefined;
  return {
    url,
    sent: (accountSid) => book.messages(accountSid).filter((m) => m.direction === 'outbound-api'),
    messages: (accountSid) => book.messages(accountSid),
    inbound: (message) => book.receive({ ...message, accountSid: message.accountSid ?? defaultAccount }),
    async deliveryReport(sid, status, reportOptions = {}) {
      const message = book.messages().find((m) => m.sid === sid && m.direction === 'outbound-api');
      if (!message) throw new Error(`twilio stand-in: no outgoing message ${sid}`);
      message.status = status;
      message.errorCode = reportOptions.errorCode ?? null;
      message.dateUpdated = now();
      if (!message.statusCallback) return undefined;
      const account = options.accounts.find((a) => a.sid === message.accountSid)!;
      return postStatusCallback(message, status, account.authToken, reportOptions);
    },
    failNext: (failure, failOptions = {}) => {
      if (typeof failure === 'string' && !['drop', 'lost-answer', 'garbage'].includes(failure) && !(failure in CONTRACT_FAILURES)) {
        throw new Error(`twilio stand-in: unknown failure "${failure}"`);
      }
      server.failures.push({
        target: failOptions.on ?? 'send',
        remaining: Math.max(1, failOptions.times ?? 1),
        failure: resolveFailure(failure, failOptions.retryAfterSeconds),
      });
    },
    hold: (holdOptions) => server.holds.add(holdOptions),
    requests: () => [...server.requests],
    close: () => (closed ??= server.close()),
  };
}
