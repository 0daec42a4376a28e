import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeliveryStatusUpdate, Inbox, IncomingMessage } from '@clinic-arrivals/plugin-kit';
import type { Store } from '../../core/store/store.js';
import { AuthError, NotReadyError, RateLimitedError } from '@clinic-arrivals/plugin-kit';
import { openSqliteStore } from '../../core/store/sqlite-store.js';
import {
  atLeast,
  createSilentLogger,
  describeInboxContract,
  expectRejection,
  ManualClock,
  readInbox,
  resolvePluginOptions,
  waitFor,
  WAIT_FOR_TIMEOUT_MS,
} from '@clinic-arrivals/plugin-kit/testing';
import { startTwilioStandIn, type TwilioStandIn } from '../../test/stand-ins/twilio/index.js';
import plugin, { createInboxTwilioApiInstance, INBOX_TWILIO_API_ID } from './index.js';
import type { InboxTwilioApiOptions } from './options.js';
import { OVERLAP_MS } from './position.js';
import { createTwilioClient } from '../sms-twilio/twilio-client.js';
import { STATUS_PAGE_SIZE } from './sent-statuses.js';
import type { TwilioApiInbox } from './twilio-api-inbox.js';
import { pluginStateIn } from '../../core/plugin-host/plugin-state.js';

const ACCOUNT_SID = `AC${'d4'.repeat(16)}`;
const AUTH_TOKEN = 'inbox-stand-in-token';
const CLINIC_NUMBER = '+61480000000';
const POLL_MS = 10;

function optionsFor(url: string, overrides: Partial<InboxTwilioApiOptions> = {}): Readonly<InboxTwilioApiOptions> {
  return resolvePluginOptions(plugin, { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, number: CLINIC_NUMBER, apiBaseUrl: url, ...overrides });
}

/** Reads from a fresh stream until `count` messages arrived (or fails after `waitMs`). */
async function take(inbox: Inbox, count: number, waitMs = WAIT_FOR_TIMEOUT_MS): Promise<IncomingMessage[]> {
  const seen = await readInbox(inbox, atLeast(count), waitMs);
  if (seen.length < count) throw new Error(`expected ${count} messages, got ${seen.length}`);
  return seen;
}

/** Completed polls of the inbox, and of sent statuses when it reads them (from its health data). */
function pollCounts(inbox: TwilioApiInbox): { polls: number; statusPolls: number } {
  const data = inbox.health().data as { polls: number; statusPolls?: number };
  return { polls: data.polls, statusPolls: data.statusPolls ?? Number.POSITIVE_INFINITY };
}

/**
 * Reads a fresh stream until `until()` holds and then through one whole poll cycle that began
 * after it, and returns everything the stream yielded. The whole cycle is what proves that
 * nothing more is coming: a cycle yields everything it found before the next poll starts, so
 * two more completed polls (and status polls, when read) mean one cycle ran from start to end.
 * An error the stream throws is passed on.
 */
async function drainFor(inbox: TwilioApiInbox, until: () => boolean = () => true): Promise<IncomingMessage[]> {
  const seen: IncomingMessage[] = [];
  const controller = new AbortController();
  let ended = false;
  const reading = (async () => {
    try {
      for await (const message of inbox.messages(controller.signal)) seen.push(message);
    } finally {
      ended = true;
    }
  })();
  const cycleDone = async () => {
    await waitFor(() => ended || until(), { what: 'the condition the test drains the inbox for' });
    const from = pollCounts(inbox);
    await waitFor(
      () => {
        const now = pollCounts(inbox);
        return ended || (now.polls >= from.polls + 2 && now.statusPolls >= from.statusPolls + 2);
      },
      { what: 'one whole poll cycle of the inbox stream' },
    );
  };
  try {
    await Promise.race([reading, cycleDone()]);
  } finally {
    controller.abort();
  }
  await reading;
  return seen;
}

