import assert from 'node:assert/strict';
import type { Inbox, IncomingMessage } from '../contracts/inbox.js';
import { assertExcludes, assertNonEmptyString } from './assertions.js';
import { checkCapabilities } from './capabilities.js';
import { harnessPerTest } from './harness-per-test.js';
import { readInbox } from './read-inbox.js';
import { suiteRunner, type TestApi } from './test-api.js';

/** What an inbox plugin's test hands the contract suite, fresh for every test. */
export interface InboxHarness {
  inbox: Inbox;
  /** Makes the backend receive a text, as a patient replying would; returns the message id. */
  inject(message: { from: string; body: string }): Promise<string>;
  /**
   * A new client instance against the same backend (as after a host restart).
   * Later `inject` calls must still reach the backend. Without it the redelivery tests are skipped.
   */
  reconnect?(): Promise<Inbox>;
  teardown?(): Promise<void>;
}

/** Optional behaviours an inbox declares. None are defined for this role yet. */
export const INBOX_CAPABILITIES = [] as const;
export type InboxCapability = (typeof INBOX_CAPABILITIES)[number];

export interface InboxContractOptions {
  /** Shown in the suite title, e.g. `inbox-twilio-api`. */
  name: string;
  setup: () => Promise<InboxHarness>;
  /** See {@link INBOX_CAPABILITIES} (none yet, so only `[]` compiles). */
  capabilities?: readonly InboxCapability[];
  /** How long to wait for a message before failing (polling plugins: a few poll intervals). @default 5000 */
  waitMs?: number;
}

/** Reads until `done(seen)`; fails (instead of hanging) when that does not happen within `waitMs`. */
async function readUntil(inbox: Inbox, done: (seen: IncomingMessage[]) => boolean, waitMs: number): Promise<IncomingMessage[]> {
  const seen = await readInbox(inbox, done, waitMs);
  if (!done(seen)) {
    throw new Error(`inbox: expected messages did not arrive within ${waitMs} ms (got ${seen.length}: ${seen.map((m) => m.id).join(', ')})`);
  }
  return seen;
}

const hasAll = (ids: string[]) => (seen: IncomingMessage[]) => ids.every((id) => seen.some((m) => m.id === id));

