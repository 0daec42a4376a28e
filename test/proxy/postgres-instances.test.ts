import { expect } from 'chai';
import { bearer, openStream, postWebhook, smsParams, startTestProxy, untilPollsWait, type TestProxy } from './support.js';
import { dropSchema, testPostgresUrl, uniqueSchemaName } from './postgres-support.js';

describe('proxy: two instances on one PostgreSQL database', function () {
  this.timeout(15_000);
  let url: string | undefined;
  let schema: string;
  let a: TestProxy | undefined;
  let b: TestProxy | undefined;

  before(async function () {
    url = await testPostgresUrl();
    if (!url) return this.skip();
    schema = uniqueSchemaName();
    const storage = { type: 'postgres', connectionString: url, schema, poolSize: 3 };
    a = await startTestProxy({ config: { storage } });
    b = await startTestProxy({ config: { storage }, clock: a.clock });
  });
  after(async () => {
    await a?.destroy();
    await b?.destroy();
    if (url) await dropSchema(url, schema);
  });

  it('a stream on instance B hears a webhook stored by instance A (LISTEN/NOTIFY)', async () => {
    const stream = await openStream(b!.url);
    try {
      expect((await postWebhook(a!.url, '/twilio', smsParams(1))).status).to.equal(200);
      const event = await stream.next();
      expect(event.id).to.equal(smsParams(1).MessageSid);
    } finally {
      stream.close();
    }
  });

  it('a long poll on instance A wakes for a webhook stored by instance B; B then has nothing left to hand out', async () => {
    const waiting = fetch(`${a!.url}/v1/inbox?wait=30`, { headers: bearer() });
    await untilPollsWait(a!.url);
    expect((await postWebhook(b!.url, '/twilio', smsParams(2))).status).to.equal(200);
    const result = (await (await waiting).json()) as { messages: Array<{ id: string }> };
    expect(result.messages.map((m) => m.id)).to.deep.equal([smsParams(2).MessageSid]);
    const fromB = (await (await fetch(`${b!.url}/v1/inbox`, { headers: bearer() })).json()) as { messages: unknown[] };
    expect(fromB.messages).to.deep.equal([]);
    const ack = await fetch(`${b!.url}/v1/inbox/ack`, {
      method: 'POST',
      headers: { ...bearer(), 'content-type': 'application/json' },
      body: JSON.stringify({ ids: [smsParams(1).MessageSid, smsParams(2).MessageSid] }),
    });
    expect(await ack.json()).to.deep.equal({ acked: 2 });
  });

  it('a Twilio retry reaching the other instance is still a duplicate', async () => {
    await postWebhook(a!.url, '/twilio', smsParams(3));
    await postWebhook(b!.url, '/twilio', smsParams(3));
    const metricsA = await (await fetch(`${a!.url}/metrics`)).text();
    const metricsB = await (await fetch(`${b!.url}/metrics`)).text();
    expect(metricsA).to.include('ca_proxy_messages_pending 1');
    expect(metricsB).to.include('ca_proxy_webhooks_total{kind="sms",outcome="duplicate"} 1');
    expect(await (await fetch(`${b!.url}/healthz`)).json()).to.deep.equal({ status: 'ok', storage: 'postgres' });
  });
});
