import { expect } from 'chai';
import {
  ACCOUNT,
  CLIENT_KEY,
  OTHER_ACCOUNT,
  OTHER_KEY,
  bearer,
  openStream,
  postWebhook,
  smsParams,
  startTestProxy,
  untilPollsWait,
  type TestProxy,
} from './support.js';

interface PollResult {
  messages: Array<{ id: string; body: string; deliveries: number }>;
  leaseSeconds: number;
}

async function poll(proxy: TestProxy, query = ''): Promise<PollResult> {
  const response = await fetch(`${proxy.url}/v1/inbox${query}`, { headers: bearer() });
  expect(response.status).to.equal(200);
  return (await response.json()) as PollResult;
}

async function ack(proxy: TestProxy, ids: string[]): Promise<number> {
  const response = await fetch(`${proxy.url}/v1/inbox/ack`, {
    method: 'POST',
    headers: { ...bearer(), 'content-type': 'application/json' },
    body: JSON.stringify({ ids }),
  });
  expect(response.status).to.equal(200);
  return ((await response.json()) as { acked: number }).acked;
}

describe('proxy client API', function () {
  this.timeout(15_000);
  let proxy: TestProxy;
  beforeEach(async () => {
    proxy = await startTestProxy({ config: { leaseSeconds: 60, stream: { heartbeatSeconds: 1 } } });
  });
  afterEach(async () => {
    await proxy.destroy();
  });

  it("refuses missing, wrong and other accounts' keys with 401; the AccountSid alone is not enough", async () => {
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: `Bearer ${ACCOUNT}` },
      { authorization: `Bearer ${ACCOUNT}:` },
      bearer(ACCOUNT, 'wrong-key-wrong-key-wrong-key-wrong'),
      bearer(ACCOUNT, OTHER_KEY),
      bearer(OTHER_ACCOUNT, CLIENT_KEY),
      bearer('AC' + '9'.repeat(32), CLIENT_KEY),
      { authorization: `Basic ${Buffer.from(`${ACCOUNT}:${CLIENT_KEY}`).toString('base64')}` },
    ];
    for (const headers of attempts) {
      const response = await fetch(`${proxy.url}/v1/inbox`, { headers });
      expect(response.status, JSON.stringify(headers)).to.equal(401);
      expect(response.headers.get('www-authenticate')).to.match(/^Bearer/);
    }
    const stream = await fetch(`${proxy.url}/v1/inbox/stream`, { headers: bearer(ACCOUNT, OTHER_KEY) });
    const acked = await fetch(`${proxy.url}/v1/inbox/ack`, {
      method: 'POST',
      headers: { ...bearer(OTHER_ACCOUNT, CLIENT_KEY), 'content-type': 'application/json' },
      body: '{"ids":["x"]}',
    });
    expect([stream.status, acked.status]).to.deep.equal([401, 401]);
  });

  it('slows down wrong keys for an account from an address (429 after 10 failures), yet lets the right key from that address in', async () => {
    const guess = async (i: number, account = ACCOUNT) =>
      (await fetch(`${proxy.url}/v1/inbox`, { headers: bearer(account, `guess-${i}-guess-guess-guess-guess`) })).status;
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push(await guess(i));
    expect(statuses).to.deep.equal([...Array(10).fill(401), 429]);
    // The right key, from the same address, before the proxy has ever seen it (no cache to lean on).
    expect((await fetch(`${proxy.url}/v1/inbox`, { headers: bearer() })).status).to.equal(200);
    // Wrong keys are still refused, with Retry-After; now answered without scrypt.
    const refused = await fetch(`${proxy.url}/v1/inbox`, { headers: bearer(ACCOUNT, 'guess-x-guess-guess-guess-guess') });
    expect(refused.status).to.equal(429);
    expect(refused.headers.get('retry-after')).to.equal('6');
    expect((await fetch(`${proxy.url}/v1/inbox/stream`, { headers: bearer(ACCOUNT, OTHER_KEY) })).status).to.equal(429);
    // The stream and acks work with the right key too.
    const stream = await openStream(proxy.url);
    expect(stream.response.status).to.equal(200);
    stream.close();
    expect(await ack(proxy, ['SM-none'])).to.equal(0);
    // Another account's key id has a bucket of its own at the same address.
    expect(await guess(20, OTHER_ACCOUNT)).to.equal(401);
    expect((await fetch(`${proxy.url}/v1/inbox`, { headers: bearer(OTHER_ACCOUNT, OTHER_KEY) })).status).to.equal(200);
    proxy.clock.advance(6_000);
    expect(await guess(21)).to.equal(401);
    expect(await guess(22)).to.equal(429);
  });

  it('a valid key already in use keeps working while wrong keys for its account from the same address are refused', async () => {
    expect((await poll(proxy)).messages).to.deep.equal([]);
    for (let i = 0; i < 10; i++) {
      expect((await fetch(`${proxy.url}/v1/inbox`, { headers: bearer(ACCOUNT, `guess-${i}-guess-guess-guess-guess`) })).status).to.equal(401);
    }
    for (let i = 0; i < 5; i++) {
      expect((await fetch(`${proxy.url}/v1/inbox`, { headers: bearer(ACCOUNT, `guess-${i}-guess-guess-guess-guess`) })).status).to.equal(429);
      expect((await poll(proxy)).messages).to.deep.equal([]);
    }
    // Malformed headers share one bucket per address, apart from any account's.
    for (let i = 0; i < 11; i++) await fetch(`${proxy.url}/v1/inbox`, { headers: { authorization: `Bearer nope-${i}:key` } });
    expect((await fetch(`${proxy.url}/v1/inbox`, { headers: { authorization: 'Bearer nope:key' } })).status).to.equal(429);
    expect((await poll(proxy)).messages).to.deep.equal([]);
  });

  it('a long poll returns as soon as a message arrives', async () => {
    const waiting = poll(proxy, '?wait=30');
    await untilPollsWait(proxy.url);
    expect((await postWebhook(proxy.url, '/twilio', smsParams(1))).status).to.equal(200);
    const result = await waiting;
    expect(result.messages.map((m) => m.id)).to.deep.equal([smsParams(1).MessageSid]);
    expect(result.leaseSeconds).to.equal(60);
  });

  it('a poll without wait answers at once, empty when nothing is pending', async () => {
    expect((await poll(proxy)).messages).to.deep.equal([]);
  });

  it('refuses a wait longer than the configured maximum', async () => {
    const response = await fetch(`${proxy.url}/v1/inbox?wait=31`, { headers: bearer() });
    expect(response.status).to.equal(400);
  });

  it('ack deletes; an unacknowledged message is delivered again after the lease', async () => {
    await postWebhook(proxy.url, '/twilio', smsParams(1));
    await postWebhook(proxy.url, '/twilio', smsParams(2));
    const first = await poll(proxy);
    expect(first.messages.map((m) => [m.id, m.deliveries])).to.deep.equal([
      [smsParams(1).MessageSid, 1],
      [smsParams(2).MessageSid, 1],
    ]);
    expect(await ack(proxy, [smsParams(1).MessageSid!, 'SMnot-there'])).to.equal(1);
    expect((await poll(proxy)).messages).to.deep.equal([]);
    proxy.clock.advance(59_999);
    expect((await poll(proxy)).messages).to.deep.equal([]);
    proxy.clock.advance(1);
    const again = await poll(proxy);
    expect(again.messages.map((m) => [m.id, m.deliveries])).to.deep.equal([[smsParams(2).MessageSid, 2]]);
    expect(await ack(proxy, [smsParams(2).MessageSid!])).to.equal(1);
    proxy.clock.advance(3_600_000);
    expect((await poll(proxy)).messages).to.deep.equal([]);
  });

  it('rejects malformed acks with 400', async () => {
    const tooMany = JSON.stringify({ ids: Array.from({ length: 501 }, (_, i) => `SM${i}`) });
    for (const body of ['{}', '{"ids":[]}', '{"ids":[{}]}', 'not json', '{"ids":["a"],"__proto__":{"x":1}}', tooMany]) {
      const response = await fetch(`${proxy.url}/v1/inbox/ack`, { method: 'POST', headers: { ...bearer(), 'content-type': 'application/json' }, body });
      expect(response.status, body).to.equal(400);
    }
  });

  it('the stream sends retry, pending messages, then new ones as they arrive, with id lines', async () => {
    await postWebhook(proxy.url, '/twilio', smsParams(1));
    const stream = await openStream(proxy.url);
    try {
      expect(stream.response.status).to.equal(200);
      expect(stream.response.headers.get('content-type')).to.match(/^text\/event-stream/);
      const first = await stream.next();
      expect(first.event).to.equal('message');
      expect(first.id).to.equal(smsParams(1).MessageSid);
      expect(JSON.parse(first.data)).to.include({ id: smsParams(1).MessageSid, kind: 'sms', body: 'Yes & <thanks> 1' });
      await postWebhook(proxy.url, '/twilio', smsParams(2));
      const second = await stream.next();
      expect(second.id).to.equal(smsParams(2).MessageSid);
      expect(stream.raw.startsWith('retry: 3000\n')).to.equal(true);
    } finally {
      stream.close();
    }
  });

  it('the stream re-sends a message whose lease ran out unacknowledged, and sends heartbeats', async () => {
    const stream = await openStream(proxy.url);
    try {
      await postWebhook(proxy.url, '/twilio', smsParams(1));
      const first = await stream.next();
      await postWebhook(proxy.url, '/twilio', smsParams(2));
      const second = await stream.next();
      await ack(proxy, [second.id!]);
      proxy.clock.advance(60_000);
      const again = await stream.next();
      expect([first.id, again.id]).to.deep.equal([smsParams(1).MessageSid, smsParams(1).MessageSid]);
      expect(JSON.parse(again.data).deliveries).to.equal(2);
      expect(stream.raw).to.include(': heartbeat\n\n');
    } finally {
      stream.close();
    }
  });

  it('keeps pending messages across a restart on the same SQLite file', async () => {
    await postWebhook(proxy.url, '/twilio', smsParams(1));
    await postWebhook(proxy.url, '/twilio', smsParams(2));
    await ack(proxy, [smsParams(2).MessageSid!]);
    proxy = await proxy.restart();
    expect((await poll(proxy)).messages.map((m) => m.id)).to.deep.equal([smsParams(1).MessageSid]);
    // The acknowledged one stays acknowledged: a late Twilio retry is not stored again.
    await postWebhook(proxy.url, '/twilio', smsParams(2));
    proxy.clock.advance(60_000);
    expect((await poll(proxy)).messages.map((m) => m.id)).to.deep.equal([smsParams(1).MessageSid]);
  });

  it('the retention sweep deletes what is older than the retention and nothing else', async () => {
    await postWebhook(proxy.url, '/twilio', smsParams(1));
    await poll(proxy); // leased, never acknowledged
    proxy.clock.advance(12 * 3_600_000);
    await postWebhook(proxy.url, '/twilio', smsParams(2));
    proxy.clock.advance(12 * 3_600_000 - 1);
    expect(await proxy.proxy.sweepNow()).to.deep.equal({ messages: 0, tombstones: 0 });
    proxy.clock.advance(2);
    expect(await proxy.proxy.sweepNow()).to.deep.equal({ messages: 1, tombstones: 0 });
    expect((await poll(proxy)).messages.map((m) => m.id)).to.deep.equal([smsParams(2).MessageSid]);
  });

  it('serves /healthz and Prometheus /metrics', async () => {
    await postWebhook(proxy.url, '/twilio', smsParams(1));
    await postWebhook(proxy.url, '/twilio', smsParams(1));
    await postWebhook(proxy.url, '/twilio', smsParams(2), { signature: null });
    await poll(proxy);
    const health = await fetch(`${proxy.url}/healthz`);
    expect(await health.json()).to.deep.equal({ status: 'ok', storage: 'sqlite' });
    const metrics = await (await fetch(`${proxy.url}/metrics`)).text();
    expect(metrics).to.include('ca_proxy_webhooks_total{kind="sms",outcome="accepted"} 1');
    expect(metrics).to.include('ca_proxy_webhooks_total{kind="sms",outcome="duplicate"} 1');
    expect(metrics).to.include('ca_proxy_webhooks_total{kind="sms",outcome="bad_signature"} 1');
    expect(metrics).to.include('ca_proxy_deliveries_total{channel="poll"} 1');
    expect(metrics).to.include('ca_proxy_messages_pending 1');
    expect(metrics).to.include('ca_proxy_stream_clients 0');
    expect(metrics).not.to.include(ACCOUNT);
  });
});
