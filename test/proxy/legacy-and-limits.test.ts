import { expect } from 'chai';
import { ACCOUNT, bearer, postWebhook, smsParams, startTestProxy, statusParams } from './support.js';

describe('proxy legacy endpoint', function () {
  this.timeout(10_000);

  it('is off by default: GET /twilio is 404 and hands out nothing', async () => {
    const proxy = await startTestProxy();
    try {
      await postWebhook(proxy.url, '/twilio', smsParams(1));
      const response = await fetch(`${proxy.url}/twilio?AccountSid=${ACCOUNT}`);
      expect(response.status).to.equal(404);
      const poll = (await (await fetch(`${proxy.url}/v1/inbox`, { headers: bearer() })).json()) as { messages: unknown[] };
      expect(poll.messages).to.have.length(1);
    } finally {
      await proxy.destroy();
    }
  });

  it("when on, answers the original clients' shape and removes what it returned", async () => {
    const proxy = await startTestProxy({ config: { legacyEndpoint: true } });
    try {
      await postWebhook(proxy.url, '/twilio', smsParams(1));
      await postWebhook(proxy.url, '/twilio/status', statusParams(2, 'delivered'));
      const response = await fetch(`${proxy.url}/twilio?AccountSid=${ACCOUNT}`);
      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.equal({
        messages: [{ from: '+61412345678', date: '2026-11-23T08:00:00.000Z', body: 'Yes & <thanks> 1' }],
      });
      expect(await (await fetch(`${proxy.url}/twilio?AccountSid=${ACCOUNT}`)).json()).to.deep.equal({ messages: [] });
      // Status callbacks are not for legacy clients; they stay for the modern API.
      const poll = (await (await fetch(`${proxy.url}/v1/inbox`, { headers: bearer() })).json()) as { messages: Array<{ kind: string }> };
      expect(poll.messages.map((m) => m.kind)).to.deep.equal(['status']);
      // A Twilio retry of a message handed out through the legacy endpoint is not stored again.
      await postWebhook(proxy.url, '/twilio', smsParams(1));
      expect(await (await fetch(`${proxy.url}/twilio?AccountSid=${ACCOUNT}`)).json()).to.deep.equal({ messages: [] });
      expect((await fetch(`${proxy.url}/twilio?AccountSid=nope`)).status).to.equal(400);
      expect((await fetch(`${proxy.url}/twilio?AccountSid=AC${'9'.repeat(32)}`)).status).to.equal(403);
    } finally {
      await proxy.destroy();
    }
  });
});

describe('proxy rate limits', function () {
  this.timeout(10_000);

  it('limits requests per client address with 429 and Retry-After, refilling over time', async () => {
    const proxy = await startTestProxy({ config: { rateLimit: { perIp: { perSecond: 1, burst: 3 } } } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await postWebhook(proxy.url, '/twilio', smsParams(i))).status);
      expect(statuses).to.deep.equal([200, 200, 200, 429]);
      const limited = await fetch(`${proxy.url}/v1/inbox`, { headers: bearer() });
      expect(limited.status).to.equal(429);
      expect(limited.headers.get('retry-after')).to.equal('1');
      expect((await fetch(`${proxy.url}/healthz`)).status).to.equal(200);
      proxy.clock.advance(1000);
      expect((await postWebhook(proxy.url, '/twilio', smsParams(9))).status).to.equal(200);
    } finally {
      await proxy.destroy();
    }
  });

  it('behind trusted reverse proxies, limits each forwarded client on its own, webhooks and client API alike', async () => {
    const behindOne = await startTestProxy({ config: { trustProxy: 1, rateLimit: { perIp: { perSecond: 1, burst: 2 } } } });
    const direct = await startTestProxy({ config: { rateLimit: { perIp: { perSecond: 1, burst: 2 } } } });
    const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });
    try {
      const statuses = async (proxy: typeof direct) => [
        (await postWebhook(proxy.url, '/twilio', smsParams(1), from('203.0.113.1'))).status,
        (await postWebhook(proxy.url, '/twilio', smsParams(2), from('203.0.113.1'))).status,
        (await fetch(`${proxy.url}/v1/inbox`, { headers: { ...bearer(), 'x-forwarded-for': '203.0.113.1' } })).status,
        (await postWebhook(proxy.url, '/twilio', smsParams(3), from('203.0.113.2'))).status,
      ];
      // Trusted: 203.0.113.1 used its two, and 203.0.113.2 has its own bucket.
      expect(await statuses(behindOne)).to.deep.equal([200, 200, 429, 200]);
      // Not trusted: X-Forwarded-For is whatever the client says, so everyone shares the peer's bucket.
      expect(await statuses(direct)).to.deep.equal([200, 200, 429, 429]);
    } finally {
      await behindOne.destroy();
      await direct.destroy();
    }
  });

  it('limits signed webhooks per account', async () => {
    const proxy = await startTestProxy({ config: { rateLimit: { perAccount: { perSecond: 1, burst: 2 } } } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await postWebhook(proxy.url, '/twilio', smsParams(i))).status);
      expect(statuses).to.deep.equal([200, 200, 429]);
      // Unsigned requests naming the account do not use up its budget.
      proxy.clock.advance(1000);
      for (let i = 0; i < 5; i++) await postWebhook(proxy.url, '/twilio', smsParams(10 + i), { signature: null });
      expect((await postWebhook(proxy.url, '/twilio', smsParams(20))).status).to.equal(200);
    } finally {
      await proxy.destroy();
    }
  });

  it('caps open streams per account', async () => {
    const proxy = await startTestProxy({ config: { stream: { maxPerAccount: 1 } } });
    const controller = new AbortController();
    try {
      const first = await fetch(`${proxy.url}/v1/inbox/stream`, { headers: bearer(), signal: controller.signal });
      expect(first.status).to.equal(200);
      const second = await fetch(`${proxy.url}/v1/inbox/stream`, { headers: bearer() });
      expect(second.status).to.equal(429);
    } finally {
      controller.abort();
      await proxy.destroy();
    }
  });
});
