import { expect } from 'chai';
import type { MessageSender, SentMessageMatch, SentMessageQuery } from '../contracts/message-sender.js';
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
  /**
   * Make the remote take the next message but lose its answer (the connection drops after the
   * provider stored it), so `send` rejects with an outcome-unknown `UnavailableError`.
   * Used by `findSent` when given.
   */
  loseNextAnswer?(): void | Promise<void>;
  /** The time the remote stamps messages with (epoch ms), for `findSent` windows. @default Date.now */
  now?(): number;
  teardown?(): Promise<void>;
}

export interface MessageSenderContractOptions {
  /** Shown in the suite title, e.g. `sms-twilio`. */
  name: string;
  setup: () => Promise<MessageSenderHarness>;
  /**
   * `errorMapping`: provider failures map onto the typed errors (needs `failNext`).
   * `findSent`: the sender implements `findSent` (a failed send is looked for when `failNext`
   * is given, a lost answer when `loseNextAnswer` is).
   */
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

    describe('findSent', function () {
      const MINUTE = 60_000;
      const ALEX = '+61412345678';
      const now = () => h().now?.() ?? Date.now();
      const window = (start: number) => ({ after: start - MINUTE, before: now() + MINUTE });
      const findSent = (query: SentMessageQuery) => {
        const find = h().sender.findSent;
        if (!find) throw new Error(`${options.name}: capability findSent needs sender.findSent`);
        return find.call(h().sender, query);
      };

      beforeEach(function () {
        if (!capabilities.has('findSent')) this.skip();
      });

      it('finds a message it sent by destination, time and exact text, and nothing else', async function () {
        const start = now();
        const first = await h().sender.send({ to: ALEX, body: 'Hi Alex, reply YES for video.' });
        await h().sender.send({ to: ALEX, body: 'Hi Alex, Dr Lee is ready.' });
        await h().sender.send({ to: '+61412000002', body: 'Hi Alex, reply YES for video.' });

        const found = await findSent({ to: ALEX, ...window(start), body: 'Hi Alex, reply YES for video.' });
        expect(found).to.be.an('array').with.length(1);
        const [match] = found as SentMessageMatch[];
        expect(match!.providerId).to.equal(first.providerId);
        expect(match!.state).to.be.oneOf(['accepted', 'sent', 'delivered']);

        expect(await findSent({ to: ALEX, ...window(start), body: 'Hi Alex, never sent.' })).to.deep.equal([]);
        expect(await findSent({ to: '+61412000009', ...window(start), body: 'Hi Alex, reply YES for video.' })).to.deep.equal([]);
        expect(await findSent({ to: ALEX, after: start - 10 * MINUTE, before: start - 5 * MINUTE, body: 'Hi Alex, reply YES for video.' }), 'outside the window').to.deep.equal([]);
      });

      it('finds the message whose answer was lost (the provider has it)', async function () {
        const lose = h().loseNextAnswer;
        if (!lose) this.skip();
        const start = now();
        await lose.call(h());
        const error = await expectRejection(() => h().sender.send({ to: ALEX, body: 'answer lost' }), UnavailableError);
        expect(error.outcomeUnknown, 'a lost answer is outcome-unknown').to.equal(true);
        const recorded = (await h().sent()).find((m) => m.body === 'answer lost');
        expect(recorded, 'the remote has it').to.not.equal(undefined);

        const found = await findSent({ to: ALEX, ...window(start), body: 'answer lost' });
        expect(found).to.be.an('array').with.length(1);
        if (recorded!.providerId !== undefined) expect((found as SentMessageMatch[])[0]!.providerId).to.equal(recorded!.providerId);
      });

      it('finds nothing for a message the provider never took', async function () {
        const failNext = h().failNext;
        if (!failNext) this.skip();
        const start = now();
        await failNext.call(h(), 'invalid-number');
        await expectRejection(() => h().sender.send({ to: ALEX, body: 'refused' }), InvalidNumberError);
        expect(await findSent({ to: ALEX, ...window(start), body: 'refused' })).to.deep.equal([]);
      });
    });
  });
}
