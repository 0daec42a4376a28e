import { expect } from 'chai';
import { startTwilioStandIn, type TwilioStandIn } from './index.js';

const ACCOUNT = { sid: `AC${'e5'.repeat(16)}`, authToken: 'token-1', apiKeys: [{ sid: `SK${'f6'.repeat(16)}`, secret: 'key-secret' }] };
const OTHER = { sid: `AC${'07'.repeat(16)}`, authToken: 'token-2' };
const T0 = Date.parse('2026-11-23T00:00:00Z');

/** Resolves once `check` holds (polled every 10 ms, at most 2 s). */
async function until(check: () => boolean): Promise<void> {
  for (let waited = 0; !check(); waited += 10) {
    if (waited > 2000) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The raw wire, without the twilio library: what other clients (curl, a proxy) would see. */
describe('twilio stand-in (wire format)', function () {
  let twilio: TwilioStandIn;
  let now: number;
  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const messagesUrl = (sid = ACCOUNT.sid) => `${twilio.url}/2010-04-01/Accounts/${sid}/Messages.json`;
  const post = (form: Record<string, string>, auth = basic(ACCOUNT.sid, ACCOUNT.authToken), signal?: AbortSignal) =>
    fetch(messagesUrl(), {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
      signal,
    });
  const get = (url: string, auth = basic(ACCOUNT.sid, ACCOUNT.authToken)) => fetch(url, { headers: { authorization: auth } });

  beforeEach(async function () {
    now = T0;
    twilio = await startTwilioStandIn({ accounts: [ACCOUNT, OTHER], now: () => now });
  });
  afterEach(async function () {
    await twilio.close();
  });

  it('creates a message: 201 with the Message resource', async function () {
    const response = await post({ To: '+61412345678', From: '+61480000000', Body: 'Hello 👋', StatusCallback: 'https://clinic.example/s' });
    expect(response.status).to.equal(201);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.sid).to.match(/^SM[0-9a-f]{32}$/);
    expect(body).to.deep.include({
      account_sid: ACCOUNT.sid,
      to: '+61412345678',
      from: '+61480000000',
      body: 'Hello 👋',
      status: 'queued',
      direction: 'outbound-api',
      num_segments: '1',
      date_created: 'Mon, 23 Nov 2026 00:00:00 +0000',
      date_sent: null,
      api_version: '2010-04-01',
      uri: `/2010-04-01/Accounts/${ACCOUNT.sid}/Messages/${body.sid}.json`,
    });
    expect(twilio.sent().map((m) => [m.sid, m.statusCallback])).to.deep.equal([[body.sid, 'https://clinic.example/s']]);
  });

  it('answers 401 with code 20003 for wrong or missing credentials, and for a key of another account', async function () {
    for (const auth of [basic(ACCOUNT.sid, 'nope'), '', basic(OTHER.sid, OTHER.authToken)]) {
      const response = await post({ To: '+61412345678', From: '+61480000000', Body: 'x' }, auth);
      expect(response.status).to.equal(401);
      expect(await response.json()).to.deep.equal({ code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
    }
    expect((await post({ To: '+61412345678', From: '+61480000000', Body: 'x' }, basic(ACCOUNT.apiKeys[0]!.sid, 'key-secret'))).status).to.equal(201);
  });

  it("validates like Twilio: 21211 bad 'To', 21603 no sender, 21602 no body, 21610 after STOP", async function () {
    const codes = async (form: Record<string, string>) => ((await (await post(form)).json()) as { code: number }).code;
    expect(await codes({ To: '0412', From: '+61480000000', Body: 'x' })).to.equal(21211);
    expect(await codes({ To: '+61412345678', Body: 'x' })).to.equal(21603);
    expect(await codes({ To: '+61412345678', From: '+61480000000' })).to.equal(21602);
    twilio.inbound({ from: '+61412345678', to: '+61480000000', body: ' Stop ' });
    expect(await codes({ To: '+61412345678', From: '+61480000000', Body: 'x' })).to.equal(21610);
    twilio.inbound({ from: '+61412345678', to: '+61480000000', body: 'START' });
    expect((await post({ To: '+61412345678', From: '+61480000000', Body: 'x' })).status).to.equal(201);
  });

  it('fails the next request as told: Twilio codes with Retry-After, bare statuses, garbage, dropped connections', async function () {
    twilio.failNext(20429, { retryAfterSeconds: 3 });
    const limited = await post({ To: '+61412345678', From: '+61480000000', Body: 'x' });
    expect([limited.status, limited.headers.get('retry-after')]).to.deep.equal([429, '3']);
    expect(await limited.json()).to.include({ code: 20429, status: 429, more_info: 'https://www.twilio.com/docs/errors/20429' });

    twilio.failNext(502);
    expect(await (await post({ To: '+61412345678', From: '+61480000000', Body: 'x' })).json()).to.include({ code: 20500, status: 502 });

    twilio.failNext('garbage');
    const garbage = await post({ To: '+61412345678', From: '+61480000000', Body: 'x' });
    expect(garbage.status).to.equal(200);
    const text = await garbage.text();
    expect(() => JSON.parse(text)).to.throw(SyntaxError);

    twilio.failNext('drop');
    let dropped: unknown;
    await post({ To: '+61412345678', From: '+61480000000', Body: 'x' }).catch((error: unknown) => (dropped = error));
    expect(dropped).to.be.instanceOf(TypeError);

    expect((await post({ To: '+61412345678', From: '+61480000000', Body: 'x' })).status, 'failures apply once').to.equal(201);
    expect(twilio.sent()).to.have.length(1);
  });

  it('lost-answer: carries the send out, then closes the connection without an answer', async function () {
    twilio.failNext('lost-answer');
    let dropped: unknown;
    await post({ To: '+61412345678', From: '+61480000000', Body: 'taken' }).catch((error: unknown) => (dropped = error));
    expect(dropped).to.be.instanceOf(TypeError);
    expect(twilio.sent().map((m) => [m.to, m.body, m.status])).to.deep.equal([['+61412345678', 'taken', 'sent']]);
    expect((await post({ To: '+61412345678', From: '+61480000000', Body: 'next' })).status, 'applies once').to.equal(201);
  });

  it('hold: keeps the matching send unanswered until released, then creates it even though the client has gone', async function () {
    const held = twilio.hold({ where: (request) => request.form.get('From') === '+61480000001' });
    const other = await post({ To: '+61412345678', From: '+61480000000', Body: 'not held' });
    expect(other.status, 'another sender passes').to.equal(201);
    const aborted = new AbortController();
    const inFlight = post({ To: '+61412345678', From: '+61480000001', Body: 'held' }, basic(ACCOUNT.sid, ACCOUNT.authToken), aborted.signal).catch(
      (error: unknown) => error,
    );
    const request = await held.arrived;
    expect(request.form.get('Body')).to.equal('held');
    expect(
      twilio.sent().map((m) => m.body),
      'not created while held',
    ).to.deep.equal(['not held']);
    aborted.abort();
    expect(await inFlight).to.have.property('name', 'AbortError');
    held.release();
    await until(() => twilio.sent().length === 2);
    expect(twilio.sent().map((m) => [m.body, m.status])).to.deep.equal([
      ['not held', 'sent'],
      ['held', 'sent'],
    ]);
  });

  it('hold: a released send is answered as usual; a discarded one gets no answer and creates nothing', async function () {
    const answered = twilio.hold();
    const response = post({ To: '+61412345678', From: '+61480000000', Body: 'late' });
    await answered.arrived;
    answered.release();
    expect((await response).status).to.equal(201);

    const dropped = twilio.hold();
    const never = post({ To: '+61412345678', From: '+61480000000', Body: 'never' }).catch((error: unknown) => error);
    await dropped.arrived;
    dropped.discard();
    expect(await never).to.be.instanceOf(TypeError);
    expect(twilio.sent().map((m) => m.body)).to.deep.equal(['late']);
    expect((await get(messagesUrl())).status, 'a list is not held by a send hold').to.equal(200);
  });

  it('lists newest first with filters and Twilio paging (next_page_uri with a PageToken)', async function () {
    const sids: string[] = [];
    for (let i = 0; i < 5; i++) sids.push(twilio.inbound({ from: '+61412345678', to: '+61480000000', body: `m${i}`, at: T0 + i * 60_000 }).sid);
    twilio.inbound({ from: '+61412345678', to: '+61480999999', body: 'other number', at: T0 });

    const first = (await (await get(`${messagesUrl()}?To=%2B61480000000&DateSent%3E=2026-11-23&PageSize=2`)).json()) as Record<string, any>;
    expect(first.messages.map((m: { sid: string }) => m.sid)).to.deep.equal([sids[4], sids[3]]);
    expect(first).to.include({ page: 0, page_size: 2, start: 0, end: 1 });
    expect(first.messages[0]).to.include({ direction: 'inbound', status: 'received', date_sent: 'Mon, 23 Nov 2026 00:04:00 +0000' });
    const second = (await (await get(`${twilio.url}${first.next_page_uri}`)).json()) as Record<string, any>;
    expect(second.messages.map((m: { sid: string }) => m.sid)).to.deep.equal([sids[2], sids[1]]);
    expect(second.page).to.equal(1);
    const third = (await (await get(`${twilio.url}${second.next_page_uri}`)).json()) as Record<string, any>;
    expect(third.messages.map((m: { sid: string }) => m.sid)).to.deep.equal([sids[0]]);
    expect(third.next_page_uri).to.equal(null);
  });

  it('filters DateSent by whole GMT days, as Twilio documents it (a time part is ignored)', async function () {
    const day = 86_400_000;
    const at = (ms: number) => twilio.inbound({ from: '+61412345678', to: '+61480000000', body: 'x', at: ms }).sid;
    const [before, early, late, after] = [at(T0 - 1), at(T0), at(T0 + day - 1), at(T0 + day)];
    const list = async (query: string) => {
      const response = await get(`${messagesUrl()}?${query}`);
      expect(response.status, query).to.equal(200);
      return ((await response.json()) as { messages: Array<{ sid: string }> }).messages.map((m) => m.sid);
    };
    expect(await list('DateSent%3E=2026-11-23T12:00:00Z')).to.deep.equal([after, late, early]);
    expect(await list('DateSent%3C=2026-11-23T00:00:01Z')).to.deep.equal([late, early, before]);
    expect(await list('DateSent%3E=2026-11-23&DateSent%3C=2026-11-23')).to.deep.equal([late, early]);
    expect(await list('DateSent=2026-11-23T23:59:59Z')).to.deep.equal([late, early]);
    const bad = await get(`${messagesUrl()}?DateSent%3E=23%20Nov%202026`);
    expect(bad.status).to.equal(400);
    expect(await bad.json()).to.include({ code: 20001 });
  });

  it('serves the Account resource for credential checks, and 404 with code 20404 elsewhere', async function () {
    const account = await get(`${twilio.url}/2010-04-01/Accounts/${ACCOUNT.sid}.json`);
    expect(account.status).to.equal(200);
    expect(await account.json()).to.include({ sid: ACCOUNT.sid, status: 'active' });
    const missing = await get(`${twilio.url}/2010-04-01/Accounts/${ACCOUNT.sid}/Calls.json`);
    expect(missing.status).to.equal(404);
    expect(await missing.json()).to.include({ code: 20404, status: 404 });
  });
});
