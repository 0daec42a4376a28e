import { expect } from 'chai';
import { AuthError, InvalidNumberError, UnavailableError } from '@clinic-arrivals/plugin-kit';
import {
  createTestContext,
  describeMessageSenderContract,
  expectRejection,
  ManualClock,
  OptionsSchemaError,
  resolvePluginOptions,
  type TestContext,
} from '@clinic-arrivals/plugin-kit/testing';
import plugin, { SmsSimulator } from './index.js';

describeMessageSenderContract({
  name: 'sms-simulator',
  setup: async () => {
    const clock = new ManualClock('2026-11-23T08:00:00+11:00');
    const ctx = createTestContext({ clock });
    const sms = plugin.create(resolvePluginOptions(plugin, { print: false }), ctx).service as SmsSimulator;
    // Running for a while: the findSent windows (which allow for clock differences) start after it did.
    clock.advance(60 * 60_000);
    return {
      sender: sms,
      sent: () => sms.sent(),
      failNext: (kind) => sms.failNext(kind),
      loseNextAnswer: () => sms.failNext('lost-answer'),
      now: () => ctx.clock.now(),
      teardown: () => ctx.close(),
    };
  },
  capabilities: ['errorMapping', 'findSent'],
});

/** Runs `fn` while collecting what is written to stderr (stdout is the JSON log's). */
async function captureStderr(fn: () => Promise<unknown>): Promise<string> {
  const original = process.stderr.write;
  let captured = '';
  process.stderr.write = (chunk: string | Uint8Array) => {
    captured += String(chunk);
    return true;
  };
  try {
    await fn();
  } finally {
    process.stderr.write = original;
  }
  return captured;
}

describe('sms-simulator', function () {
  let ctx: TestContext;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock('2026-11-23T09:00:00+11:00');
    ctx = createTestContext({ clock });
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('declares its manifest, defaults print to true and rejects unknown options', function () {
    expect(plugin.manifest).to.deep.include({ id: 'sms-simulator', role: 'sms', hostApi: '^2' });
    expect(resolvePluginOptions(plugin, {})).to.deep.equal({ print: true });
    expect(() => resolvePluginOptions(plugin, { from: '+61400000000' })).to.throw(OptionsSchemaError);
  });

  it('prints each text as its display when print is on, and nothing when off', async function () {
    const printing = plugin.create(resolvePluginOptions(plugin, {}), ctx).service;
    const quiet = plugin.create(resolvePluginOptions(plugin, { print: false }), ctx).service;
    const out = await captureStderr(async () => {
      await printing.send({ to: '+61412345678', body: 'Dr Jones is ready: room 7' });
      await quiet.send({ to: '+61412345678', body: 'not shown' });
    });
    expect(out).to.equal('[sms-simulator] to +61412345678 : Dr Jones is ready: room 7\n');
  });

  it('records when each text was sent, by the injected clock', async function () {
    const sms = plugin.create(resolvePluginOptions(plugin, { print: false }), ctx).service as SmsSimulator;
    const receipt = await sms.send({ to: '+61412345678', body: 'hello' });
    clock.advance(60_000);
    await sms.send({ to: '+61412345678', body: 'again' });
    const sent = await sms.sent();
    expect(sent.map((t) => t.at)).to.deep.equal([Date.parse('2026-11-23T09:00:00+11:00'), Date.parse('2026-11-23T09:01:00+11:00')]);
    expect(sent[0]!.providerId)
      .to.equal(receipt.providerId)
      .and.match(/^SMsim[0-9a-f]{32}$/);
  });

  it('rejects a destination that is not E.164 as an invalid number', async function () {
    const sms = plugin.create(resolvePluginOptions(plugin, { print: false }), ctx).service as SmsSimulator;
    await expectRejection(() => sms.send({ to: '0412 345 678', body: 'hello' }), InvalidNumberError);
    expect(await sms.sent()).to.deep.equal([]);
  });

  it('applies queued failures one send each, in order', async function () {
    const sms = plugin.create(resolvePluginOptions(plugin, { print: false }), ctx).service as SmsSimulator;
    sms.failNext('auth');
    sms.failNext('unavailable');
    await expectRejection(() => sms.send({ to: '+61412345678', body: 'a' }), AuthError);
    await expectRejection(() => sms.send({ to: '+61412345678', body: 'b' }), UnavailableError);
    await sms.send({ to: '+61412345678', body: 'c' });
    expect((await sms.sent()).map((t) => t.body)).to.deep.equal(['c']);
  });

  it('loses the answer of a text it took when told to (outcome unknown), and finds that text later', async function () {
    const sms = plugin.create(resolvePluginOptions(plugin, { print: false }), ctx).service as SmsSimulator;
    sms.failNext('lost-answer');
    const error = await expectRejection(() => sms.send({ to: '+61412345678', body: 'lost' }), UnavailableError);
    expect(error.outcomeUnknown).to.equal(true);
    const [text] = await sms.sent();
    clock.advance(60_000);
    const now = clock.now();
    expect(await sms.findSent({ to: '+61412345678', after: now - 120_000, before: now, body: 'lost' })).to.deep.equal([
      { providerId: text!.providerId, state: 'delivered', providerStatus: 'delivered' },
    ]);
  });

  it('cannot tell about texts from before it started (they are forgotten on restart)', async function () {
    const sms = plugin.create(resolvePluginOptions(plugin, { print: false }), ctx).service as SmsSimulator;
    const now = clock.now();
    expect(await sms.findSent({ to: '+61412345678', after: now - 1, before: now, body: 'x' })).to.equal('cannot-tell');
    expect(await sms.findSent({ to: '+61412345678', after: now, before: now, body: 'x' })).to.deep.equal([]);
    const { providerId } = await sms.send({ to: '+61412345678', body: 'x' });
    expect(await sms.findSent({ to: '+61412345678', after: now - 1, before: now, body: 'x' }), 'what it has, it tells').to.deep.equal([
      { providerId, state: 'delivered', providerStatus: 'delivered' },
    ]);
  });

  it('reports how many texts it sent in health', async function () {
    const instance = plugin.create(resolvePluginOptions(plugin, { print: false }), ctx);
    await instance.service.send({ to: '+61412345678', body: 'a' });
    expect(await instance.checkHealth?.()).to.deep.include({ status: 'ok', data: { sent: 1 } });
  });
});
