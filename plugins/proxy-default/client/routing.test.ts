import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '@clinic-arrivals/plugin-kit';
import { createSilentLogger, createTestContext, expectRejection, resolvePluginOptions, waitFor } from '@clinic-arrivals/plugin-kit/testing';
import { dropSchema, testPostgresUrl, uniqueSchemaName } from '../../../test/proxy/postgres-support.js';
import { statusParams } from '../../../test/proxy/support.js';
import plugin from '../index.js';
import type { DeliveryStatus } from './proxy-inbox.js';
import { numbersRefused } from './routing.js';
import { ACCOUNT, ClientFactory, CLIENT_KEY, postWebhook, QUICK_PROXY, readMessages, smsParams, startTestProxy, type TestProxy } from './test-harness.js';

/*
 * Several clinics on one Twilio account, each with its own client naming its numbers: each
 * client gets only its clinic's replies, and a reply to one clinic is never leased by another.
 * Real proxy over real HTTP, on SQLite and on PostgreSQL, both transports.
 */

const CLINIC_A = '+61299990001';
const CLINIC_B = '+61299990002';

let sequence = 0x20000;
/** Posts a signed incoming SMS sent to `to` and returns its MessageSid. */
async function textTo(proxyUrl: string, to: string, body: string): Promise<string> {
  const params = smsParams(++sequence, { To: to, Body: body });
  const response = await postWebhook(proxyUrl, '/twilio', params);
  if (response.status !== 200) throw new Error(`webhook refused: ${response.status}`);
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
      return { config: { storage: { type: 'postgres', connectionString: url, schema, poolSize: 4 } }, cleanup: () => dropSchema(url, schema) };
    },
  },
];

for (const backend of backends) {
  describe(`proxy-default client: several clinics on one account (${backend.name})`, function () {
    this.timeout(15_000);
    let proxy: TestProxy;
    let clients: ClientFactory;
    let cleanup: (() => Promise<void>) | undefined;
    let storageConfig: Record<string, unknown> = {};

    beforeEach(async function () {
      const storage = await backend.storage();
      if (!storage) return this.skip();
      cleanup = storage.cleanup;
      storageConfig = storage.config;
      proxy = await startTestProxy({ config: { ...QUICK_PROXY, ...storage.config } });
      clients = new ClientFactory(() => proxy.url);
    });
    afterEach(async () => {
      await clients?.closeAll();
      await proxy?.destroy();
      await cleanup?.();
      cleanup = undefined;
    });

    for (const transport of ['stream', 'poll'] as const) {
      it(`each client gets only its clinic's replies; B's are never leased by A, however often A asks (${transport})`, async () => {
        const a = await clients.client({ transport, numbers: [CLINIC_A] });
        const b = await clients.client({ transport, numbers: [CLINIC_B] });
        // A is connected and asking throughout, while replies for both clinics arrive.
        const readingA = readMessages(a.inbox, 2);
        const b1 = await textTo(proxy.url, CLINIC_B, 'B one');
        const a1 = await textTo(proxy.url, CLINIC_A, 'A one');
        const b2 = await textTo(proxy.url, CLINIC_B, 'B two');
        const a2 = await textTo(proxy.url, CLINIC_A, 'A two');
        expect((await readingA).map((m) => [m.id, m.body])).to.deep.equal([
          [a1, 'A one'],
          [a2, 'A two'],
        ]);
        // The proxy's clock never moved, so no lease ran out: had A leased B's replies, B would not get them now.
        const gotB = await readMessages(b.inbox, 2);
        expect(gotB.map((m) => [m.id, m.body])).to.deep.equal([
          [b1, 'B one'],
          [b2, 'B two'],
        ]);
        for (const m of gotB) await b.inbox.ack(m.id);
        expect(a.health().data).to.include({ messagesReceived: 2, otherNumbers: 0 });
        expect(b.health().data).to.include({ messagesReceived: 2, otherNumbers: 0 });
      });
    }

    it('a client without numbers still gets every reply of the account', async () => {
      const a1 = await textTo(proxy.url, CLINIC_A, 'A one');
      const b1 = await textTo(proxy.url, CLINIC_B, 'B one');
      const all = await clients.client();
      expect((await readMessages(all.inbox, 2)).map((m) => m.id)).to.deep.equal([a1, b1]);
    });

    for (const transport of ['stream', 'poll'] as const) {
      it(`on a proxy account marked requireNumbers, a client without numbers stops with a config error naming inbox.options.numbers; one with them reads (${transport})`, async () => {
        await proxy.destroy();
        proxy = await startTestProxy({ account: { requireNumbers: true }, config: { ...QUICK_PROXY, ...storageConfig } });
        const a1 = await textTo(proxy.url, CLINIC_A, 'A one');
        const unnamed = await clients.client({ transport });
        const error = await expectRejection(() => readMessages(unnamed.inbox, 1), ConfigError);
        expect(error.message).to.match(/^inbox\.options\.numbers: the reply proxy serves this Twilio account to several clinics/);
        expect(unnamed.health().status).to.equal('down');
        const a = await clients.client({ transport, numbers: [CLINIC_A] });
        expect((await readMessages(a.inbox, 1)).map((m) => [m.id, m.body])).to.deep.equal([[a1, 'A one']]);
      });
    }

    it("a client never acknowledges an id it did not receive: B's reply survives A acknowledging its id", async () => {
      const a = await clients.client({ transport: 'poll', numbers: [CLINIC_A] });
      const b1 = await textTo(proxy.url, CLINIC_B, 'B one');
      await a.inbox.ack(b1);
      expect(a.health().data).to.include({ acksRefused: 1, acksSent: 0 });
      const b = await clients.client({ transport: 'poll', numbers: [CLINIC_B] });
      expect((await readMessages(b.inbox, 1)).map((m) => m.id)).to.deep.equal([b1]);
    });

    it('passes delivery statuses of texts sent from its numbers only', async () => {
      const a = await clients.client({ numbers: [CLINIC_A] });
      const b = await clients.client({ numbers: [CLINIC_B] });
      const statusesA: DeliveryStatus[] = [];
      const statusesB: DeliveryStatus[] = [];
      // B reads until its status arrives; whatever replies it yields meanwhile are collected.
      const stopB = new AbortController();
      a.inbox.onDeliveryStatus((status) => statusesA.push(status));
      b.inbox.onDeliveryStatus((status) => {
        statusesB.push(status);
        stopB.abort();
      });
      const repliesB: string[] = [];
      const readingB = (async () => {
        for await (const message of b.inbox.messages(stopB.signal)) repliesB.push(message.id);
      })();
      const reply = await textTo(proxy.url, CLINIC_A, 'A one');
      const fromB = statusParams(1, 'delivered', { From: CLINIC_B, To: '+61412345678' });
      expect((await postWebhook(proxy.url, '/twilio/status', fromB)).status).to.equal(204);
      const readA = await readMessages(a.inbox, 1);
      await readingB;
      expect(readA.map((m) => m.id)).to.deep.equal([reply]);
      expect(repliesB).to.deep.equal([]);
      expect(statusesB.map((s) => [s.messageSid, s.status])).to.deep.equal([[fromB.MessageSid, 'delivered']]);
      expect(statusesA).to.deep.equal([]);
    });
  });
}

