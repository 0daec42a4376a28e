import { expect } from 'chai';
import {
  AuthError,
  classify,
  ConfigError,
  InvalidNumberError,
  NotReadyError,
  OptedOutError,
  RateLimitedError,
  UnavailableError,
} from '@clinic-arrivals/plugin-kit';
import { createSilentLogger, describeMessageSenderContract, expectRejection, ManualClock, resolvePluginOptions } from '@clinic-arrivals/plugin-kit/testing';
import { startTwilioStandIn, type TwilioStandIn } from '../../test/stand-ins/twilio/index.js';
import { validatePluginOptions } from '../../core/config/validate.js';
import plugin, { createSmsTwilioInstance } from './index.js';
import type { SmsTwilioOptions } from './options.js';

const ACCOUNT_SID = `AC${'a1'.repeat(16)}`;
const AUTH_TOKEN = 'stand-in-auth-token';
const API_KEY = { sid: `SK${'b2'.repeat(16)}`, secret: 'stand-in-key-secret' };
const SERVICE_SID = `MG${'c3'.repeat(16)}`;
const CLINIC_NUMBER = '+61480000000';
const RETRIES = 2;

describe('sms-twilio', function () {
  let standIn: TwilioStandIn;
  let sleeps: number[];

  beforeEach(async function () {
    standIn = await startTwilioStandIn({ accounts: [{ sid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiKeys: [API_KEY] }] });
    sleeps = [];
  });
  afterEach(async function () {
    await standIn.close();
  });

  function instance(overrides: Partial<SmsTwilioOptions> = {}) {
    const options = resolvePluginOptions(plugin, {
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      from: CLINIC_NUMBER,
      apiBaseUrl: standIn.url,
      retries: RETRIES,
      ...overrides,
    });
    return createSmsTwilioInstance(
      options,
      { logger: createSilentLogger(), clock: new ManualClock() },
      { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
    );
  }
  const sendRequests = () => standIn.requests().filter((r) => r.method === 'POST');

  describe('the wire', function () {
    it('posts the exact form fields with the account SID and auth token, and returns the MessageSid', async function () {
      const sms = instance({ statusCallback: 'https://clinic.example/twilio/status' });
      const receipt = await sms.service.send({ to: '+61412345678', body: 'Dr Lee is ready: room 7' });

      expect(receipt.providerId).to.match(/^SM[0-9a-f]{32}$/);
      const [request] = sendRequests();
      expect(request!.path).to.equal(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
      expect(request!.headers['content-type']).to.equal('application/x-www-form-urlencoded');
      expect(Object.fromEntries(request!.form)).to.deep.equal({
        To: '+61412345678',
        From: CLINIC_NUMBER,
        Body: 'Dr Lee is ready: room 7',
        StatusCallback: 'https://clinic.example/twilio/status',
      });
      expect(request!.username).to.equal(ACCOUNT_SID);
      expect(request!.authenticated).to.equal(true);
      expect(standIn.sent().map((m) => [m.sid, m.to, m.from, m.body])).to.deep.equal([
        [receipt.providerId, '+61412345678', CLINIC_NUMBER, 'Dr Lee is ready: room 7'],
      ]);
    });

    it('sends through a Messaging Service instead of a number', async function () {
      const sms = instance({ from: undefined, messagingServiceSid: SERVICE_SID });
      await sms.service.send({ to: '+61412345678', body: 'hello' });
      expect(Object.fromEntries(sendRequests()[0]!.form)).to.deep.equal({ To: '+61412345678', MessagingServiceSid: SERVICE_SID, Body: 'hello' });
    });

    it('authenticates with an API key and secret for the account', async function () {
      const sms = instance({ authToken: undefined, apiKeySid: API_KEY.sid, apiKeySecret: API_KEY.secret });
      await sms.start!();
      await sms.service.send({ to: '+61412345678', body: 'hello' });
      const requests = standIn.requests();
      expect(requests.map((r) => [r.method, r.path, r.username, r.authenticated])).to.deep.equal([
        ['GET', `/2010-04-01/Accounts/${ACCOUNT_SID}.json`, API_KEY.sid, true],
        ['POST', `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, API_KEY.sid, true],
      ]);
    });

    it('keeps a path prefix of apiBaseUrl (a forward proxy)', async function () {
      const sms = instance({ apiBaseUrl: `${standIn.url}/twilio-proxy/` });
      // The stand-in serves no prefix, so it answers Twilio's 404: a config problem.
      const error = await expectRejection(() => sms.service.send({ to: '+61412345678', body: 'hello' }), ConfigError);
      expect(error.key).to.equal('accountSid');
      expect(standIn.requests()[0]!.path).to.equal(`/twilio-proxy/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    });
  });

  describe('start()', function () {
    it('checks the credentials by fetching the Account resource', async function () {
      const sms = instance();
      await sms.start!();
      expect(standIn.requests().map((r) => `${r.method} ${r.path}`)).to.deep.equal([`GET /2010-04-01/Accounts/${ACCOUNT_SID}.json`]);
      expect((await sms.checkHealth!()).status).to.equal('ok');
    });

    it('fails loud with AuthError on a wrong auth token, and health says down', async function () {
      const sms = instance({ authToken: 'wrong' });
      const error = await expectRejection(() => sms.start!(), AuthError);
      expect(error.code).to.equal('CA_ERR_AUTH');
      expect(error.message).to.contain('20003');
      const health = await sms.checkHealth!();
      expect(health.status).to.equal('down');
      expect(health.data?.lastTwilioErrorCode).to.equal(20003);
    });

    it('fails with AuthError when the account is suspended', async function () {
      const suspended = await startTwilioStandIn({ accounts: [{ sid: ACCOUNT_SID, authToken: AUTH_TOKEN, status: 'suspended' }] });
      try {
        const sms = instance({ apiBaseUrl: suspended.url });
        const error = await expectRejection(() => sms.start!(), AuthError);
        expect(error.message).to.contain('suspended');
      } finally {
        await suspended.close();
      }
    });

    it('throws NotReadyError when Twilio cannot be reached', async function () {
      const sms = instance();
      await standIn.close();
      const error = await expectRejection(() => sms.start!(), NotReadyError);
      expect(error.retryable).to.equal(true);
    });
  });

  describe('error mapping', function () {
    it('maps an invalid destination (21211) to InvalidNumberError without retrying or quoting the number', async function () {
      const sms = instance();
      const error = await expectRejection(() => sms.service.send({ to: '+0412345678', body: 'hi' }), InvalidNumberError);
      expect(error.message).to.contain('21211').and.not.contain('412345678');
      expect(sendRequests()).to.have.length(1);
    });

    it('maps a recipient who replied STOP (21610) to OptedOutError and never retries it', async function () {
      const sms = instance();
      standIn.inbound({ from: '+61412345678', to: CLINIC_NUMBER, body: 'stop' });
      const error = await expectRejection(() => sms.service.send({ to: '+61412345678', body: 'hi' }), OptedOutError);
      expect(error.retryable).to.equal(false);
      expect(sendRequests()).to.have.length(1);
      expect(sleeps).to.deep.equal([]);
    });

    it('maps 429 / 20429 to RateLimitedError carrying Retry-After, without retrying inside send', async function () {
      const sms = instance();
      standIn.failNext(20429, { retryAfterSeconds: 7 });
      const error = await expectRejection(() => sms.service.send({ to: '+61412345678', body: 'hi' }), RateLimitedError);
      expect(error.retryAfterMs).to.equal(7000);
      expect(sendRequests()).to.have.length(1);
      expect((await sms.checkHealth!()).status).to.equal('degraded');
    });

    it('maps a 401 on send to AuthError', async function () {
      const sms = instance({ authToken: 'revoked' });
      await expectRejection(() => sms.service.send({ to: '+61412345678', body: 'hi' }), AuthError);
      expect(sendRequests()).to.have.length(1);
    });

    it('retries a 5xx inside send with backoff and succeeds', async function () {
      const sms = instance();
      standIn.failNext(503);
      const receipt = await sms.service.send({ to: '+61412345678', body: 'hi' });
      expect(receipt.providerId).to.equal(standIn.sent()[0]!.sid);
      expect(sendRequests()).to.have.length(2);
      expect(sleeps).to.have.length(1);
      expect((await sms.checkHealth!()).data).to.include({ sent: 1, failed: 0, retried: 1 });
    });

    it('gives up after the configured retries with UnavailableError', async function () {
      const sms = instance();
      standIn.failNext(500, { times: RETRIES + 1 });
      const error = await expectRejection(() => sms.service.send({ to: '+61412345678', body: 'hi' }), UnavailableError);
      expect(error.retryable).to.equal(true);
      expect(sendRequests()).to.have.length(RETRIES + 1);
      expect(sleeps).to.have.length(RETRIES);
      expect(sleeps[1]!, 'backoff grows').to.be.greaterThan(sleeps[0]!);
      expect((await sms.checkHealth!()).data).to.include({ failed: 1, lastErrorCode: 'CA_ERR_UNAVAILABLE', lastTwilioErrorCode: 20500 });
    });

    it('retries when Twilio cannot be reached at all, then gives up with UnavailableError', async function () {
      const sms = instance();
      await standIn.close();
      await expectRejection(() => sms.service.send({ to: '+61412345678', body: 'hi' }), UnavailableError);
      expect(sleeps).to.have.length(RETRIES);
    });

    it('maps a dropped connection to UnavailableError without resending (Twilio may have the message)', async function () {
      const sms = instance();
      standIn.failNext('drop');
      const error = await expectRejection(() => sms.service.send({ to: '+61412345678', body: 'hi' }), UnavailableError);
      // Not retried because of its kind: withRetry never retries outcome-unknown, and neither does the host.
      expect([classify(error).kind, error.outcomeUnknown, error.retryable]).to.deep.equal(['outcome-unknown', true, false]);
      expect(sendRequests()).to.have.length(1);
      expect(sleeps).to.deep.equal([]);
    });

    it('maps a garbled (non-JSON) answer to an outcome-unknown UnavailableError, sent once', async function () {
      const sms = instance();
      standIn.failNext('garbage');
      const error = await expectRejection(() => sms.service.send({ to: '+61412345678', body: 'hi' }), UnavailableError);
      expect(classify(error).kind).to.equal('outcome-unknown');
      expect(sendRequests()).to.have.length(1);
    });

    it('maps a sender Twilio will not send from (21606) to ConfigError naming "from"', async function () {
      const sms = instance();
      standIn.failNext(21606);
      const error = await expectRejection(() => sms.service.send({ to: '+61412345678', body: 'hi' }), ConfigError);
      expect(error.key).to.equal('from');
    });
  });

  describe('findSent (settling a send whose answer was lost)', function () {
    const ALEX = '+61412345678';
    const HOUR = 3_600_000;
    let clock: ManualClock;
    let twilio: TwilioStandIn;

    beforeEach(async function () {
      clock = new ManualClock('2026-11-23T09:00:00+11:00');
      twilio = await startTwilioStandIn({ accounts: [{ sid: ACCOUNT_SID, authToken: AUTH_TOKEN }], now: () => clock.now() });
    });
    afterEach(async function () {
      await twilio.close();
    });
    const sender = (overrides: Partial<SmsTwilioOptions> = {}) =>
      createSmsTwilioInstance(
        resolvePluginOptions(plugin, { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: CLINIC_NUMBER, apiBaseUrl: twilio.url, ...overrides }),
        { logger: createSilentLogger(), clock },
        { sleep: async () => undefined },
      ).service;
    const listRequests = () => twilio.requests().filter((r) => r.method === 'GET');

    it('asks the Messages list by To, From and DateSent>, and applies the exact window itself', async function () {
      const sms = sender();
      const start = clock.now();
      const early = await sms.send({ to: ALEX, body: 'Your appointment is at 10:00.' });
      clock.advance(2 * HOUR);
      twilio.failNext('lost-answer');
      await expectRejection(() => sms.send({ to: ALEX, body: 'Your appointment is at 10:00.' }), UnavailableError);
      const [, lost] = twilio.sent();

      const found = await sms.findSent({ to: ALEX, after: clock.now() - 60_000, before: clock.now() + 60_000, body: 'Your appointment is at 10:00.' });
      expect(found, 'the same text two hours earlier, same day, is not it').to.deep.equal([{ providerId: lost!.sid, state: 'sent', providerStatus: 'sent' }]);
      const [request] = listRequests();
      expect(request!.path).to.equal(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
      expect(Object.fromEntries(request!.query)).to.deep.include({
        To: ALEX,
        From: CLINIC_NUMBER,
        'DateSent>': new Date(clock.now() - 60_000).toISOString().replace('.000', ''),
      });
      expect(request!.query.has('DateSent<'), 'a queued message gets its date_sent late').to.equal(false);

      const both = await sms.findSent({ to: ALEX, after: start - 60_000, before: clock.now(), body: 'Your appointment is at 10:00.' });
      expect((both as Array<{ providerId: string }>).map((m) => m.providerId).sort()).to.deep.equal([early.providerId, lost!.sid].sort());
    });

    it('finds nothing when the send never reached Twilio, or the text differs', async function () {
      const sms = sender();
      twilio.failNext('drop');
      await expectRejection(() => sms.send({ to: ALEX, body: 'never arrived' }), UnavailableError);
      await sms.send({ to: ALEX, body: 'something else' });
      const window = { after: clock.now() - 60_000, before: clock.now() + 60_000 };
      expect(await sms.findSent({ to: ALEX, ...window, body: 'never arrived' })).to.deep.equal([]);
    });

    it('matches by the Messaging Service SID when sending through one (the list cannot filter on it)', async function () {
      const sms = sender({ from: undefined, messagingServiceSid: SERVICE_SID });
      const mine = await sms.send({ to: ALEX, body: 'hello' });
      const other = sender({ from: undefined, messagingServiceSid: `MG${'d4'.repeat(16)}` });
      await other.send({ to: ALEX, body: 'hello' });
      const found = await sms.findSent({ to: ALEX, after: clock.now() - 60_000, before: clock.now() + 60_000, body: 'hello' });
      expect(found).to.deep.equal([{ providerId: mine.providerId, state: 'sent', providerStatus: 'sent' }]);
      expect(listRequests()[0]!.query.has('From')).to.equal(false);
    });

    it('maps a failing list to typed errors, and refuses once stopped', async function () {
      const sms = sender();
      twilio.failNext(503, { on: 'list' });
      await expectRejection(() => sms.findSent({ to: ALEX, after: clock.now() - 1, before: clock.now(), body: 'x' }), UnavailableError);
      twilio.failNext(20003, { on: 'list' });
      await expectRejection(() => sms.findSent({ to: ALEX, after: clock.now() - 1, before: clock.now(), body: 'x' }), AuthError);
      await sms.close();
      await expectRejection(() => sms.findSent({ to: ALEX, after: clock.now() - 1, before: clock.now(), body: 'x' }), UnavailableError);
      expect(sms.health().data, 'look-ups are not failed sends').to.include({ failed: 0 });
    });
  });

  describe('options', function () {
    const base = { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: CLINIC_NUMBER };
    const problems = (raw: object) => {
      try {
        resolvePluginOptions(plugin, raw);
        return [];
      } catch (error) {
        return (error as { problems: string[] }).problems;
      }
    };

    it('accepts a number or a Messaging Service, and fills defaults', function () {
      expect(resolvePluginOptions(plugin, base)).to.include({ retries: 2, timeoutMs: 15000 });
      expect(problems({ accountSid: ACCOUNT_SID, apiKeySid: API_KEY.sid, apiKeySecret: 'x', messagingServiceSid: SERVICE_SID })).to.deep.equal([]);
    });

    it('rejects unknown keys, a non-E.164 from, both or neither sender, and mixed credentials', function () {
      expect(problems({ ...base, form: '+61' })).to.not.be.empty;
      expect(problems({ ...base, messagingServiceSid: SERVICE_SID })).to.not.be.empty;
      expect(problems({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN })).to.not.be.empty;
      expect(problems({ ...base, apiKeySid: API_KEY.sid, apiKeySecret: 'x' })).to.not.be.empty;
      expect(problems({ accountSid: ACCOUNT_SID, apiKeySid: API_KEY.sid, from: CLINIC_NUMBER })).to.not.be.empty;
    });

    it('reads well through the host validator: E.164 hint, one sender, one credential, no secrets echoed', function () {
      const lines = (raw: Record<string, unknown>) => validatePluginOptions(plugin, 'sms', raw, { fileLabel: 'clinicarrivals.config.yaml' }).problems;
      expect(lines({ ...base, from: '0412345678' })).to.deep.equal([
        'clinicarrivals.config.yaml: sms.options.from: must be an E.164 number like +61412345678 (got "0412345678") [sms-twilio]',
      ]);
      expect(lines({ ...base, messagingServiceSid: SERVICE_SID })).to.deep.equal([
        'clinicarrivals.config.yaml: sms.options: set exactly one of from or messagingServiceSid [sms-twilio]',
      ]);
      expect(lines({ ...base, apiKeySid: API_KEY.sid, apiKeySecret: 'key-secret-value' })).to.deep.equal([
        'clinicarrivals.config.yaml: sms.options: set either authToken, or apiKeySid together with apiKeySecret (not both) [sms-twilio]',
      ]);
      expect(lines({ ...base, authToken: 12345 }).join('\n')).to.not.contain('12345');
    });

    it('marks secrets and explains the E.164 format', function () {
      const properties = plugin.optionsSchema.properties as Record<string, Record<string, unknown>>;
      expect(properties.authToken!['x-secret']).to.equal(true);
      expect(properties.apiKeySecret!['x-secret']).to.equal(true);
      expect(properties.from!['x-message']).to.equal('must be an E.164 number like +61412345678');
      expect(plugin.optionsSchema.additionalProperties).to.equal(false);
    });

    it('does no I/O in create()', function () {
      plugin.create(resolvePluginOptions(plugin, { ...base, apiBaseUrl: standIn.url }), {
        logger: createSilentLogger(),
        clock: new ManualClock(),
      } as never);
      expect(standIn.requests()).to.deep.equal([]);
    });
  });
});

describe('sms-twilio against the MessageSender contract', function () {
  let standIn: TwilioStandIn | undefined;
  describeMessageSenderContract({
    name: 'sms-twilio (twilio stand-in)',
    capabilities: ['errorMapping', 'findSent'],
    setup: async () => {
      standIn = await startTwilioStandIn({ accounts: [{ sid: ACCOUNT_SID, authToken: AUTH_TOKEN }] });
      const twilio = standIn;
      const options = resolvePluginOptions(plugin, {
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        from: CLINIC_NUMBER,
        apiBaseUrl: twilio.url,
        retries: RETRIES,
      });
      const sms = createSmsTwilioInstance(options, { logger: createSilentLogger(), clock: new ManualClock() }, { sleep: async () => undefined });
      return {
        sender: sms.service,
        sent: async () => twilio.sent().map((m) => ({ to: m.to, body: m.body, providerId: m.sid })),
        // "unavailable" must outlast the retries inside one send to reach the host.
        failNext: (kind) => twilio.failNext(kind, { times: kind === 'unavailable' ? RETRIES + 1 : 1 }),
        loseNextAnswer: () => twilio.failNext('lost-answer'),
        teardown: () => twilio.close(),
      };
    },
  });
});
