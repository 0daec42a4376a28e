import assert from 'node:assert/strict';
import type { MessageSender, SentMessageQuery } from '../contracts/message-sender.js';
import { assertExcludes, assertNonEmptyString, assertOneOf } from './assertions.js';
import { checkCapabilities } from './capabilities.js';
import { expectRejection, type CodedError } from './expect-rejection.js';
import { classify } from '../plugin/classify.js';
import { CODES, type ErrorKind } from '../plugin/error-codes.js';
import { harnessPerTest } from './harness-per-test.js';
import { suiteRunner, type TestApi } from './test-api.js';

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

/**
 * Optional behaviours a message sender declares; the tests of undeclared ones are skipped.
 * - `errorMapping`: provider failures map onto the typed errors (needs `failNext`).
 * - `findSent`: the sender implements `findSent` (a failed send is looked for when `failNext`
 *   is given, a lost answer when `loseNextAnswer` is).
 */
export const MESSAGE_SENDER_CAPABILITIES = ['errorMapping', 'findSent'] as const;
export type MessageSenderCapability = (typeof MESSAGE_SENDER_CAPABILITIES)[number];

export interface MessageSenderContractOptions {
  /** Shown in the suite title, e.g. `sms-twilio`. */
  name: string;
  setup: () => Promise<MessageSenderHarness>;
  /** See {@link MESSAGE_SENDER_CAPABILITIES}. A misspelt one does not compile (and throws in JavaScript). */
  capabilities?: readonly MessageSenderCapability[];
}

/** What an error of each failure kind must carry. Checked by field, never by class. */
export interface ExpectedSendError {
  /** The kit's class for it, for titles and messages. */
  name: string;
  code: string;
  /** What the host does with it (see ERRORS.md); read by classify(), so a second copy of the kit counts. */
  kind: ErrorKind;
  retryable: boolean;
}

/** The code, kind and retry flag each failure kind must produce. */
export const EXPECTED_SEND_ERRORS: Readonly<Record<SendFailureKind, ExpectedSendError>> = {
  'invalid-number': { name: 'InvalidNumberError', code: CODES.INVALID_NUMBER, kind: 'permanent', retryable: false },
  'opted-out': { name: 'OptedOutError', code: CODES.OPTED_OUT, kind: 'permanent', retryable: false },
  'rate-limited': { name: 'RateLimitedError', code: CODES.RATE_LIMITED, kind: 'not-ready', retryable: true },
  auth: { name: 'AuthError', code: CODES.AUTH, kind: 'auth', retryable: false },
  unavailable: { name: 'UnavailableError', code: CODES.UNAVAILABLE, kind: 'not-ready', retryable: true },
};

function assertSendError(error: CodedError, expected: ExpectedSendError): void {
  assert.equal(error.retryable, expected.retryable, `${expected.code}: retryable`);
  assert.equal(classify(error).kind, expected.kind, `${expected.code}: kind`);
}

/**
 * The shared suite every message sender (SMS plugin) must pass. `test` is your runner's
 * `{ describe, it }` (e.g. from `node:test`); without it the global ones are used.
 *
 * @example
 * describeMessageSenderContract({
 *   name: 'sms-twilio',
 *   setup: async () => ({ sender, sent: () => standIn.sent(), failNext: (k) => standIn.failNext(k) }),
 *   capabilities: ['errorMapping'],
 * });
 */
