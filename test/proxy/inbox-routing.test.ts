import { expect } from 'chai';
import {
  ACCOUNT,
  OTHER_ACCOUNT,
  OTHER_KEY,
  bearer,
  openStream,
  postWebhook,
  smsParams,
  startTestProxy,
  statusParams,
  untilPollsWait,
  type TestProxy,
} from './support.js';
import { dropSchema, testPostgresUrl, uniqueSchemaName } from './postgres-support.js';

/*
 * Several clinics on one Twilio account, one number each: a client that names its clinic's
 * numbers (`to`) is handed, and leases, only the messages of those numbers. Real proxy, real
 * HTTP, on SQLite and on PostgreSQL.
 */

const CLINIC_A = '+61299990001';
const CLINIC_B = '+61299990002';

interface PollResult {
  messages: Array<{ id: string; kind: string; to: string; from: string; deliveries: number }>;
}

const query = (...numbers: string[]) => numbers.map((n) => `to=${encodeURIComponent(n)}`).join('&');

async function poll(proxy: TestProxy, search: string): Promise<PollResult> {
  const response = await fetch(`${proxy.url}/v1/inbox?${search}`, { headers: bearer() });
  expect(response.status, await response.clone().text()).to.equal(200);
  return (await response.json()) as PollResult;
}

async function textTo(proxy: TestProxy, n: number, to: string): Promise<string> {
  const params = smsParams(n, { To: to });
  expect((await postWebhook(proxy.url, '/twilio', params)).status).to.equal(200);
  return params.MessageSid!;
}

const backends: Array<{ name: string; storage: () => Promise<{ config: Record<string, unknown>; cleanup(): Promise<void> } | undefined> }> = [
  { name: 'SQLite', storage: async () => ({ config: {}, cleanup: async () => undefined }) },
  {
    name: 'PostgreSQL',
    storage: async () => {
      const url = await testPostgresUrl();
      if (!url) return undefined;
      const schema = uniqueSchemaName();
      return { config: { storage: { type: 'postgres', connectionString: url, schema, poolSize: 3 } }, cleanup: () => dropSchema(url, schema) };
    },
  },
];

