import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotFoundError } from '@clinic-arrivals/plugin-kit';
import { openSqliteStore } from '../../core/store/sqlite-store.js';
import {
  createTestContext,
  describeAppointmentSourceContract,
  expectRejection,
  OptionsSchemaError,
  resolvePluginOptions,
  type TestContext,
} from '@clinic-arrivals/plugin-kit/testing';
import plugin, { InvalidAppointmentError, PmsSimulator, type SimulatedAppointmentInput } from './index.js';
import { pluginStateIn } from '../../core/plugin-host/plugin-state.js';

async function startSimulator(raw: unknown = {}, ctx?: TestContext) {
  const context = ctx ?? createTestContext();
  const instance = plugin.create(resolvePluginOptions(plugin, raw), context);
  await instance.start?.();
  const pms = instance.service as PmsSimulator;
  return { pms, instance, ctx: context };
}

const appointment = (start: string, overrides: Partial<SimulatedAppointmentInput> = {}): SimulatedAppointmentInput => ({
  start,
  status: 'booked',
  patient: { id: 'p1', name: 'Sam Lee', mobile: '0412 345 678' },
  practitioner: { id: 'dr1', name: 'Dr Jones' },
  isVideo: false,
  ...overrides,
});

describeAppointmentSourceContract({
  name: 'pms-simulator',
  setup: async () => {
    const { pms, instance, ctx } = await startSimulator();
    return {
      source: pms,
      seed: (list) => Promise.all(list.map((a) => pms.upsert(a))),
      readConfirmation: async (id) => (await pms.listAll()).find((a) => a.id === id)?.confirmedAt,
      teardown: async () => {
        await instance.stop?.();
        await ctx.close();
      },
    };
  },
});