/** Resolves when `loop` settles; a rejection counts as ending only if it is an abort. */
async function endsOnAbort(loop: Promise<unknown>, waitMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'hung'>((resolve) => {
    timer = setTimeout(() => resolve('hung'), waitMs);
  });
  const ended = loop.then(
    () => 'ended' as const,
    (error: unknown) => ((error as Error)?.name === 'AbortError' ? ('ended' as const) : Promise.reject(error)),
  );
  try {
    assert.equal(await Promise.race([ended, timeout]), 'ended', 'messages() iteration ends after abort');
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The shared suite every inbox (SMS in) plugin must pass: at-least-once delivery,
 * ack, redelivery after reconnect, prompt end on abort.
 *
 * @example
 * describeInboxContract({
 *   name: 'inbox-simulator',
 *   setup: async () => ({ inbox, inject: (m) => inbox.inject(m), reconnect: async () => newInstance() }),
 * });
 */
export function describeInboxContract(options: InboxContractOptions, test?: TestApi): void {
  const suite = 'describeInboxContract';
  checkCapabilities(suite, options.capabilities, INBOX_CAPABILITIES);
  const runner = suiteRunner(suite, test);
  const waitMs = options.waitMs ?? 5000;
  const timeoutMs = waitMs * 3 + 5000;

  runner.describe(`Inbox contract: ${options.name}`, function () {
    const t = harnessPerTest(runner, options.setup);
    const { h } = t;
    const it = (name: string, body: Parameters<typeof t.test>[1]) => t.test(name, body, { timeoutMs });

    it('delivers injected messages with id, from, body and receivedAt', async function () {
      const a = await h().inject({ from: '+61412345678', body: 'YES' });
      const b = await h().inject({ from: '+61498765432', body: 'no thanks 🙂' });
      assertNonEmptyString(a, 'inject() id');
      assert.notEqual(b, a, 'inject() ids are distinct');
      const seen = await readUntil(h().inbox, hasAll([a, b]), waitMs);
      const first = seen.find((m) => m.id === a)!;
      const second = seen.find((m) => m.id === b)!;
      assert.deepEqual({ from: first.from, body: first.body }, { from: '+61412345678', body: 'YES' });
      assert.deepEqual({ from: second.from, body: second.body }, { from: '+61498765432', body: 'no thanks 🙂' });
      for (const m of [first, second]) {
        assert.ok(Number.isFinite(Date.parse(m.receivedAt)), `receivedAt ${m.receivedAt} is ISO 8601`);
      }
    });

    it('delivers a message injected while the stream is waiting', async function () {
      const controller = new AbortController();
      const guard = setTimeout(() => controller.abort(), waitMs);
      const iterator = h().inbox.messages(controller.signal)[Symbol.asyncIterator]();
      try {
        const next = iterator.next();
        const id = await h().inject({ from: '+61412345678', body: 'here' });
        const result = await next;
        assert.notEqual(result.done, true, 'stream ended before the message arrived');
        assert.equal(result.value?.id, id);
      } finally {
        clearTimeout(guard);
        controller.abort();
        await iterator.return?.();
      }
    });

    it('does not deliver acknowledged messages again after a reconnect', async function (skip) {
      if (!h().reconnect) return skip('the harness has no reconnect()');
      const acked = await h().inject({ from: '+61412345678', body: 'YES' });
      const kept = await h().inject({ from: '+61412345679', body: 'NO' });
      await readUntil(h().inbox, hasAll([acked, kept]), waitMs);
      await h().inbox.ack(acked);
      const reconnected = await h().reconnect!();
      const marker = await h().inject({ from: '+61412345670', body: 'later' });
      const seen = await readUntil(reconnected, hasAll([kept, marker]), waitMs);
      assertExcludes(
        seen.map((m) => m.id),
        acked,
        'acknowledged message delivered again',
      );
      await reconnected.ack(kept);
      await reconnected.ack(marker);
    });

    it('delivers unacknowledged messages again after a reconnect', async function (skip) {
      if (!h().reconnect) return skip('the harness has no reconnect()');
      const id = await h().inject({ from: '+61412345678', body: 'YES' });
      await readUntil(h().inbox, hasAll([id]), waitMs);
      const reconnected = await h().reconnect!();
      const again = await readUntil(reconnected, hasAll([id]), waitMs);
      const message = again.find((m) => m.id === id)!;
      assert.deepEqual({ from: message.from, body: message.body }, { from: '+61412345678', body: 'YES' });
    });

    it('ends the iteration promptly when the signal aborts while waiting', async function () {
      // Once the stream has handed out the one message there is, it is waiting for the next.
      const id = await h().inject({ from: '+61412345678', body: 'YES' });
      const controller = new AbortController();
      let delivered!: () => void;
      const handedOut = new Promise<void>((resolve) => (delivered = resolve));
      const loop = (async () => {
        for await (const message of h().inbox.messages(controller.signal)) if (message.id === id) delivered();
      })();
      await Promise.race([handedOut, loop]);
      controller.abort();
      await endsOnAbort(loop, waitMs);
    });

    it('ends at once for a signal that is already aborted', async function () {
      await h().inject({ from: '+61412345678', body: 'YES' });
      const controller = new AbortController();
      controller.abort();
      const loop = (async () => {
        const delivered: IncomingMessage[] = [];
        for await (const message of h().inbox.messages(controller.signal)) delivered.push(message);
        return delivered;
      })();
      await endsOnAbort(loop, waitMs);
    });

    it('treats ack as idempotent', async function () {
      const id = await h().inject({ from: '+61412345678', body: 'YES' });
      await readUntil(h().inbox, hasAll([id]), waitMs);
      await h().inbox.ack(id);
      await h().inbox.ack(id);
      const marker = await h().inject({ from: '+61412345670', body: 'later' });
      const seen = await readUntil(h().inbox, hasAll([marker]), waitMs);
      assertExcludes(
        seen.map((m) => m.id),
        id,
        'acknowledged message delivered again',
      );
    });
  });
}
