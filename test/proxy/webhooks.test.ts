import { expect } from 'chai';
import { request as httpRequest } from 'node:http';
import twilio from 'twilio';
import { EMPTY_TWIML } from '../../plugins/proxy-default/server/twiml.js';
import {
  ACCOUNT,
  AUTH_TOKEN,
  OTHER_ACCOUNT,
  OTHER_TOKEN,
  PUBLIC_URL,
  bearer,
  postWebhook,
  smsParams,
  startTestProxy,
  statusParams,
  type TestProxy,
} from './support.js';

async function pending(proxy: TestProxy, account = ACCOUNT, key?: string): Promise<Array<Record<string, unknown>>> {
  const response = await fetch(`${proxy.url}/v1/inbox`, { headers: key ? bearer(account, key) : bearer(account) });
  expect(response.status).to.equal(200);
  return ((await response.json()) as { messages: Array<Record<string, unknown>> }).messages;
}

/** Posts a signed webhook body in the given chunks (Transfer-Encoding: chunked); resolves with the status and whether the server closed the connection. */
function postInChunks(baseUrl: string, params: Record<string, string>, chunks: Buffer[]): Promise<{ status: number; closed: boolean }> {
  const url = new URL('/twilio', baseUrl);
  const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/twilio`, params);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, closed: response.headers.connection === 'close' }));
      },
    );
    request.on('error', reject);
    const send = (index: number) => {
      if (index === chunks.length) return request.end();
      // Each chunk in its own tick, so the server sees them as separate reads.
      request.write(chunks[index], () => setTimeout(() => send(index + 1), 5));
    };
    send(0);
  });
}

describe('proxy webhooks', function () {
  this.timeout(10_000);
  let proxy: TestProxy;
  beforeEach(async () => {
    proxy = await startTestProxy();
  });
  afterEach(async () => {
    await proxy.destroy();
  });

  it('accepts a signed SMS webhook, answers empty TwiML and stores it under its account', async () => {
    const response = await postWebhook(proxy.url, '/twilio', smsParams(1));
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^text\/xml/);
    expect(await response.text()).to.equal(EMPTY_TWIML);
    const messages = await pending(proxy);
    expect(messages).to.have.length(1);
    expect(messages[0]).to.include({
      id: smsParams(1).MessageSid,
      kind: 'sms',
      from: '+61412345678',
      to: '+61299990000',
      body: 'Yes & <thanks> 1',
      deliveries: 1,
    });
    expect(messages[0]!.receivedAt).to.equal('2026-11-23T08:00:00.000Z');
  });

  it('validates the signature against the public URL including its query string', async () => {
    const response = await postWebhook(proxy.url, '/twilio?clinic=north', smsParams(2), { signedUrl: `${PUBLIC_URL}/twilio?clinic=north` });
    expect(response.status).to.equal(200);
    expect(await pending(proxy)).to.have.length(1);
  });

  it('stores a webhook that Twilio retries only once', async () => {
    for (let i = 0; i < 3; i++) expect((await postWebhook(proxy.url, '/twilio', smsParams(3))).status).to.equal(200);
    expect(await pending(proxy)).to.have.length(1);
  });

  it('rejects tampered, unsigned, wrongly keyed and replayed-to-another-URL webhooks with 403 and stores nothing', async () => {
    const params = smsParams(4);
    const tampered = await postWebhook(proxy.url, '/twilio', params, { body: new URLSearchParams({ ...params, Body: 'No' }).toString() });
    const unsigned = await postWebhook(proxy.url, '/twilio', params, { signature: null });
    const garbage = await postWebhook(proxy.url, '/twilio', params, { signature: 'not-a-signature' });
    const wrongToken = await postWebhook(proxy.url, '/twilio', params, { token: OTHER_TOKEN });
    const localUrl = await postWebhook(proxy.url, '/twilio', params, { signedUrl: `${proxy.url}/twilio` });
    const otherPath = await postWebhook(proxy.url, '/twilio', params, { signedUrl: `${PUBLIC_URL}/twilio/status` });
    const otherHost = await postWebhook(proxy.url, '/twilio', params, { signedUrl: 'https://attacker.example.net/twilio' });
    const statuses = [tampered, unsigned, garbage, wrongToken, localUrl, otherPath, otherHost].map((r) => r.status);
    expect(statuses).to.deep.equal([403, 403, 403, 403, 403, 403, 403]);
    expect(await tampered.json()).to.deep.equal({ error: 'bad_signature', message: 'X-Twilio-Signature is missing or wrong' });
    expect(await pending(proxy)).to.deep.equal([]);
  });

  it('rejects an account that is not configured with 403', async () => {
    const stranger = 'AC' + '9'.repeat(32);
    const response = await postWebhook(proxy.url, '/twilio', smsParams(5, { AccountSid: stranger }));
    expect(response.status).to.equal(403);
    expect(((await response.json()) as { error: string }).error).to.equal('unknown_account');
  });

  it('rejects a body over the limit with 413 before checking anything else', async () => {
    const params = smsParams(6, { Body: 'x'.repeat(17 * 1024) });
    const response = await postWebhook(proxy.url, '/twilio', params);
    expect(response.status).to.equal(413);
    expect(await pending(proxy)).to.deep.equal([]);
  });

  it('reads a body that arrives in chunks, keeping a character split between two chunks whole', async () => {
    const params = smsParams(40, { Body: 'Ja, ich komme 🙂 — Grüße' });
    // The text unescaped (a form body may carry raw UTF-8), cut inside the emoji's four bytes.
    const encoded = new URLSearchParams({ ...params, Body: 'BODY' }).toString().replace('BODY', 'Ja,+ich+komme+🙂+—+Grüße');
    const body = Buffer.from(encoded, 'utf8');
    const cut = body.indexOf(Buffer.from('🙂')) + 2;
    const response = await postInChunks(proxy.url, params, [body.subarray(0, cut), body.subarray(cut)]);
    expect(response.status).to.equal(200);
    expect((await pending(proxy))[0]!.body).to.equal('Ja, ich komme 🙂 — Grüße');
  });

  it('refuses a chunked body (no Content-Length) with 413 as soon as it grows past the limit, and closes the connection', async () => {
    const params = smsParams(41);
    const chunk = Buffer.alloc(8 * 1024, 'a');
    const response = await postInChunks(proxy.url, params, [Buffer.from(`${new URLSearchParams(params)}&Pad=`), chunk, chunk, chunk]);
    expect(response).to.deep.equal({ status: 413, closed: true });
    expect(await pending(proxy)).to.deep.equal([]);
  });

  it('rejects malformed webhooks with 400, even when they are signed', async () => {
    const cases: Array<Record<string, string>> = [
      (({ MessageSid: _, ...rest }) => rest)(smsParams(7)),
      (({ From: _, ...rest }) => rest)(smsParams(8)),
      (({ AccountSid: _, ...rest }) => rest)(smsParams(9)),
      smsParams(10, { MessageSid: 'SM123' }),
      smsParams(11, { MessageSid: 'XX' + 'a'.repeat(32) }),
      smsParams(12, { AccountSid: 'AC' + 'A'.repeat(32) }),
      smsParams(13, { From: '+6141\n2345678' }),
    ];
    for (const params of cases) {
      const response = await postWebhook(proxy.url, '/twilio', params);
      expect(response.status, JSON.stringify(Object.keys(params))).to.equal(400);
    }
    const json = await fetch(`${proxy.url}/twilio`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(smsParams(14)) });
    const noBody = await fetch(`${proxy.url}/twilio`, { method: 'POST' });
    const repeated = await postWebhook(proxy.url, '/twilio', smsParams(15), { body: `${new URLSearchParams(smsParams(15))}&Body=again` });
    expect([json.status, noBody.status, repeated.status]).to.deep.equal([400, 400, 400]);
    // Refused before its body was read: the connection closes rather than reading it only to discard it.
    expect(json.headers.get('connection')).to.equal('close');
    expect(repeated.headers.get('connection')).to.not.equal('close');
    expect(await pending(proxy)).to.deep.equal([]);
  });

  it('stores delivery status callbacks, one per status change, and answers 204', async () => {
    const sent = await postWebhook(proxy.url, '/twilio/status', statusParams(1, 'sent'));
    const failed = await postWebhook(proxy.url, '/twilio/status', statusParams(1, 'undelivered', { ErrorCode: '30003' }));
    const again = await postWebhook(proxy.url, '/twilio/status', statusParams(1, 'undelivered', { ErrorCode: '30003' }));
    expect([sent.status, failed.status, again.status]).to.deep.equal([204, 204, 204]);
    const messages = await pending(proxy);
    const sid = statusParams(1, 'sent').MessageSid;
    expect(messages.map((m) => [m.id, m.kind, m.messageSid, m.status, m.errorCode])).to.deep.equal([
      [`${sid}:sent`, 'status', sid, 'sent', undefined],
      [`${sid}:undelivered`, 'status', sid, 'undelivered', '30003'],
    ]);
    const bogus = await postWebhook(proxy.url, '/twilio/status', statusParams(2, 'exploded'));
    expect(bogus.status).to.equal(400);
  });

  it('keeps accounts apart: each client sees only its own account', async () => {
    await postWebhook(proxy.url, '/twilio', smsParams(20));
    await postWebhook(proxy.url, '/twilio', smsParams(21, { AccountSid: OTHER_ACCOUNT }), { token: OTHER_TOKEN });
    const mine = await pending(proxy);
    const theirs = await pending(proxy, OTHER_ACCOUNT, 'other-client-key-for-tests-0123456789');
    expect(mine.map((m) => m.id)).to.deep.equal([smsParams(20).MessageSid]);
    expect(theirs.map((m) => m.id)).to.deep.equal([smsParams(21).MessageSid]);
  });

  it('logs MessageSid and account, never the text or the phone numbers', async () => {
    await postWebhook(proxy.url, '/twilio', smsParams(30));
    await postWebhook(proxy.url, '/twilio', smsParams(31), { signature: null });
    const all = proxy.logs.join('\n');
    expect(all).to.include(smsParams(30).MessageSid);
    expect(all).to.include(ACCOUNT);
    for (const secret of ['thanks', '+61412345678', '412345678', '+61299990000']) expect(all).not.to.include(secret);
  });
});

describe('proxy webhooks: auto-reply', function () {
  this.timeout(10_000);
  it("answers with the account's auto-reply, XML-escaped", async () => {
    const proxy = await startTestProxy();
    const reply = 'Thanks <b>& see you</b> "soon"';
    const withReply = await startTestProxy({
      config: { accounts: { [ACCOUNT]: { ...proxy.config.accounts[ACCOUNT]!, autoReply: reply } } },
    });
    try {
      const response = await postWebhook(withReply.url, '/twilio', smsParams(1));
      expect(await response.text()).to.equal(
        '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Thanks &lt;b&gt;&amp; see you&lt;/b&gt; &quot;soon&quot;</Message></Response>',
      );
    } finally {
      await withReply.destroy();
      await proxy.destroy();
    }
  });
});