describe('inbox-twilio-api', function () {
  let dir: string;
  let standIn: TwilioStandIn;
  let clock: ManualClock;
  let store: Store;
  const stops: Array<() => Promise<void>> = [];

  beforeEach(async function () {
    dir = mkdtempSync(join(tmpdir(), 'inbox-twilio-api-'));
    clock = new ManualClock('2026-11-23T09:00:00+11:00');
    standIn = await startTwilioStandIn({ accounts: [{ sid: ACCOUNT_SID, authToken: AUTH_TOKEN }], now: () => clock.now() });
    store = await openSqliteStore(join(dir, 'store.sqlite'), { clock });
  });
  afterEach(async function () {
    for (const stop of stops.splice(0)) await stop();
    await store.close();
    await standIn.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function instance(overrides: Partial<InboxTwilioApiOptions> = {}, on: Store = store) {
    const created = createInboxTwilioApiInstance(
      optionsFor(standIn.url, overrides),
      { logger: createSilentLogger(), clock, state: pluginStateIn(on, INBOX_TWILIO_API_ID) },
      { pollIntervalMs: POLL_MS },
    );
    stops.push(() => created.stop!());
    return created;
  }
  const reply = (from: string, body: string, at?: number) => standIn.inbound({ from, to: CLINIC_NUMBER, body, at }).sid;

  it('asks Twilio for messages to the clinic number since its position, with the account credentials', async function () {
    const inbox = instance();
    await inbox.start!();
    const sid = reply('+61412345678', 'YES');
    const [message] = await take(inbox.service, 1);
    expect(message).to.deep.equal({ id: sid, from: '+61412345678', body: 'YES', receivedAt: new Date(clock.now()).toISOString() });
    const list = standIn.requests().find((r) => r.method === 'GET' && r.path.endsWith('/Messages.json'))!;
    expect(list.path).to.equal(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    expect(list.username).to.equal(ACCOUNT_SID);
    const since = clock.now() - 60 * 60_000 - OVERLAP_MS; // default lookback, minus the overlap
    expect(Object.fromEntries(list.query)).to.deep.equal({
      To: CLINIC_NUMBER,
      'DateSent>': new Date(since).toISOString().replace('.000', ''),
      PageSize: '200',
    });
  });

  it('ignores outbound texts and texts to other numbers', async function () {
    const inbox = instance();
    standIn.inbound({ from: '+61412345678', to: '+61480999999', body: 'wrong number' });
    const sid = reply('+61412345678', 'NO');
    const seen = await drainFor(inbox.service);
    expect(seen.map((m) => m.id)).to.deep.equal([sid]);
  });

  it('picks up only the last lookbackMinutes on a first start', async function () {
    reply('+61412345678', 'old', clock.now() - 3 * 60 * 60_000);
    const recent = reply('+61412345678', 'recent', clock.now() - 20 * 60_000);
    const seen = await drainFor(instance({ lookbackMinutes: 30 }).service);
    expect(seen.map((m) => m.id)).to.deep.equal([recent]);
  });

  it('hands out oldest first and reads every page of a long list', async function () {
    const sids: string[] = [];
    for (let i = 0; i < 450; i++) sids.push(reply(`+614120${String(i).padStart(5, '0')}`, `reply ${i}`, clock.now() - 450_000 + i * 1000));
    const seen = await take(instance().service, 450);
    expect(seen.map((m) => m.id)).to.deep.equal(sids);
    expect(
      standIn.requests().some((r) => r.query.has('PageToken')),
      'followed next_page_uri',
    ).to.equal(true);
  });

  it('remembers its position across a restart on the same SQLite file and never repeats an acknowledged reply', async function () {
    // Same second for all three: the position must tell them apart by MessageSid.
    const first = reply('+61412345678', 'YES');
    const second = reply('+61412345679', 'NO');
    const third = reply('+61412345670', 'yes please');
    const before = instance();
    const seen = await take(before.service, 3);
    expect(seen.map((m) => m.id).sort()).to.deep.equal([first, second, third].sort());
    await before.service.ack(first);
    await before.service.ack(third);
    await before.stop!();
    await store.close();

    clock.advance(5 * 60_000);
    store = await openSqliteStore(join(dir, 'store.sqlite'), { clock });
    const stored = await store.getPluginState<{ since: number; acked: Record<string, number> }>(
      INBOX_TWILIO_API_ID,
      `position:${ACCOUNT_SID}:${CLINIC_NUMBER}`,
    );
    expect(Object.keys(stored!.acked).sort()).to.deep.equal([first, third].sort());

    const later = reply('+61412345678', 'running late');
    const after = instance();
    await after.start!();
    const again = await drainFor(after.service);
    expect(again.map((m) => m.id)).to.deep.equal([second, later]);
    await after.service.ack(second);
    await after.service.ack(later);
    expect(await drainFor(after.service)).to.deep.equal([]);
  });

  it('delivers a reply that shows up late in the list, dated before the last acknowledged one', async function () {
    const inbox = instance();
    const now = reply('+61412345678', 'YES');
    await take(inbox.service, 1);
    await inbox.service.ack(now);
    const late = reply('+61412345679', 'NO', clock.now() - 30_000);
    const seen = await drainFor(inbox.service);
    expect(seen.map((m) => m.id)).to.deep.equal([late]);
  });

  it('offers an unacknowledged reply again on the same stream after redeliverAfterSeconds', async function () {
    const inbox = instance({ redeliverAfterSeconds: 60 });
    const sid = reply('+61412345678', 'YES');
    const controller = new AbortController();
    const iterator = inbox.service.messages(controller.signal)[Symbol.asyncIterator]();
    try {
      expect((await iterator.next()).value?.id).to.equal(sid);
      const again = iterator.next();
      clock.advance(61_000);
      expect((await again).value?.id).to.equal(sid);
    } finally {
      controller.abort();
      await iterator.return?.();
    }
  });

  describe('delivery statuses of sent texts', function () {
    /** Sends a text from the clinic's number through the stand-in with the real twilio library; returns its sid. */
    const sendText = async (to: string, body: string) =>
      (await createTwilioClient(optionsFor(standIn.url)).messages.create({ to, from: CLINIC_NUMBER, body })).sid;
    const summary = (updates: DeliveryStatusUpdate[]) => updates.map((u) => [u.providerId, u.status, u.errorCode]);

    it('reads the status of the texts sent in the last hour and hands each new one to the host once', async function () {
      const inbox = instance();
      const updates: DeliveryStatusUpdate[] = [];
      inbox.service.setDeliveryStatusHandler(async (update) => {
        updates.push(update);
      });
      await inbox.start!();
      clock.advance(-2 * 60 * 60_000);
      const old = await sendText('+61412345670', 'two hours ago');
      clock.advance(2 * 60 * 60_000);
      const first = await sendText('+61412345678', 'first');
      clock.advance(1000);
      const second = await sendText('+61412345679', 'second');
      reply('+61412345678', 'a reply is not a sent text');
      await standIn.deliveryReport(first, 'undelivered', { errorCode: 30003 });
      await standIn.deliveryReport(old, 'delivered');

      await drainFor(inbox.service);
      expect(summary(updates)).to.deep.equal([
        [first, 'undelivered', '30003'],
        [second, 'sent', undefined],
      ]);
      expect(updates[0]!.id).to.equal(`${first}:undelivered`);
      const list = standIn.requests().filter((r) => r.method === 'GET' && r.query.get('From') === CLINIC_NUMBER);
      expect(list.length).to.be.greaterThan(1);
      expect(list[0]!.query.get('PageSize')).to.equal(String(STATUS_PAGE_SIZE));

      // Only changes are handed over, and never anything after a final status.
      await standIn.deliveryReport(second, 'delivered');
      await standIn.deliveryReport(first, 'sent');
      await drainFor(inbox.service, () => updates.length > 2);
      expect(summary(updates.slice(2))).to.deep.equal([[second, 'delivered', undefined]]);
      expect(inbox.service.health().data).to.include({ statusesReported: 3, statusesNotStored: 0 });
    });

    it('hands a status over again on the next poll when the host could not store it', async function () {
      const inbox = instance();
      let refuse = 2;
      const stored: DeliveryStatusUpdate[] = [];
      inbox.service.setDeliveryStatusHandler(async (update) => {
        if (refuse > 0) {
          refuse -= 1;
          throw new Error('store busy');
        }
        stored.push(update);
      });
      await inbox.start!();
      const sid = await sendText('+61412345678', 'hello');
      await standIn.deliveryReport(sid, 'failed', { errorCode: 30006 });
      await drainFor(inbox.service, () => stored.length > 0);
      expect(summary(stored)).to.deep.equal([[sid, 'failed', '30006']]);
      expect(inbox.service.health().data).to.include({ statusesReported: 1, statusesNotStored: 2 });
    });

    it('does not read sent texts when the host has no delivery status handler', async function () {
      const inbox = instance();
      await inbox.start!();
      await sendText('+61412345678', 'hello');
      await drainFor(inbox.service);
      expect(standIn.requests().filter((r) => r.method === 'GET' && r.query.get('From') === CLINIC_NUMBER)).to.deep.equal([]);
    });
  });

  describe('failures', function () {
    it('start() fails loud with AuthError on a wrong token', async function () {
      const inbox = instance({ authToken: 'wrong' });
      await expectRejection(() => inbox.start!(), AuthError);
      expect((await inbox.checkHealth!()).status).to.equal('down');
    });

    it('a poll that fails throws a NotReadyError for the host to back off on, then recovers', async function () {
      const inbox = instance();
      await inbox.start!();
      const sid = reply('+61412345678', 'YES');
      standIn.failNext(503, { on: 'list' });
      await expectRejection(() => drainFor(inbox.service), NotReadyError);
      expect((await inbox.checkHealth!()).status).to.equal('degraded');
      expect((await take(inbox.service, 1))[0]!.id).to.equal(sid);
      expect((await inbox.checkHealth!()).status).to.equal('ok');
    });

    it('passes Retry-After of a rate-limited poll on to the host', async function () {
      const inbox = instance();
      standIn.failNext(429, { on: 'list', retryAfterSeconds: 30 });
      const error = await expectRejection(() => drainFor(inbox.service), RateLimitedError);
      expect(error.retryAfterMs).to.equal(30_000);
    });

    it('a dropped connection during a poll is a NotReadyError too', async function () {
      const inbox = instance();
      standIn.failNext('drop', { on: 'list' });
      await expectRejection(() => drainFor(inbox.service), NotReadyError);
    });
  });

  describe('options', function () {
    it('defaults pollSeconds to 15 (minimum 5) and lookbackMinutes to 60, and marks secrets', function () {
      const options = optionsFor('http://127.0.0.1:1');
      expect(options).to.include({ pollSeconds: 15, lookbackMinutes: 60 });
      expect(() => optionsFor('http://127.0.0.1:1', { pollSeconds: 4 })).to.throw(/minimum|>= 5/);
      expect(() => optionsFor('http://127.0.0.1:1', { number: '0480000000' })).to.throw();
      const properties = plugin.optionsSchema.properties as Record<string, Record<string, unknown>>;
      expect(properties.authToken!['x-secret']).to.equal(true);
      expect(plugin.manifest).to.deep.include({ id: 'inbox-twilio-api', role: 'inbox', hostApi: '^2' });
    });
  });
});

describe('inbox-twilio-api against the Inbox contract', function () {
  describeInboxContract({
    name: 'inbox-twilio-api (twilio stand-in)',
    setup: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'inbox-twilio-contract-'));
      const standIn = await startTwilioStandIn({ accounts: [{ sid: ACCOUNT_SID, authToken: AUTH_TOKEN }] });
      const store = await openSqliteStore(join(dir, 'store.sqlite'));
      const instances: Array<ReturnType<typeof createInboxTwilioApiInstance>> = [];
      const connect = () => {
        const created = createInboxTwilioApiInstance(
          optionsFor(standIn.url),
          { logger: createSilentLogger(), clock: new ManualClock(Date.now()), state: pluginStateIn(store, INBOX_TWILIO_API_ID) },
          { pollIntervalMs: POLL_MS },
        );
        instances.push(created);
        return created.service;
      };
      return {
        inbox: connect(),
        inject: async ({ from, body }) => standIn.inbound({ from, to: CLINIC_NUMBER, body }).sid,
        reconnect: async () => connect(),
        teardown: async () => {
          for (const created of instances) await created.stop!();
          await store.close();
          await standIn.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  });
});
