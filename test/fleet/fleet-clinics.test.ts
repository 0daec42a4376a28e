import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { TOKENS } from '../../core/runtime/tokens.js';
import { fleetConfigIn, fleetFolder, fleetOn, type FleetFolder } from './fleet-harness.js';

const NORTH = { clinic: { name: 'North Medical', timeZone: 'Australia/Melbourne', phone: '+61390000001' } };
const WEST = { clinic: { name: 'West Medical', timeZone: 'Australia/Perth', phone: '+61890000002' } };
const STUCK_PMS = join(process.cwd(), 'test/fixtures/external-plugins/pms-stuck/index.js');

/** A 10:00 appointment in the clinic's own zone, booked in its simulated PMS. */
function appointment(id: string, start: string, mobile: string) {
  return {
    id,
    start,
    end: start.replace(':00:00', ':15:00'),
    patient: { id: `pat-${id}`, name: `Patient ${id}`, firstName: `P${id}`, mobile },
    practitioner: { id: 'prac-1', name: 'Dr One' },
    status: 'booked' as const,
    isVideo: false,
  };
}

describe('many clinics in one host: the clinics folder', function () {
  this.timeout(30_000);
  let folder: FleetFolder;
  let fleet: ReturnType<typeof fleetOn>;
  // 07:30 in Melbourne is 04:30 in Perth.
  let clock: ManualClock;

  beforeEach(() => {
    clock = new ManualClock('2026-11-23T07:30:00+11:00');
    folder = fleetFolder();
  });
  afterEach(async () => {
    await fleet?.clinics.stopAll();
    folder.remove();
  });

  it('runs each clinic file as its own clinic, with its own store, time zone and texts', async () => {
    folder.writeClinic('north', NORTH);
    folder.writeClinic('west', WEST);
    fleet = fleetOn(fleetConfigIn(folder), clock);
    await fleet.clinics.reconcile();
    expect((await fleet.clinics.list()).map((c) => [c.id, c.state, c.timeZone])).to.deep.equal([
      ['north', 'running', 'Australia/Melbourne'],
      ['west', 'running', 'Australia/Perth'],
    ]);
    expect(existsSync(join(folder.dir, 'data/clinics/north.sqlite'))).to.equal(true);
    expect(existsSync(join(folder.dir, 'data/clinics/west.sqlite'))).to.equal(true);

    await fleet.pms('north').upsert(appointment('n1', '2026-11-23T10:00:00+11:00', '0412 000 001'));
    await fleet.pms('west').upsert(appointment('w1', '2026-11-23T09:00:00+08:00', '0412 000 002'));
    await fleet.runToday('north');
    await fleet.runToday('west');
    const north = await fleet.sms('north').sent();
    expect(north.map((t) => t.to)).to.deep.equal(['+61412000001']);
    expect(north[0]!.body).to.contain('10:00');
    // 04:30 in Perth: west's 09:00 screening is not due yet (3 h before, by Perth's clock), whatever the time in Melbourne.
    expect(await fleet.sms('west').sent()).to.deep.equal([]);
    clock.set('2026-11-23T08:05:00+08:00');
    await fleet.runToday('west');
    const west = await fleet.sms('west').sent();
    expect(west.map((t) => t.to)).to.deep.equal(['+61412000002']);
    expect(west[0]!.body).to.contain('9:00');

    // A reply to west's inbox is west's alone.
    await fleet.inbox('west').inject({ from: '+61412000002', body: 'no' });
    expect(await fleet.handleInbox('west')).to.equal(1);
    expect(await fleet.sms('north').sent()).to.have.length(1);
    expect((await fleet.sms('west').sent()).length).to.equal(2);
    const northStatus = await fleet.cellOf('north').container.resolve(TOKENS.Control).status();
    expect(northStatus.messagesToday.received).to.equal(0);
  });

  it('adds, changes and removes a clinic while running, leaving the others untouched', async () => {
    folder.writeClinic('north', NORTH);
    fleet = fleetOn(fleetConfigIn(folder), clock);
    await fleet.clinics.reconcile();
    const northCell = fleet.cellOf('north');

    folder.writeClinic('west', WEST);
    await fleet.clinics.reconcile();
    expect(fleet.cellOf('north')).to.equal(northCell, 'north was not restarted');
    expect(fleet.clinics.runners.get('west')?.state).to.equal('running');

    folder.writeClinic('west', { clinic: { ...WEST.clinic, name: 'West Family Practice' } });
    await fleet.clinics.reconcile();
    expect((await fleet.clinics.list()).find((c) => c.id === 'west')?.name).to.equal('West Family Practice');
    expect(fleet.cellOf('north')).to.equal(northCell);

    folder.removeClinic('west');
    await fleet.clinics.reconcile();
    expect([...fleet.clinics.runners.keys()]).to.deep.equal(['north']);
    expect(fleet.states.filter((s) => s.clinic === 'west').map((s) => s.state)).to.deep.equal(['starting', 'running', 'starting', 'running', 'stopped']);
    expect(fleet.cellOf('north')).to.equal(northCell);
  });

  it("gives each clinic's engine what its own PMS plugin can write (confirm, cancel)", async () => {
    folder.writeClinic('north', NORTH);
    folder.writeClinic('stuck', { clinic: { name: 'Stuck', timeZone: 'Australia/Sydney' }, pms: { use: STUCK_PMS } });
    fleet = fleetOn(fleetConfigIn(folder), clock);
    await fleet.clinics.reconcile();
    const writes = (id: string) => fleet.cellOf(id).container.resolve(TOKENS.EngineSettings).pms;
    expect(writes('north'), 'the simulated PMS has both').to.deep.equal({ canConfirm: true, canCancel: true });
    expect(writes('stuck'), 'a plugin written for kit 2.2 has neither').to.deep.equal({ canConfirm: false, canCancel: false });
  });

  it('reports a broken clinic file (file, key, fix) and keeps only that clinic down', async () => {
    folder.writeClinic('north', NORTH);
    folder.writeClinic('broken', { clinic: { name: 'Broken', timeZone: 'Mars/Olympus' } });
    folder.writeClinic('garbled', 'clinic: [unclosed');
    fleet = fleetOn(fleetConfigIn(folder), clock);
    await fleet.clinics.reconcile();
    const views = await fleet.clinics.list();
    const broken = views.find((c) => c.id === 'broken')!;
    expect(broken.state).to.equal('failed');
    expect(broken.name).to.equal('Broken');
    expect(broken.problem).to.include({ file: join(folder.clinicsDir, 'broken.yaml'), key: 'clinic.timeZone' });
    expect(broken.problem!.fix).to.contain('IANA time zone');
    expect(broken.problem!.message).to.match(/^clinics\/broken\.yaml: clinic\.timeZone: /);
    const garbled = views.find((c) => c.id === 'garbled')!;
    expect(garbled.state).to.equal('failed');
    expect(garbled.problem!.message).to.match(/^clinics\/garbled\.yaml: line 1, column \d+/);
    expect(views.find((c) => c.id === 'north')!.state).to.equal('running');

    // Fixed, it starts; north is not restarted.
    const northCell = fleet.cellOf('north');
    folder.writeClinic('broken', { clinic: { name: 'Broken', timeZone: 'Australia/Hobart' } });
    await fleet.clinics.reconcile();
    expect(fleet.clinics.runners.get('broken')!.state).to.equal('running');
    expect(fleet.cellOf('north')).to.equal(northCell);
  });

  it('a clinic whose PMS throws or hangs on every poll delays no other clinic', async () => {
    folder.writeClinic('north', NORTH);
    folder.writeClinic('stuck', { clinic: { name: 'Stuck', timeZone: 'Australia/Sydney' }, pms: { use: STUCK_PMS, options: { mode: 'slow', slowMs: 2000 } } });
    fleet = fleetOn(fleetConfigIn(folder), clock);
    await fleet.clinics.reconcile();
    const startedBefore = (globalThis as { __pmsStuck?: { started: number } }).__pmsStuck?.started ?? 0;
    const stuckPass = fleet.runToday('stuck').then(
      () => 'passed',
      () => 'failed',
    );
    await fleet.pms('north').upsert(appointment('n1', '2026-11-23T10:00:00+11:00', '0412 000 001'));
    await fleet.runToday('north');
    // North has texted while stuck's poll is still in flight.
    const stuckCalls = (globalThis as { __pmsStuck?: { started: number; finished: number } }).__pmsStuck!;
    expect(stuckCalls.started).to.be.greaterThan(startedBefore);
    expect(stuckCalls.finished).to.be.lessThan(stuckCalls.started);
    expect(await fleet.sms('north').sent()).to.have.length(1);
    expect(await stuckPass).to.equal('failed');
    expect((await fleet.clinics.list()).find((c) => c.id === 'stuck')!.failures).to.be.greaterThan(0);
  });
});
