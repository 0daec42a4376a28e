import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AuthError, ConfigError } from '@clinic-arrivals/plugin-kit';
import { expectRejection, ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { legacyMessageId } from './wire.js';
import { ClientFactory, readMessages, startTestProxy, textFrom, type TestProxy } from './test-harness.js';

describe('proxy-default client: protocol legacy (GET /twilio?AccountSid=)', function () {
  this.timeout(10_000);
  let proxy: TestProxy;
  let dir: string;
  let clients: ClientFactory;
  const legacy = { protocol: 'legacy' as const, clientKey: undefined, legacyPollSeconds: 1 };

  beforeEach(async () => {
    proxy = await startTestProxy({ config: { legacyEndpoint: true } });
    dir = mkdtempSync(join(tmpdir(), 'ca-legacy-client-'));
    clients = new ClientFactory(() => proxy.url, join(dir, 'host.sqlite'));
  });
  afterEach(async () => {
    await clients.closeAll();
    await proxy.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fetches replies without a key, with stable ids made from sender, date and text', async () => {
    await textFrom(proxy.url, '+61412345678', 'YES');
    const client = await clients.client(legacy);
    await client.start();
    await textFrom(proxy.url, '+61412345679', 'arrived');
    const seen = await readMessages(client.inbox, 2);
    expect(seen.map((m) => [m.from, m.body])).to.deep.equal([
      ['+61412345678', 'YES'],
      ['+61412345679', 'arrived'],
    ]);
    const receivedAt = new Date(proxy.clock.now()).toISOString();
    expect(seen[0]).to.deep.equal({
      id: legacyMessageId({ from: '+61412345678', date: receivedAt, body: 'YES' }),
      from: '+61412345678',
      body: 'YES',
      receivedAt,
    });
    expect(seen[0]!.id)
      .to.match(/^legacy-[0-9a-f]{32}$/)
      .and.not.equal(seen[1]!.id);
  });

  it('keeps fetched, unacknowledged replies in the host store: a restarted client hands them out again', async () => {
    await textFrom(proxy.url, '+61412345678', 'YES');
    await textFrom(proxy.url, '+61412345679', 'no');
    const first = await clients.client(legacy);
    const seen = await readMessages(first.inbox, 2);
    await first.inbox.ack(seen[0]!.id);
    await first.stop();
    // The legacy server has forgotten both; only the journal still has the unacknowledged one.
    const again = await readMessages((await clients.client(legacy)).inbox, 2, 600);
    expect(again.map((m) => m.id)).to.deep.equal([seen[1]!.id]);
  });

  it('hands a fetched reply the host did not acknowledge out again after a minute, on the same stream', async () => {
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    const local = new ClientFactory(() => proxy.url, ':memory:', clock);
    try {
      const client = await local.client(legacy);
      await textFrom(proxy.url, '+61412345678', 'YES');
      const controller = new AbortController();
      const iterator = client.inbox.messages(controller.signal)[Symbol.asyncIterator]();
      try {
        const first = (await iterator.next()).value!;
        const again = iterator.next();
        clock.advance(60_000);
        expect((await again).value).to.deep.equal(first);
      } finally {
        controller.abort();
        await iterator.return?.(undefined);
      }
    } finally {
      await local.closeAll();
    }
  });

  it('hands out a message once even when an original-style server returns it on every fetch', async () => {
    const message = { from: '+61412345678', date: '2026-11-23T08:00:00.000Z', body: 'YES' };
    let fetches = 0;
    const server = createServer((_request, response) => {
      fetches += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messages: [message] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const client = await clients.client({ ...legacy, url });
      const seen = await readMessages(client.inbox, 2, 1300);
      expect(seen.map((m) => m.id)).to.deep.equal([legacyMessageId(message)]);
      await client.inbox.ack(seen[0]!.id);
      expect(await readMessages(client.inbox, 1, 1300)).to.deep.equal([]);
      expect(fetches).to.be.greaterThan(2);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('start(): an account the proxy does not serve is an AuthError; a proxy without the endpoint a ConfigError', async () => {
    const other = await clients.client({ ...legacy, accountSid: `AC${'9'.repeat(32)}` });
    await expectRejection(() => other.start(), AuthError);
    const modern = await startTestProxy();
    try {
      const off = await clients.client({ ...legacy, url: modern.url });
      await expectRejection(() => off.start(), ConfigError);
    } finally {
      await modern.destroy();
    }
  });
});
