import { expect } from 'chai';
import type { MessageSender } from '../contracts/message-sender.js';
import {
  AuthError,
  ClinicArrivalsError,
  InvalidNumberError,
  OptedOutError,
  RateLimitedError,
  UnavailableError,
} from '../plugin/errors.js';
import { expectRejection } from './expect-rejection.js';
import { harnessPerTest } from './harness-per-test.js';

/** Failure kinds a sender's remote can be told to produce for its next send. */
export type SendFailureKind = 'invalid-number' | 'opted-out' | 'rate-limited' | 'auth' | 'unavailable';

/** A message as the remote (provider, stand-in, simulator) recorded it. */
export interface RecordedMessage {
  to: string;
  body: string;
  providerId?: string;
}

/** What a message-sender plugin's test hands the contract suite, fresh for every test. */
export interface MessageSenderHarness {
  sender: MessageSender;
  /** Messages the remote accepted, oldest first. */
  sent(): Promise<RecordedMessage[]>;
  /** Make the remote fail the next send with this kind of error. Required for `errorMapping`. */
  failNext?(kind: SendFailureKind): void | Promise<void>;
  teardown?(): Promise<void>;
}

export interface MessageSenderContractOptions {
  /** Shown in the suite title, e.g. `sms-twilio`. */
  name: string;
  setup: () => Promise<MessageSenderHarness>;
  /** `errorMapping`: provider failures map onto the typed errors (needs `failNext`). */
  capabilities?: string[];
}

/** The typed error and retry flag each failure kind must produce. */
export const EXPECTED_SEND_ERRORS: Record<SendFailureKind, { type: abstract new (...args: never[]) => ClinicArrivalsError; code: string; retryable: boolean }> = {
  'invalid-number': { type: InvalidNumberError, code: 'CA_ERR_INVALID_NUMBER', retryable: false },
  'opted-out': { type: OptedOutError, code: 'CA_ERR_OPTED_OUT', retryable: false },
  'rate-limited': { type: RateLimitedError, code: 'CA_ERR_RATE_LIMITED', retryable: true },
  auth: { type: AuthError, code: 'CA_ERR_AUTH', retryable: false },
  unavailable: { type: UnavailableError, code: 'CA_ERR_UNAVAILABLE', retryable: true },
};

/**
 * The shared suite every message sender (SMS plugin) must pass.
 *
 * @example
 * describeMessageSenderContract({
 *   name: 'sms-twilio',
 *   setup: async () => ({ sender, sent: () => standIn.sent(), failNext: (k) => standIn.failNext(k) }),
 *   capabilities: ['errorMapping'],
 * });
 */
export function describeMessageSenderContract(options: MessageSenderContractOptions): void {
  const capabilities = new Set(options.capabilities ?? []);

  describe(`MessageSender contract: ${options.name}`, function () {
    const h = harnessPerTest(options.setup);

    it('delivers the exact destination and text, and returns the id the remote recorded', async function () {
      const message = { to: '+61412345678', body: 'Hi Sam, reply YES for a video consult or NO to come in.' };
      const receipt = await h().sender.send(message);
      expect(receipt.providerId).to.be.a('string').and.not.be.empty;
      const sent = await h().sent();
      expect(sent).to.have.length(1);
      expect(sent[0]!.to).to.equal(message.to);
      expect(sent[0]!.body).to.equal(message.body);
      if (sent[0]!.providerId !== undefined) expect(sent[0]!.providerId).to.equal(receipt.providerId);
    });

    it('gives every message its own provider id, in order', async function () {
      const messages = [
        { to: '+61412000001', body: 'first' },
        { to: '+61412000002', body: 'second' },
        { to: '+61412000001', body: 'third' },
      ];
      const ids: string[] = [];
      for (const m of messages) ids.push((await h().sender.send(m)).providerId);
      expect(new Set(ids).size, 'distinct provider ids').to.equal(messages.length);
      const sent = await h().sent();
      expect(sent.map((m) => ({ to: m.to, body: m.body }))).to.deep.equal(messages);
    });

    it('keeps a unicode body intact', async function () {
      const body = 'Kia ora Zoë 👋 — Dr Ōtaki is ready: room 7 (診察室) ✔︎\nSee you soon.';
      await h().sender.send({ to: '+61412345678', body });
      const sent = await h().sent();
      expect(sent.at(-1)?.body).to.equal(body);
    });

    for (const [kind, expected] of Object.entries(EXPECTED_SEND_ERRORS) as Array<[SendFailureKind, (typeof EXPECTED_SEND_ERRORS)[SendFailureKind]]>) {
      it(`maps a provider "${kind}" failure to ${expected.type.name} (retryable: ${expected.retryable})`, async function () {
        if (!capabilities.has('errorMapping')) this.skip();
        const failNext = h().failNext;
        if (!failNext) throw new Error(`${options.name}: capability errorMapping needs failNext() in the harness`);
        await failNext.call(h(), kind);
        const error = await expectRejection(() => h().sender.send({ to: '+61412345678', body: `fail ${kind}` }), expected.type);
        expect(error.code).to.equal(expected.code);
        expect(error.retryable).to.equal(expected.retryable);
        expect((await h().sent()).map((m) => m.body), 'a failed send is not recorded as sent').to.not.include(`fail ${kind}`);

        // The failure applies to one send only.
        const receipt = await h().sender.send({ to: '+61412345678', body: 'after the failure' });
        expect(receipt.providerId).to.be.a('string').and.not.be.empty;
      });
    }
  });
}