describe('proxy-default client: numbers', function () {
  this.timeout(15_000);
  const valid = (extra: Record<string, unknown> = {}) => ({ url: 'https://replies.example.org', accountSid: ACCOUNT, clientKey: CLIENT_KEY, ...extra });

  it('takes one to twenty distinct E.164 numbers, and nothing else', () => {
    expect(resolvePluginOptions(plugin, valid({ numbers: [CLINIC_A, CLINIC_B] })).numbers).to.deep.equal([CLINIC_A, CLINIC_B]);
    expect(resolvePluginOptions(plugin, valid()).numbers).to.equal(undefined);
    const twenty = Array.from({ length: 20 }, (_, i) => `+6129999${String(i).padStart(4, '0')}`);
    expect(() => resolvePluginOptions(plugin, valid({ numbers: twenty }))).to.not.throw();
    for (const numbers of [[], ['0299990001'], ['+61 2 9999 0001'], ['+0299990001'], [CLINIC_A, CLINIC_A], [...twenty, '+61299999999'], CLINIC_A]) {
      expect(() => resolvePluginOptions(plugin, valid({ numbers })), JSON.stringify(numbers)).to.throw(/numbers/);
    }
  });

  it('takes a 400 naming to as the proxy refusing the numbers (a config error), and no other 400', async () => {
    const answer = (message: string) =>
      new Response(JSON.stringify({ error: 'invalid_request', message }), { status: 400, headers: { 'content-type': 'application/json' } });
    const refused = await numbersRefused(answer('querystring/to must NOT have more than 20 items'));
    expect(refused).to.be.instanceOf(ConfigError);
    expect(refused!.message).to.match(/^inbox\.options\.numbers: /);
    expect(await numbersRefused(answer('querystring/wait must be <= 30'))).to.equal(undefined);
    expect(await numbersRefused(new Response('not json', { status: 400 }))).to.equal(undefined);
  });

  it('refuses numbers with the legacy protocol, which cannot route by number', async () => {
    const context = createTestContext({ logger: createSilentLogger() });
    try {
      const options = resolvePluginOptions(plugin, { url: 'https://replies.example.org', accountSid: ACCOUNT, protocol: 'legacy', numbers: [CLINIC_A] });
      expect(() => plugin.create(options, context)).to.throw(ConfigError, /inbox\.options\.numbers/);
    } finally {
      await context.close();
    }
  });

  it('skips, and never acknowledges, what a proxy that ignores the numbers sends for other clinics', async () => {
    const acked: string[] = [];
    const message = (id: string, to: string) => ({
      id,
      kind: 'sms',
      messageSid: id,
      from: '+61412345678',
      to,
      body: 'x',
      receivedAt: new Date().toISOString(),
      deliveries: 1,
    });
    // An older proxy: ignores `to` and hands out the whole account.
    const server: Server = createServer((request, response) => {
      if (request.method === 'POST') {
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString()));
        request.on('end', () => {
          acked.push(...(JSON.parse(body) as { ids: string[] }).ids);
          response.writeHead(200, { 'content-type': 'application/json' }).end('{"acked":1}');
        });
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ messages: [message('SMforB', CLINIC_B), message('SMforA', CLINIC_A)], leaseSeconds: 60 }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const clients = new ClientFactory(() => `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    try {
      const a = await clients.client({ transport: 'poll', numbers: [CLINIC_A] });
      const [got] = await readMessages(a.inbox, 1);
      expect(got!.id).to.equal('SMforA');
      await a.inbox.ack('SMforA');
      await a.inbox.ack('SMforB');
      await waitFor(() => acked.includes('SMforA'), { what: "the ack of A's reply" });
      expect(acked).to.not.include('SMforB');
      const health = a.health();
      expect(health.status).to.equal('degraded');
      expect(health.detail).to.match(/other numbers/);
      expect(health.data).to.include({ acksRefused: 1 });
      expect(JSON.stringify(health)).to.not.include(CLINIC_B);
    } finally {
      await clients.closeAll();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
