import { expect } from 'chai';
import { createSilentLogger, ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import type { ClinicState } from '../../core/runtime/fleet/clinic-runner.js';
import { startFleet, type RunningFleet } from '../../core/runtime/fleet/fleet-host.js';
import { fleetConfigIn, fleetFolder, type FleetFolder } from './fleet-harness.js';
import { fleetDatabase, type FleetDatabase } from './fleet-support.js';

const TOKEN = 'vendor-admin-token-0123456789';
const clinicFile = (name: string, timeZone = 'Australia/Melbourne') => ({ clinic: { name, timeZone } });

/** Clinic state changes of every fleet in the test, awaitable. */
function stateLog() {
  const events: Array<{ fleet: string; clinic: string; state: ClinicState }> = [];
  const waiters: Array<() => void> = [];
  return {
    events,
    record: (fleet: string) => (clinic: string, state: ClinicState) => {
      events.push({ fleet, clinic, state });
      for (const wake of waiters.splice(0)) wake();
    },
    async until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 500);
        });
      }
    },
  };
}

/** GET with the vendor token ('' for none). */
const get = async (fleet: RunningFleet, path: string, token = TOKEN): Promise<{ status: number; body: any }> => {
  const response = await fetch(fleet.apiUrl + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, body: response.headers.get('content-type')?.includes('json') ? await response.json() : await response.text() };
};

describe('fleet host: many clinics behind one API', function () {
  this.timeout(40_000);
  let folder: FleetFolder;
  const running: RunningFleet[] = [];

  afterEach(async () => {
    await Promise.all(running.splice(0).map((fleet) => fleet.stop()));
    folder?.remove();
  });

  it('serves /api/clinics and each clinic under /c/<id>/, and applies a clinic file added or removed while running', async () => {
    folder = fleetFolder({ api: { token: TOKEN } });
    folder.writeClinic('north', clinicFile('North Medical'));
    folder.writeClinic('south', clinicFile('South Medical', 'Australia/Adelaide'));
    const log = stateLog();
    const fleet = await startFleet(fleetConfigIn(folder), {
      clock: new ManualClock('2026-11-23T08:00:00+11:00'),
      logger: createSilentLogger(),
      apiPort: 0,
      startLoops: false,
      onClinicState: log.record('one'),
    });
    running.push(fleet);

    expect((await get(fleet, '/api/clinics', '')).status).to.equal(401);
    const listed = await get(fleet, '/api/clinics');
    expect(listed.body.clinics.map((c: { id: string; state: string }) => [c.id, c.state])).to.deep.equal([
      ['north', 'running'],
      ['south', 'running'],
    ]);
    const south = await get(fleet, '/c/south/api/status');
    expect(south.status).to.equal(200);
    expect(south.body.clinic).to.deep.include({ name: 'South Medical', timeZone: 'Australia/Adelaide' });
    expect((await get(fleet, '/c/nowhere/api/status')).status).to.equal(404);

    // The watcher sees a new file and starts that clinic alone.
    folder.writeClinic('east', clinicFile('East Medical', 'Australia/Brisbane'));
    await log.until('east running', () => log.events.some((e) => e.clinic === 'east' && e.state === 'running'));
    expect((await get(fleet, '/c/east/api/status')).body.clinic.name).to.equal('East Medical');
    const metrics = await get(fleet, '/metrics');
    expect(metrics.body).to.contain('clinic="east"').and.to.contain('clinic="north"');

    folder.removeClinic('east');
    await log.until('east stopped', () => log.events.some((e) => e.clinic === 'east' && e.state === 'stopped'));
    expect((await get(fleet, '/c/east/api/status')).status).to.equal(404);
    // North and south were never restarted.
    for (const id of ['north', 'south']) expect(log.events.filter((e) => e.clinic === id).map((e) => e.state)).to.deep.equal(['starting', 'running']);
  });

  describe('on PostgreSQL, as replicas', function () {
    let db: FleetDatabase | undefined;
    before(async function () {
      db = await fleetDatabase();
      if (!db) this.skip();
    });
    after(async () => db?.destroy());

    it('works each clinic on exactly one replica, shows every clinic on both, and hands a stopped replica’s clinics to the other', async () => {
      folder = fleetFolder({
        api: { token: TOKEN },
        store: { use: 'postgres', url: `${db!.url}?options=${encodeURIComponent(`-c search_path=${db!.schema}`)}` },
        fleet: { leaseSeconds: 5, checkSeconds: 0.3 },
      });
      const ids = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'];
      for (const id of ids) folder.writeClinic(id, clinicFile(`Clinic ${id}`));
      const log = stateLog();
      const start = (name: string) =>
        startFleet(
          { ...fleetConfigIn(folder), fleet: { replicaId: name, leaseSeconds: 5, checkSeconds: 0.3 } },
          {
            clock: new ManualClock('2026-11-23T08:00:00+11:00'),
            logger: createSilentLogger(),
            apiPort: 0,
            startLoops: false,
            watch: false,
            onClinicState: log.record(name),
          },
        );
      const a = await start('replica-a');
      running.push(a);
      const b = await start('replica-b');
      running.push(b);

      const runningOn = (fleet: RunningFleet) => [...fleet.clinics.runners.values()].filter((r) => r.state === 'running').map((r) => r.id);
      await log.until('every clinic on exactly one replica, both with some', () => {
        const onA = runningOn(a);
        const onB = runningOn(b);
        return onA.length > 0 && onB.length > 0 && onA.length + onB.length === ids.length && onA.every((id) => !onB.includes(id));
      });
      for (const fleet of [a, b]) {
        const { body } = await get(fleet, '/api/clinics');
        expect(body.clinics.map((c: { id: string }) => c.id)).to.deep.equal(ids);
        for (const clinic of body.clinics as Array<{ id: string; replica?: string; state: string }>) {
          expect(clinic.replica).to.equal(runningOn(a).includes(clinic.id) ? 'replica-a' : 'replica-b');
        }
      }

      // Either replica answers for every clinic: the one not working it forwards to the one that does.
      for (const id of ids) {
        for (const fleet of [a, b]) {
          const status = await get(fleet, `/c/${id}/api/status`);
          expect(status.status, `${id} through ${fleet === a ? 'a' : 'b'}`).to.equal(200);
          expect(status.body.clinic.name).to.equal(`Clinic ${id}`);
        }
      }

      await b.stop();
      running.splice(running.indexOf(b), 1);
      await log.until('every clinic on replica a', () => runningOn(a).length === ids.length);
      const { body } = await get(a, '/api/clinics');
      expect(body.clinics.every((c: { replica?: string }) => c.replica === 'replica-a')).to.equal(true);
    });
  });
});