for (const backend of backends) {
  describe(`proxy client API: routing by number on one account (${backend.name})`, function () {
    this.timeout(15_000);
    let proxy: TestProxy;
    let cleanup: (() => Promise<void>) | undefined;
    let storageConfig: Record<string, unknown> = {};

    beforeEach(async function () {
      const storage = await backend.storage();
      if (!storage) return this.skip();
      cleanup = storage.cleanup;
      storageConfig = storage.config;
      proxy = await startTestProxy({ config: { leaseSeconds: 60, stream: { heartbeatSeconds: 1 }, ...storage.config } });
    });
    afterEach(async () => {
      await proxy?.destroy();
      await cleanup?.();
      cleanup = undefined;
    });

    it("each poll gets only its clinic's replies; A polling again and again never leases B's", async () => {
      const forA = await textTo(proxy, 1, CLINIC_A);
      const forB = await textTo(proxy, 2, CLINIC_B);
      const firstA = await poll(proxy, query(CLINIC_A));
      expect(firstA.messages.map((m) => [m.id, m.to])).to.deep.equal([[forA, CLINIC_A]]);
      for (let i = 0; i < 5; i++) expect((await poll(proxy, query(CLINIC_A))).messages, `poll ${i}`).to.deep.equal([]);
      // Never handed out before: B gets it at once, on its first delivery, with no lease to wait out.
      const firstB = await poll(proxy, query(CLINIC_B));
      expect(firstB.messages.map((m) => [m.id, m.deliveries])).to.deep.equal([[forB, 1]]);
    });

    it('a client without numbers still gets every message of the account', async () => {
      const forA = await textTo(proxy, 1, CLINIC_A);
      const forB = await textTo(proxy, 2, CLINIC_B);
      const elsewhere = await textTo(proxy, 3, '+61299990003');
      expect((await poll(proxy, '')).messages.map((m) => m.id)).to.deep.equal([forA, forB, elsewhere]);
    });

    it('a client naming several numbers gets the replies to any of them', async () => {
      const forA = await textTo(proxy, 1, CLINIC_A);
      await textTo(proxy, 2, CLINIC_B);
      const second = await textTo(proxy, 3, '+61299990003');
      const got = await poll(proxy, query(CLINIC_A, '+61299990003', CLINIC_A));
      expect(got.messages.map((m) => m.id)).to.deep.equal([forA, second]);
    });

    it('routes delivery statuses by the number the clinic sent from', async () => {
      const fromB = statusParams(1, 'delivered', { From: CLINIC_B, To: CLINIC_A });
      expect((await postWebhook(proxy.url, '/twilio/status', fromB)).status).to.equal(204);
      expect((await poll(proxy, query(CLINIC_A))).messages).to.deep.equal([]);
      const forB = await poll(proxy, query(CLINIC_B));
      expect(forB.messages.map((m) => [m.kind, m.from])).to.deep.equal([['status', CLINIC_B]]);
    });

    it("a waiting long poll is answered with its clinic's reply only, not with another clinic's", async () => {
      const waitingA = poll(proxy, `wait=30&${query(CLINIC_A)}`);
      await untilPollsWait(proxy.url);
      const forB = await textTo(proxy, 1, CLINIC_B);
      const forA = await textTo(proxy, 2, CLINIC_A);
      expect((await waitingA).messages.map((m) => m.id)).to.deep.equal([forA]);
      expect((await poll(proxy, query(CLINIC_B))).messages.map((m) => [m.id, m.deliveries])).to.deep.equal([[forB, 1]]);
    });

    it("two streams on one account: each gets only its clinic's replies, as they arrive and pending ones", async () => {
      const pendingB = await textTo(proxy, 1, CLINIC_B);
      const streamA = await openStream(proxy.url, bearer(), query(CLINIC_A));
      const streamB = await openStream(proxy.url, bearer(), query(CLINIC_B));
      try {
        expect([streamA.response.status, streamB.response.status]).to.deep.equal([200, 200]);
        expect((await streamB.next()).id).to.equal(pendingB);
        const forA = await textTo(proxy, 2, CLINIC_A);
        const laterB = await textTo(proxy, 3, CLINIC_B);
        expect((await streamA.next()).id).to.equal(forA);
        expect((await streamB.next()).id).to.equal(laterB);
        // A's stream saw none of B's replies, and leased none: a poll for B finds nothing left.
        expect(streamA.raw).not.to.include(pendingB);
        expect(streamA.raw).not.to.include(laterB);
        expect((await poll(proxy, query(CLINIC_B))).messages).to.deep.equal([]);
      } finally {
        streamA.close();
        streamB.close();
      }
    });

    it('refuses bad to values with 400 invalid_request, on the poll and the stream', async () => {
      const bad = [
        'to=0412345678',
        'to=%2B61%20299990001',
        'to=',
        'to=%2B0299990001',
        `to=%2B${'1'.repeat(16)}`,
        Array.from({ length: 21 }, (_, i) => `to=%2B6129999${String(i).padStart(4, '0')}`).join('&'),
      ];
      for (const search of bad) {
        for (const path of ['/v1/inbox', '/v1/inbox/stream']) {
          const response = await fetch(`${proxy.url}${path}?${search}`, { headers: bearer() });
          expect(response.status, `${path}?${search}`).to.equal(400);
          const body = (await response.json()) as { error: string; message: string };
          expect(body.error).to.equal('invalid_request');
          expect(body.message).to.match(/querystring\/to/);
        }
      }
      // Twenty are fine.
      const twenty = Array.from({ length: 20 }, (_, i) => `to=%2B6129999${String(i).padStart(4, '0')}`).join('&');
      expect((await fetch(`${proxy.url}/v1/inbox?${twenty}`, { headers: bearer() })).status).to.equal(200);
    });

    it('on an account with requireNumbers, refuses a poll, a stream and the legacy endpoint that name no numbers, and keeps the messages', async () => {
      await proxy.destroy();
      proxy = await startTestProxy({
        account: { requireNumbers: true },
        config: { leaseSeconds: 60, legacyEndpoint: true, ...storageConfig },
      });
      const forA = await textTo(proxy, 1, CLINIC_A);
      const forB = await textTo(proxy, 2, CLINIC_B);
      const refusals = [
        await fetch(`${proxy.url}/v1/inbox`, { headers: bearer() }),
        await fetch(`${proxy.url}/v1/inbox?wait=5`, { headers: bearer() }),
        await fetch(`${proxy.url}/v1/inbox/stream`, { headers: bearer() }),
        await fetch(`${proxy.url}/twilio?AccountSid=${ACCOUNT}`),
      ];
      for (const response of refusals) {
        expect(response.status, response.url).to.equal(400);
        expect(((await response.json()) as { error: string }).error, response.url).to.equal('numbers_required');
      }
      // Nothing was handed out or taken: each clinic still gets its own, once.
      expect((await poll(proxy, query(CLINIC_A))).messages.map((m) => [m.id, m.deliveries])).to.deep.equal([[forA, 1]]);
      expect((await poll(proxy, query(CLINIC_B))).messages.map((m) => [m.id, m.deliveries])).to.deep.equal([[forB, 1]]);
      // Another account on the same proxy is not affected.
      expect((await fetch(`${proxy.url}/v1/inbox`, { headers: bearer(OTHER_ACCOUNT, OTHER_KEY) })).status).to.equal(200);
    });

    it("an ack still deletes only the account's own messages", async () => {
      const forB = await textTo(proxy, 1, CLINIC_B);
      const response = await fetch(`${proxy.url}/v1/inbox/ack`, {
        method: 'POST',
        headers: { ...bearer(OTHER_ACCOUNT, OTHER_KEY), 'content-type': 'application/json' },
        body: JSON.stringify({ ids: [forB] }),
      });
      expect(await response.json()).to.deep.equal({ acked: 0 });
      expect((await poll(proxy, query(CLINIC_B))).messages.map((m) => m.id)).to.deep.equal([forB]);
    });
  });
}