describe('pms-simulator', function () {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = createTestContext();
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('declares its manifest and rejects unknown options', function () {
    expect(plugin.manifest).to.deep.include({ id: 'pms-simulator', role: 'pms', hostApi: '^2' });
    expect(resolvePluginOptions(plugin, {})).to.deep.equal({ seed: [] });
    expect(() => resolvePluginOptions(plugin, { seeds: [] })).to.throw(OptionsSchemaError);
    expect(() => resolvePluginOptions(plugin, { seed: [{ start: 'x' }] })).to.throw(OptionsSchemaError);
  });

  it('numbers new appointments sim-<n> and keeps explicit ids', async function () {
    const { pms } = await startSimulator({}, ctx);
    const first = await pms.upsert(appointment('2026-11-23T09:00:00+11:00'));
    const second = await pms.upsert(appointment('2026-11-23T09:15:00+11:00'));
    const named = await pms.upsert(appointment('2026-11-23T09:30:00+11:00', { id: 'sim-3' }));
    const fourth = await pms.upsert(appointment('2026-11-23T09:45:00+11:00'));
    expect([first.id, second.id, named.id, fourth.id]).to.deep.equal(['sim-1', 'sim-2', 'sim-3', 'sim-4']);
    expect(first.patient.mobile, 'mobile kept as the PMS holds it').to.equal('0412 345 678');
  });

  it('replaces on upsert with a known id, edits with update, deletes with remove', async function () {
    const { pms } = await startSimulator({}, ctx);
    const created = await pms.upsert(appointment('2026-11-23T09:00:00+11:00'));
    await pms.upsert({ ...appointment('2026-11-23T10:00:00+11:00'), id: created.id });
    expect((await pms.listAll()).map((a) => a.start)).to.deep.equal(['2026-11-23T10:00:00+11:00']);
    const moved = await pms.update(created.id, { start: '2026-11-23T11:00:00+11:00', status: 'cancelled' });
    expect(moved).to.deep.include({ id: created.id, start: '2026-11-23T11:00:00+11:00', status: 'cancelled' });
    await pms.remove(created.id);
    expect(await pms.listAll()).to.deep.equal([]);
  });

  it('keeps interpreterRequired as a PMS would say it: set, changed, and absent when never set', async function () {
    const { pms } = await startSimulator({}, ctx);
    const plain = await pms.upsert(appointment('2026-11-23T09:00:00+11:00', { id: 'a1' }));
    expect(plain).not.to.have.property('interpreterRequired');
    expect(await pms.upsert(appointment('2026-11-23T09:30:00+11:00', { id: 'a2', interpreterRequired: true }))).to.include({ interpreterRequired: true });
    expect(await pms.update('a2', { interpreterRequired: false })).to.include({ interpreterRequired: false });
  });

  it("keeps the patient's language as a PMS gives it: set, changed, cleared with an empty one", async function () {
    const { pms } = await startSimulator({}, ctx);
    expect(await pms.upsert(appointment('2026-11-23T09:00:00+11:00', { id: 'a1' }))).not.to.have.property('language');
    expect(await pms.upsert(appointment('2026-11-23T09:30:00+11:00', { id: 'a2', language: 'zh-CN' }))).to.include({ language: 'zh-CN' });
    expect(await pms.update('a2', { language: 'vi' })).to.include({ language: 'vi' });
    expect(await pms.update('a2', { language: '' })).not.to.have.property('language');
    expect(
      (await pms.listAppointments({ from: Date.parse('2026-11-23T00:00:00+11:00'), to: Date.parse('2026-11-24T00:00:00+11:00') })).appointments.map(
        (a) => a.language,
      ),
    ).to.deep.equal([undefined, undefined]);
  });

  it("keeps what a PMS records of a patient's text answers in the book, not in the listing", async function () {
    const { pms } = await startSimulator({}, ctx);
    await pms.upsert(appointment('2026-11-23T09:00:00+11:00', { id: 'yes' }));
    await pms.upsert(appointment('2026-11-23T09:30:00+11:00', { id: 'no' }));
    await pms.confirmAppointment('yes', '2026-11-22T18:05:00+11:00');
    await pms.cancelAppointment('no');
    const book = await pms.listAll();
    expect(book.find((a) => a.id === 'yes')).to.deep.include({ status: 'booked', confirmedAt: '2026-11-22T18:05:00+11:00' });
    expect(book.find((a) => a.id === 'no')).to.deep.include({ status: 'cancelled', cancellationReason: 'patient' });
    const listed = (await pms.listAppointments({ from: Date.parse('2026-11-23T00:00:00+11:00'), to: Date.parse('2026-11-24T00:00:00+11:00') })).appointments;
    for (const a of listed) expect(a).to.not.have.any.keys('confirmedAt', 'cancellationReason');

    // An edit keeps the confirmation; the reason goes once reception rebooks the visit.
    expect(await pms.update('yes', { start: '2026-11-23T10:00:00+11:00' })).to.include({ confirmedAt: '2026-11-22T18:05:00+11:00' });
    expect(await pms.update('no', { status: 'booked' })).to.not.have.property('cancellationReason');
  });

  it('throws NotFoundError when editing or removing an unknown appointment', async function () {
    const { pms } = await startSimulator({}, ctx);
    await expectRejection(() => pms.update('sim-99', { status: 'arrived' }), NotFoundError);
    await expectRejection(() => pms.remove('sim-99'), NotFoundError);
  });

  it('rejects an appointment without a valid start, patient or practitioner', async function () {
    const { pms } = await startSimulator({}, ctx);
    await expectRejection(() => pms.upsert(appointment('tomorrow')), InvalidAppointmentError);
    await expectRejection(() => pms.upsert(appointment('2026-11-23T09:00:00+11:00', { patient: { id: 'p1', name: '' } })), InvalidAppointmentError);
    const created = await pms.upsert(appointment('2026-11-23T09:00:00+11:00'));
    await expectRejection(() => pms.update(created.id, { status: 'gone' as never }), InvalidAppointmentError);
    expect(await pms.listAll()).to.have.length(1);
  });

  it('reports its appointment count in health', async function () {
    const { pms, instance } = await startSimulator({}, ctx);
    await pms.upsert(appointment('2026-11-23T09:00:00+11:00'));
    await pms.upsert(appointment('2026-11-23T09:15:00+11:00'));
    expect(await instance.checkHealth?.()).to.deep.include({ status: 'ok', data: { appointments: 2 } });
  });

  it('loads the seed on first start only, and keeps appointments across a restart', async function () {
    const dir = await mkdtemp(join(tmpdir(), 'pms-simulator-'));
    try {
      const seed = [appointment('2026-11-23T09:00:00+11:00'), appointment('2026-11-23T09:30:00+11:00', { id: 'demo-1' })];
      const firstStore = await openSqliteStore(join(dir, 'store.sqlite'));
      const first = await startSimulator({ seed }, createTestContext({ state: pluginStateIn(firstStore, 'pms-simulator') }));
      await first.pms.markArrived('demo-1');
      await first.instance.stop?.();
      await firstStore.close();

      const secondStore = await openSqliteStore(join(dir, 'store.sqlite'));
      const second = await startSimulator({ seed }, createTestContext({ state: pluginStateIn(secondStore, 'pms-simulator') }));
      const all = await second.pms.listAll();
      await secondStore.close();
      expect(all.map((a) => [a.id, a.status])).to.deep.equal([
        ['sim-1', 'booked'],
        ['demo-1', 'arrived'],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
