import { expect } from 'chai';
import { TOKENS } from '../contracts/tokens.js';
import { definePlugin } from '../plugin/define-plugin.js';
import { ManualClock } from './manual-clock.js';
import { OptionsSchemaError, resolvePluginOptions } from './plugin-options.js';
import { estimateRandomBits } from './room-id-entropy.js';
import { createTestContext, TEST_CLINIC } from './test-context.js';

describe('createTestContext', function () {
  it('gives a working in-memory store, the given clock and a fresh child container', async function () {
    const clock = new ManualClock('2026-11-23T08:00:00+11:00');
    const ctx = await createTestContext({ clock, clinic: { timeZone: 'Australia/Perth' } });
    const other = await createTestContext();
    try {
      expect(ctx.clock).to.equal(clock);
      expect(ctx.clinic).to.deep.equal({ ...TEST_CLINIC, timeZone: 'Australia/Perth' });
      await ctx.store.setPluginState('kit-test', 'k', { n: 1 });
      expect(await ctx.store.getPluginState('kit-test', 'k')).to.deep.equal({ n: 1 });
      expect(await other.store.getPluginState('kit-test', 'k'), 'stores are separate').to.equal(undefined);
      expect(ctx.container.resolve(TOKENS.Clock)).to.equal(clock);
      expect(ctx.container.resolve(TOKENS.Store)).to.equal(ctx.store);
      ctx.container.register('kit-test-token', { useValue: 42 });
      expect(other.container.isRegistered('kit-test-token', true), 'containers are separate').to.equal(false);
      expect(() => ctx.logger.child({ plugin: 'x' }).info({ to: '+61412345678' }, 'silent')).to.not.throw();
    } finally {
      await ctx.close();
      await other.close();
    }
  });

  it('leaves a store it did not create open', async function () {
    const owner = await createTestContext();
    const borrower = await createTestContext({ store: owner.store });
    await borrower.close();
    await owner.store.setPluginState('kit-test', 'still-open', true);
    await owner.close();
  });
});

describe('resolvePluginOptions', function () {
  const plugin = definePlugin<'sms', { print?: boolean; label?: string }>({
    manifest: { id: 'kit-test', role: 'sms', hostApi: '^1' },
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
