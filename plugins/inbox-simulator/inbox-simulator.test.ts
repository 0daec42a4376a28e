import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../core/store/sqlite-store.js';
import {
  atLeast,
  createTestContext,
  describeInboxContract,
  ManualClock,
  OptionsSchemaError,
  readInbox,
  resolvePluginOptions,
  type TestContext,
} from '@clinic-arrivals/plugin-kit/testing';
import plugin, { InboxSimulator } from './index.js';
import { pluginStateIn } from '../../core/plugin-host/plugin-state.js';

async function startInbox(ctx: TestContext, raw: unknown = {}) {
  const instance = plugin.create(resolvePluginOptions(plugin, raw), ctx);
  await instance.start?.();
  return { inbox: instance.service as InboxSimulator, instance };
}

describeInboxContract({
  name: 'inbox-simulator',
  setup: async () => {
    const ctx = createTestContext();
    const started = [await startInbox(ctx)];
    const current = () => started.at(-1)!.inbox;
    return {
      inbox: current(),
      inject: (message) => current().inject(message),
      // A restart: the old instance stops, a new one reads the same store.
      reconnect: async () => {
        await started.at(-1)!.instance.stop?.();
        started.push(await startInbox(ctx));
        return current();
      },
      teardown: async () => {
        for (const { instance } of started) await instance.stop?.();
        await ctx.close();
      },
    };
  },
});

describe('inbox-simulator', function () {
  let ctx: TestContext;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock('2026-11-23T09:00:00+11:00');
    ctx = createTestContext({ clock });
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('declares its manifest, defaults redelivery to 30 s and rejects bad options', function () {
    expect(plugin.manifest).to.deep.include({ id: 'inbox-simulator', role: 'inbox', hostApi: '^2' });
    expect(resolvePluginOptions(plugin, {})).to.deep.equal({ redeliverAfterSeconds: 30 });
    expect(() => resolvePluginOptions(plugin, { redeliverAfterSeconds: 0 })).to.throw(OptionsSchemaError);
    expect(() => resolvePluginOptions(plugin, { pollSeconds: 5 })).to.throw(OptionsSchemaError);
  });

  it("hands a simulated delivery report to the host's handler and resolves once it is stored; NotReady before the host reads", async function () {
    const { inbox, instance } = await startInbox(ctx);
    let refused: unknown;
    await inbox.reportDeliveryStatus({ providerId: 'SMsim1', status: 'sent' }).catch((error: unknown) => (refused = error));
    expect(refused).to.have.property('code', 'CA_ERR_NOT_READY');
    const stored: unknown[] = [];
    inbox.setDeliveryStatusHandler(async (update) => {
      stored.push(update);
    });
    expect(await inbox.reportDeliveryStatus({ providerId: 'SMsim1', status: 'undelivered', errorCode: '30003' })).to.equal('SMsim1:undelivered');
    expect(stored).to.deep.equal([
      { id: 'SMsim1:undelivered', providerId: 'SMsim1', status: 'undelivered', errorCode: '30003', at: '2026-11-22T22:00:00.000Z' },
    ]);
    inbox.setDeliveryStatusHandler(async () => {
      throw new Error('store busy');
    });
    let failed = false;
    await inbox.reportDeliveryStatus({ providerId: 'SMsim1', status: 'delivered' }).catch(() => (failed = true));
    expect(failed, 'the caller hears the report was not stored').to.equal(true);
    await instance.stop?.();
  });

  it('generates SMin ids and stamps receivedAt from the clock, or keeps what it is given', async function () {
    const { inbox, instance } = await startInbox(ctx);
    const generated = await inbox.inject({ from: '+61412345678', body: 'YES' });
    await inbox.inject({ from: '+61412345679', body: 'NO', id: 'SMgiven', receivedAt: '2026-11-23T08:00:00.000Z' });
    const [first, second] = await readInbox(inbox, atLeast(2), 5000);
    await instance.stop?.();
    expect(generated).to.match(/^SMin[0-9a-f]{32}$/);
    expect(first).to.deep.equal({ id: generated, from: '+61412345678', body: 'YES', receivedAt: '2026-11-22T22:00:00.000Z' });
    expect(second).to.deep.equal({ id: 'SMgiven', from: '+61412345679', body: 'NO', receivedAt: '2026-11-23T08:00:00.000Z' });
  });

  it('does not queue a second copy when the same id is injected twice', async function () {
    const { inbox, instance } = await startInbox(ctx);
    await inbox.inject({ from: '+61412345678', body: 'YES', id: 'SMsame' });
    await inbox.inject({ from: '+61412345678', body: 'YES', id: 'SMsame' });
    expect(await inbox.pending()).to.equal(1);
    await instance.stop?.();
  });

  it('offers an unacknowledged message again after redeliverAfterSeconds on the same stream', async function () {
    const { inbox, instance } = await startInbox(ctx, { redeliverAfterSeconds: 0.05 });
    const id = await inbox.inject({ from: '+61412345678', body: 'YES' });
    const twice = await readInbox(inbox, atLeast(2), 5000);
    await instance.stop?.();
    expect(twice.map((m) => m.id)).to.deep.equal([id, id]);
  });

  it('offers every unacknowledged message to a new messages() call', async function () {
    const { inbox, instance } = await startInbox(ctx);
    const a = await inbox.inject({ from: '+61412345678', body: 'YES' });
    const b = await inbox.inject({ from: '+61412345679', body: 'NO' });
    expect((await readInbox(inbox, atLeast(2), 5000)).map((m) => m.id)).to.deep.equal([a, b]);
    await inbox.ack(a);
    expect((await readInbox(inbox, atLeast(1), 5000)).map((m) => m.id)).to.deep.equal([b]);
    expect(await inbox.pending()).to.equal(1);
    await instance.stop?.();
  });

  it('ends open streams when the plugin stops', async function () {
    const { inbox, instance } = await startInbox(ctx);
    // Once the stream has handed out the one message there is, it is open and waiting.
    const id = await inbox.inject({ from: '+61412345678', body: 'YES' });
    let delivered!: () => void;
    const handedOut = new Promise<void>((resolve) => (delivered = resolve));
    const loop = (async () => {
      for await (const message of inbox.messages(new AbortController().signal)) if (message.id === id) delivered();
      return 'ended';
    })();
    await Promise.race([handedOut, loop]);
    await instance.stop?.();
    expect(await loop).to.equal('ended');
  });

  it('keeps unacknowledged messages in the store across a restart', async function () {
    const dir = await mkdtemp(join(tmpdir(), 'inbox-simulator-'));
    try {
      const file = join(dir, 'store.sqlite');
      const firstStore = await openSqliteStore(file);
      const first = await startInbox(createTestContext({ state: pluginStateIn(firstStore, 'inbox-simulator') }));
      const acked = await first.inbox.inject({ from: '+61412345678', body: 'YES' });
      const kept = await first.inbox.inject({ from: '+61412345679', body: 'NO' });
      await first.inbox.ack(acked);
      await first.instance.stop?.();
      await firstStore.close();

      const secondStore = await openSqliteStore(file);
      const second = await startInbox(createTestContext({ state: pluginStateIn(secondStore, 'inbox-simulator') }));
      expect(await second.inbox.pending()).to.equal(1);
      const [message] = await readInbox(second.inbox, atLeast(1), 5000);
      expect(message).to.deep.include({ id: kept, from: '+61412345679', body: 'NO' });
      expect(await second.instance.checkHealth?.()).to.deep.include({ status: 'ok', data: { pending: 1 } });
      await second.instance.stop?.();
      await secondStore.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
