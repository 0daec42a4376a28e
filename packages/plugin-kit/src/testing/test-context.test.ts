import { expect } from 'chai';
import { definePlugin } from '../plugin/define-plugin.js';
import { ManualClock } from './manual-clock.js';
import { OptionsSchemaError, resolvePluginOptions } from './plugin-options.js';
import { estimateRandomBits } from './room-id-entropy.js';
import { createTestContext, TEST_CLINIC } from './test-context.js';

describe('createTestContext', function () {
  it('gives separate in-memory state, the given clock, a phone service and a signal that close() aborts', async function () {
    const clock = new ManualClock('2026-11-23T08:00:00+11:00');
    const ctx = createTestContext({ clock, clinic: { timeZone: 'Australia/Perth' } });
    const other = createTestContext();
    try {
      expect(ctx.clock).to.equal(clock);
      expect(ctx.clinic).to.deep.equal({ ...TEST_CLINIC, timeZone: 'Australia/Perth' });
      await ctx.state.set('k', { n: 1, gone: undefined });
      expect(await ctx.state.get('k')).to.deep.equal({ n: 1 });
      expect(await other.state.get('k'), 'states are separate').to.equal(undefined);
      await ctx.state.set('k', undefined);
      expect(await ctx.state.list()).to.deep.equal([]);
      expect(ctx.phone.toE164('+61 412 345 678')).to.equal('+61412345678');
      expect(ctx.phone.toE164('0412 345 678')).to.equal(undefined);
      expect(() => ctx.logger.child({ plugin: 'x' }).info({ to: '+61412345678' }, 'silent')).to.not.throw();
      expect(ctx.signal.aborted).to.equal(false);
    } finally {
      await ctx.close();
      await other.close();
    }
    expect(ctx.signal.aborted).to.equal(true);
  });

  it('shares state it is given, as a restarted plugin would read it back', async function () {
    const first = createTestContext();
    await first.state.set('still-there', true);
    const second = createTestContext({ state: first.state });
    expect(await second.state.list()).to.deep.equal([{ key: 'still-there', value: true }]);
  });
});

describe('resolvePluginOptions', function () {
  const plugin = definePlugin({
    manifest: { id: 'kit-test', role: 'sms', hostApi: '^2' },
    optionsSchema: {
      type: 'object',
      properties: { print: { type: 'boolean', default: true }, label: { type: 'string', 'x-secret': true } },
      additionalProperties: false,
    },
    create: () => ({ service: { send: async () => ({ providerId: 'x' }) } }),
  });

  it('fills defaults and freezes the result', function () {
    const options = resolvePluginOptions(plugin, { label: 'a' });
    expect(options).to.deep.equal({ print: true, label: 'a' });
    expect(Object.isFrozen(options)).to.equal(true);
  });

  it('lists every problem', function () {
    try {
      resolvePluginOptions(plugin, { print: 'yes', colour: 'red' });
      expect.fail('should have thrown');
    } catch (error) {
      expect(error).to.be.instanceOf(OptionsSchemaError);
      expect((error as OptionsSchemaError).problems).to.have.length(2);
    }
  });
});

describe('estimateRandomBits', function () {
  it('credits base64url and hex ids with their full width', function () {
    expect(estimateRandomBits(['AAAAAAAAAAAAAAAAAAAAAA', 'zz_-zzzzzzzzzzzzzzzzzz'])).to.equal(132);
    expect(estimateRandomBits(['0123456789abcdef0123456789abcdef', 'fedcba9876543210fedcba9876543210'])).to.equal(128);
  });

  it('gives no credit for a shared prefix or a counter', function () {
    expect(estimateRandomBits(['clinic-room-0001', 'clinic-room-0002', 'clinic-room-0013'])).to.be.below(8);
  });
});
