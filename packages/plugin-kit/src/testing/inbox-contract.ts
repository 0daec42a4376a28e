import { expect } from 'chai';
import type { Inbox, IncomingMessage } from '../contracts/inbox.js';
import { harnessPerTest } from './harness-per-test.js';
import { readInbox } from './read-inbox.js';

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

export interface InboxContractOptions {
  /** Shown in the suite title, e.g. `inbox-twilio-api`. */
  name: string;
  setup: () => Promise<InboxHarness>;
  /** Optional behaviours the plugin declares. None are defined for this role yet. */
  capabilities?: string[];
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
    expect(await Promise.race([ended, timeout]), 'messages() iteration ends after abort').to.equal('ended');
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
export function describeInboxContract(options: InboxContractOptions): void {
  const waitMs = options.waitMs ?? 5000;

  describe(`Inbox contract: ${options.name}`, function () {
    this.timeout(waitMs * 3 + 5000);
    const h = harnessPerTest(options.setup);

    it('delivers injected messages with id, from, body and receivedAt', async function () {
      const a = await h().inject({ from: '+61412345678', body: 'YES' });
      const b = await h().inject({ from: '+61498765432', body: 'no thanks 🙂' });
      expect(a).to.be.a('string').and.not.be.empty;
      expect(b).to.not.equal(a);
      const seen = await readUntil(h().inbox, hasAll([a, b]), waitMs);
      const first = seen.find((m) => m.id === a)!;
      const second = seen.find((m) => m.id === b)!;
      expect({ from: first.from, body: first.body }).to.deep.equal({ from: '+61412345678', body: 'YES' });
      expect({ from: second.from, body: second.body }).to.deep.equal({ from: '+61498765432', body: 'no thanks 🙂' });
      for (const m of [first, second]) {
        expect(Number.isFinite(Date.parse(m.receivedAt)), `receivedAt ${m.receivedAt} is ISO 8601`).to.equal(true);
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
        expect(result.done, 'stream ended before the message arrived').to.not.equal(true);
        expect(result.value?.id).to.equal(id);
      } finally {
        clearTimeout(guard);
        controller.abort();
        await iterator.return?.();
      }
    });

    it('does not deliver acknowledged messages again after a reconnect', async function () {
      if (!h().reconnect) this.skip();
      const acked = await h().inject({ from: '+61412345678', body: 'YES' });
      const kept = await h().inject({ from: '+61412345679', body: 'NO' });
      await readUntil(h().inbox, hasAll([acked, kept]), waitMs);
      await h().inbox.ack(acked);
      const reconnected = await h().reconnect!();
      const marker = await h().inject({ from: '+61412345670', body: 'later' });
      const seen = await readUntil(reconnected, hasAll([kept, marker]), waitMs);
      expect(seen.map((m) => m.id)).to.not.include(acked);
      await reconnected.ack(kept);
      await reconnected.ack(marker);
    });

    it('delivers unacknowledged messages again after a reconnect', async function () {
      if (!h().reconnect) this.skip();
      const id = await h().inject({ from: '+61412345678', body: 'YES' });
      await readUntil(h().inbox, hasAll([id]), waitMs);
      const reconnected = await h().reconnect!();
      const again = await readUntil(reconnected, hasAll([id]), waitMs);
      const message = again.find((m) => m.id === id)!;
      expect({ from: message.from, body: message.body }).to.deep.equal({ from: '+61412345678', body: 'YES' });
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
      expect(seen.map((m) => m.id)).to.not.include(id);
    });
  });
}