export function describeMessageSenderContract(options: MessageSenderContractOptions, test?: TestApi): void {
  const suite = 'describeMessageSenderContract';
  const capabilities = checkCapabilities(suite, options.capabilities, MESSAGE_SENDER_CAPABILITIES);
  const runner = suiteRunner(suite, test);

  runner.describe(`MessageSender contract: ${options.name}`, function () {
    const t = harnessPerTest(runner, options.setup);
    const { h } = t;
    const when = (capability: MessageSenderCapability) => (capabilities.has(capability) ? t.test : t.skipped);

    t.test('delivers the exact destination and text, and returns the id the remote recorded', async function () {
      const message = { to: '+61412345678', body: 'Hi Sam, reply YES for a video consult or NO to come in.' };
      const receipt = await h().sender.send(message);
      assertNonEmptyString(receipt.providerId, 'providerId');
      const sent = await h().sent();
      assert.equal(sent.length, 1, 'messages the remote recorded');
      assert.equal(sent[0]!.to, message.to);
      assert.equal(sent[0]!.body, message.body);
      if (sent[0]!.providerId !== undefined) assert.equal(sent[0]!.providerId, receipt.providerId);
    });

    t.test('gives every message its own provider id, in order', async function () {
      const messages = [
        { to: '+61412000001', body: 'first' },
        { to: '+61412000002', body: 'second' },
        { to: '+61412000001', body: 'third' },
      ];
      const ids: string[] = [];
      for (const m of messages) ids.push((await h().sender.send(m)).providerId);
      assert.equal(new Set(ids).size, messages.length, 'distinct provider ids');
      const sent = await h().sent();
      assert.deepEqual(
        sent.map((m) => ({ to: m.to, body: m.body })),
        messages,
      );
    });

    t.test('keeps a unicode body intact', async function () {
      const body = 'Kia ora Zoë 👋 — Dr Ōtaki is ready: room 7 (診察室) ✔︎\nSee you soon.';
      await h().sender.send({ to: '+61412345678', body });
      const sent = await h().sent();
      assert.equal(sent.at(-1)?.body, body);
    });

    for (const [kind, expected] of Object.entries(EXPECTED_SEND_ERRORS) as Array<[SendFailureKind, ExpectedSendError]>) {
      when('errorMapping')(`maps a provider "${kind}" failure to ${expected.name} (${expected.code}, retryable: ${expected.retryable})`, async function () {
        const failNext = h().failNext;
        if (!failNext) throw new Error(`${options.name}: capability errorMapping needs failNext() in the harness`);
        await failNext.call(h(), kind);
        const error = await expectRejection(() => h().sender.send({ to: '+61412345678', body: `fail ${kind}` }), expected.code);
        assertSendError(error, expected);
        assertExcludes(
          (await h().sent()).map((m) => m.body),
          `fail ${kind}`,
          'a failed send is not recorded as sent',
        );

        // The failure applies to one send only.
        const receipt = await h().sender.send({ to: '+61412345678', body: 'after the failure' });
        assertNonEmptyString(receipt.providerId, 'providerId after the failure');
      });
    }

    runner.describe('findSent', function () {
      const MINUTE = 60_000;
      const ALEX = '+61412345678';
      const now = () => h().now?.() ?? Date.now();
      const window = (start: number) => ({ after: start - MINUTE, before: now() + MINUTE });
      const findSent = (query: SentMessageQuery) => {
        const find = h().sender.findSent;
        if (!find) throw new Error(`${options.name}: capability findSent needs sender.findSent`);
        return find.call(h().sender, query);
      };
      const findSentTest = when('findSent');

      findSentTest('finds a message it sent by destination, time and exact text, and nothing else', async function () {
        const start = now();
        const first = await h().sender.send({ to: ALEX, body: 'Hi Alex, reply YES for video.' });
        await h().sender.send({ to: ALEX, body: 'Hi Alex, Dr Lee is ready.' });
        await h().sender.send({ to: '+61412000002', body: 'Hi Alex, reply YES for video.' });

        const found = await findSent({ to: ALEX, ...window(start), body: 'Hi Alex, reply YES for video.' });
        assert.ok(Array.isArray(found) && found.length === 1, `expected one match, got ${JSON.stringify(found)}`);
        const [match] = found;
        assert.equal(match!.providerId, first.providerId);
        assertOneOf(match!.state, ['accepted', 'sent', 'delivered'], 'state');

        assert.deepEqual(await findSent({ to: ALEX, ...window(start), body: 'Hi Alex, never sent.' }), []);
        assert.deepEqual(await findSent({ to: '+61412000009', ...window(start), body: 'Hi Alex, reply YES for video.' }), []);
        assert.deepEqual(
          await findSent({ to: ALEX, after: start - 10 * MINUTE, before: start - 5 * MINUTE, body: 'Hi Alex, reply YES for video.' }),
          [],
          'outside the window',
        );
      });

      findSentTest('finds the message whose answer was lost (the provider has it)', async function (skip) {
        const lose = h().loseNextAnswer;
        if (!lose) return skip('the harness has no loseNextAnswer()');
        const start = now();
        await lose.call(h());
        const error = await expectRejection(() => h().sender.send({ to: ALEX, body: 'answer lost' }), EXPECTED_SEND_ERRORS.unavailable.code);
        assert.equal(error.outcomeUnknown ?? error.kind === 'outcome-unknown', true, 'a lost answer is outcome-unknown');
        const recorded = (await h().sent()).find((m) => m.body === 'answer lost');
        assert.ok(recorded, 'the remote has it');

        const found = await findSent({ to: ALEX, ...window(start), body: 'answer lost' });
        assert.ok(Array.isArray(found) && found.length === 1, `expected one match, got ${JSON.stringify(found)}`);
        if (recorded.providerId !== undefined) assert.equal(found[0]!.providerId, recorded.providerId);
      });

      findSentTest('finds nothing for a message the provider never took', async function (skip) {
        const failNext = h().failNext;
        if (!failNext) return skip('the harness has no failNext()');
        const start = now();
        await failNext.call(h(), 'invalid-number');
        await expectRejection(() => h().sender.send({ to: ALEX, body: 'refused' }), EXPECTED_SEND_ERRORS['invalid-number'].code);
        assert.deepEqual(await findSent({ to: ALEX, ...window(start), body: 'refused' }), []);
      });
    });
  });
}
