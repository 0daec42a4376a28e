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

  it('when on, answers the original clients\' shape and removes what it returned', async () => {
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
