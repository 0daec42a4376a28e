import { expect } from 'chai';
import type { DeliveryStatusUpdate, IncomingMessage } from '@clinic-arrivals/plugin-kit';
import { waitFor } from '@clinic-arrivals/plugin-kit/testing';
import { statusParams } from '../../../test/proxy/support.js';
import type { DeliveryStatus } from './proxy-inbox.js';
import { ClientFactory, postWebhook, QUICK_PROXY, readMessages, smsParams, startTestProxy, textFrom, type TestProxy } from './test-harness.js';

describe('proxy-default client: delivery is at least once and never lost', function () {
  this.timeout(15_000);
  let proxy: TestProxy;
  let clients: ClientFactory;

  beforeEach(async () => {
    proxy = await startTestProxy({ config: QUICK_PROXY });
    clients = new ClientFactory(() => proxy.url);
  });
  afterEach(async () => {
    await clients.closeAll();
    await proxy.destroy();
  });

  for (const transport of ['stream', 'poll'] as const) {
    it(`hands a message received but not acknowledged to a new client after the lease (${transport})`, async () => {
      const sid = await textFrom(proxy.url, '+61412345678', 'YES');
      const killed = await clients.client({ transport });
      const [received] = await readMessages(killed.inbox, 1);
      expect(received!.id).to.equal(sid);
      await killed.stop(); // gone between receive and ack

      const fresh = await clients.client({ transport });
      // Within the lease the message is still promised to the old client.
      expect(await readMessages(fresh.inbox, 1, 300)).to.deep.equal([]);
      proxy.clock.advance(QUICK_PROXY.leaseSeconds * 1000 + 1);
      const [again] = await readMessages(fresh.inbox, 1);
      expect(again).to.deep.equal(received);
      await fresh.inbox.ack(sid);
      proxy.clock.advance(QUICK_PROXY.leaseSeconds * 1000 + 1);
      expect(await readMessages((await clients.client({ transport })).inbox, 1, 300)).to.deep.equal([]);
    });
  }

  it('keeps pending messages across a proxy restart on the same SQLite file', async () => {
    const first = await textFrom(proxy.url, '+61412345678', 'YES');
    const second = await textFrom(proxy.url, '+61412345679', 'no');
    proxy = await proxy.restart();
    const client = await clients.client();
    await client.start();
    const seen = await readMessages(client.inbox, 2);
    expect(seen.map((m) => [m.id, m.body])).to.deep.equal([
      [first, 'YES'],
      [second, 'no'],
    ]);
  });

  it('stores a webhook Twilio posts twice once, and yields it once', async () => {
    const params = smsParams(7, { Body: 'arrived' });
    const client = await clients.client();
    const reading = readMessages(client.inbox, 2, 800);
    expect((await postWebhook(proxy.url, '/twilio', params)).status).to.equal(200);
    expect((await postWebhook(proxy.url, '/twilio', params)).status).to.equal(200);
    const seen = await reading;
    expect(seen.map((m) => m.id)).to.deep.equal([params.MessageSid]);
    await client.inbox.ack(params.MessageSid!);
    // A retry after the ack finds the tombstone: still not stored again.
    await postWebhook(proxy.url, '/twilio', params);
    proxy.clock.advance(QUICK_PROXY.leaseSeconds * 1000 + 1);
    expect(await readMessages(client.inbox, 1, 300)).to.deep.equal([]);
  });

  it('drops a redelivery of a message it already acknowledged, and acknowledges it again', async () => {
    const sid = await textFrom(proxy.url, '+61412345678', 'YES');
    // Slow ack retries, so the redelivery surely comes before the retried ack.
    const client = await clients.client({ reconnect: { minDelayMs: 2000, maxDelayMs: 2000 } });
    await readMessages(client.inbox, 1);
    // The proxy is down when the ack is sent: the ack waits in the client, the message stays pending there.
    const port = new URL(proxy.url).port;
    await proxy.stop();
    await client.inbox.ack(sid);
    expect(client.health().data!.acksPending).to.equal(1);
    proxy = await startTestProxy({ dir: proxy.dir, clock: proxy.clock, config: { ...QUICK_PROXY, listen: { host: '127.0.0.1', port: Number(port) } } });
    proxy.clock.advance(QUICK_PROXY.leaseSeconds * 1000 + 1);
    // Read the stream until the client reports the redelivery dropped (an event, not a time window).
    const reading = new AbortController();
    const passedOn: unknown[] = [];
    const read = (async () => {
      try {
        for await (const message of client.inbox.messages(reading.signal)) passedOn.push(message);
      } catch (error) {
        if (!reading.signal.aborted) throw error;
      }
    })();
    await waitFor(() => client.health().data!.duplicatesDropped === 1, { timeoutMs: 15_000, what: 'the redelivery was dropped' });
    reading.abort();
    await read;
    expect(passedOn).to.deep.equal([]);
    await waitFor(() => client.health().data!.acksPending === 0, { timeoutMs: 15_000, what: 'the ack reached the proxy' });
    const fresh = await clients.client();
    proxy.clock.advance(QUICK_PROXY.leaseSeconds * 1000 + 1);
    expect(await readMessages(fresh.inbox, 1, 300)).to.deep.equal([]);
  });

  it('consumes delivery status callbacks: acknowledged, counted and passed to listeners, never handed to the engine', async () => {
    const client = await clients.client();
    const statuses: DeliveryStatus[] = [];
    client.inbox.onDeliveryStatus((status) => statuses.push(status));
    await postWebhook(proxy.url, '/twilio/status', statusParams(1, 'delivered'));
    await postWebhook(proxy.url, '/twilio/status', statusParams(2, 'undelivered', { ErrorCode: '30003' }));
    const reply = await textFrom(proxy.url, '+61412345678', 'arrived');
    const seen = await readMessages(client.inbox, 1);
    expect(seen.map((m: IncomingMessage) => m.id)).to.deep.equal([reply]);
    expect(statuses.map((s) => [s.messageSid, s.status, s.errorCode])).to.deep.equal([
      [statusParams(1, 'delivered').MessageSid, 'delivered', undefined],
      [statusParams(2, 'undelivered').MessageSid, 'undelivered', '30003'],
    ]);
    const data = client.health().data!;
    expect(data.statusCallbacks).to.equal(2);
    expect(data.deliveryStatuses).to.deep.equal({ delivered: 1, undelivered: 1 });
    expect(data.messagesReceived).to.equal(1);
    // The callbacks were acknowledged: after the lease only the unacknowledged reply comes back.
    await waitFor(() => client.health().data!.acksSent === 2, { what: 'status acks sent' });
    proxy.clock.advance(QUICK_PROXY.leaseSeconds * 1000 + 1);
    const again = await readMessages((await clients.client()).inbox, 3, 500);
    expect(again.map((m) => m.id)).to.deep.equal([reply]);
  });

  for (const transport of ['stream', 'poll'] as const) {
    it(`hands status callbacks to the host's handler and acknowledges each only once the handler has stored it (${transport})`, async () => {
      const client = await clients.client({ transport });
      const stored: DeliveryStatusUpdate[] = [];
      let failNext = true;
      client.inbox.setDeliveryStatusHandler(async (update) => {
        // The first report cannot be stored (say the disk is full): the proxy must hand it out again.
        if (failNext) {
          failNext = false;
          throw new Error('store unavailable');
        }
        stored.push(update);
      });
      const undelivered = statusParams(3, 'undelivered', { ErrorCode: '30003' });
      await postWebhook(proxy.url, '/twilio/status', undelivered);
      const reply = await textFrom(proxy.url, '+61412345678', 'arrived');
      const seen = await readMessages(client.inbox, 1);
      expect(seen.map((m) => m.id)).to.deep.equal([reply]);
      expect(stored).to.deep.equal([]);
      expect(client.health().data).to.include({ statusCallbacks: 1, statusesNotStored: 1, acksSent: 0 });

      // After the lease the proxy hands the report out again; now it is stored, then acknowledged.
      proxy.clock.advance(QUICK_PROXY.leaseSeconds * 1000 + 1);
      await readMessages(client.inbox, 1, 2500);
      expect(stored).to.deep.equal([
        {
          id: `${undelivered.MessageSid}:undelivered`,
          providerId: undelivered.MessageSid,
          status: 'undelivered',
          errorCode: '30003',
          at: stored[0]?.at,
        },
      ]);
      expect(Number.isFinite(Date.parse(stored[0]!.at))).to.equal(true);
      await waitFor(() => client.health().data!.acksSent === 1, { what: 'the status ack' });
      proxy.clock.advance(QUICK_PROXY.leaseSeconds * 1000 + 1);
      await readMessages(client.inbox, 2, 600);
      expect(stored, 'acknowledged: never handed out again').to.have.length(1);
    });
  }
});
