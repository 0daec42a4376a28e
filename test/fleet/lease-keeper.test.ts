import { expect } from 'chai';
import { assignClinics, readLeaseHolders } from '../../core/fleet/index.js';
import { fleetDatabase, until, type FleetDatabase } from './fleet-support.js';
import { cuttablePool, killableTimers, LeaseKeeper, LeaseProbe } from './keeper-probe.js';

const clinics = Array.from({ length: 30 }, (_, i) => `clinic-${i}`);

/** Who holds what, from the keepers' own view; undefined unless every clinic has exactly one holder matching `expected`. */
function settledOn(keepers: LeaseKeeper[], expected: Map<string, string>): true | undefined {
  const holders = new Map<string, string[]>();
  for (const k of keepers) for (const clinicId of k.heldLeases().keys()) holders.set(clinicId, [...(holders.get(clinicId) ?? []), k.replicaId]);
  for (const [clinicId, owner] of expected) {
    const held = holders.get(clinicId) ?? [];
    if (held.length !== 1 || held[0] !== owner) return undefined;
  }
  return holders.size === expected.size ? true : undefined;
}

describe('fleet: lease keepers sharing clinics (PostgreSQL)', function () {
  this.timeout(30_000);
  let db: FleetDatabase | undefined;
  const running: LeaseKeeper[] = [];

  before(async function () {
    db = await fleetDatabase();
    if (!db) return this.skip();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((k) => k.stop()));
    await db?.pool(1).query('TRUNCATE clinic_leases, fleet_replicas');
  });
  after(async () => db?.destroy());

  function keeper(replicaId: string, probe: LeaseProbe, options: Partial<ConstructorParameters<typeof LeaseKeeper>[0]> = {}): LeaseKeeper {
    const k = new LeaseKeeper({ replicaId, pool: db!.pool(2), clinicIds: clinics, ttlSeconds: 5, intervalMs: 50, ...probe.callbacks(replicaId), ...options });
    running.push(k);
    return k;
  }

  it('three keepers converge to an even split with no clinic held twice; a fourth joining takes a share and the others release it', async () => {
    const probe = new LeaseProbe();
    const three = ['replica-a', 'replica-b', 'replica-c'].map((id) => keeper(id, probe));
    await Promise.all(three.map((k) => k.start()));
    await until('three keepers to settle', () => settledOn(three, assignClinics(clinics, ['replica-a', 'replica-b', 'replica-c'])));
    for (const k of three) expect(k.heldLeases().size).to.be.within(5, 15);

    const before = probe.events.length;
    const fourth = keeper('replica-d', probe);
    await fourth.start();
    const four = [...three, fourth];
    const expected = assignClinics(
      clinics,
      four.map((k) => k.replicaId),
    );
    await until('four keepers to settle', () => settledOn(four, expected));

    const moved = clinics.filter((c) => expected.get(c) === 'replica-d');
    expect(moved.length).to.be.greaterThan(0);
    const after = probe.events.slice(before);
    expect(
      after
        .filter((e) => e.kind === 'releasing')
        .map((e) => e.clinicId)
        .sort(),
    ).to.deep.equal([...moved].sort());
    expect(after.filter((e) => e.kind === 'gained').every((e) => e.replicaId === 'replica-d')).to.equal(true);
    expect(after.some((e) => e.kind === 'lost')).to.equal(false);
    expect(probe.violations()).to.deep.equal([]);

    // The database agrees with the keepers, and their tokens are the ones it holds.
    const leases = await readLeaseHolders(db!.pool(1), clinics);
    for (const k of four)
      for (const [clinicId, token] of k.heldLeases()) expect(leases.get(clinicId)).to.include({ replicaId: k.replicaId, token, free: false });
  });

  it('a keeper that stops ticking loses its clinics to the others within ttl + interval', async () => {
    const ttlSeconds = 1.5;
    const intervalMs = 100;
    const probe = new LeaseProbe();
    const timers = killableTimers();
    const a = keeper('replica-a', probe, { ttlSeconds, intervalMs });
    const b = keeper('replica-b', probe, { ttlSeconds, intervalMs });
    const dying = keeper('replica-c', probe, { ttlSeconds, intervalMs, timers });
    await Promise.all([a, b, dying].map((k) => k.start()));
    await until('three keepers to settle', () => settledOn([a, b, dying], assignClinics(clinics, ['replica-a', 'replica-b', 'replica-c'])));
    const orphaned = [...dying.heldLeases().keys()];

    timers.kill();
    const eventsAtDeath = probe.events.length;
    running.splice(running.indexOf(dying), 1);
    const diedAt = Date.now();
    await until('the survivors to hold every clinic', () => settledOn([a, b], assignClinics(clinics, ['replica-a', 'replica-b'])));
    const failoverMs = Date.now() - diedAt;
    console.log(`      failover after a keeper stopped ticking: ${failoverMs} ms (ttl ${ttlSeconds * 1000} ms + interval ${intervalMs} ms)`);
    // ttl + interval, plus one tick (and this poll) of slack for a busy machine.
    expect(failoverMs).to.be.at.most(ttlSeconds * 1000 + intervalMs + 500);
    expect(failoverMs).to.be.at.least(ttlSeconds * 1000 - intervalMs - 100);
    expect(probe.violations(['replica-c'])).to.deep.equal([]);
    const afterDeath = probe.events.slice(eventsAtDeath);
    expect(afterDeath.map((e) => `${e.kind} ${e.clinicId}`).sort()).to.deep.equal(orphaned.map((c) => `gained ${c}`).sort());
    expect(probe.events.filter((e) => orphaned.includes(e.clinicId) && e.kind === 'gained').at(-1)?.token).to.be.greaterThan(1);
  });

  it('a keeper cut off from the database reports its clinics lost within the TTL of its last renewal', async () => {
    const probe = new LeaseProbe();
    const cuttable = cuttablePool(db!.pool(2));
    const k = keeper('replica-a', probe, { pool: cuttable.pool, ttlSeconds: 1, intervalMs: 50 });
    await k.start();
    await until('the keeper to hold every clinic', () => (k.heldLeases().size === clinics.length ? true : undefined));
    cuttable.cut();
    const cutAt = Date.now();
    await until('every clinic to be reported lost', () => (probe.events.filter((e) => e.kind === 'lost').length === clinics.length ? true : undefined));
    // The TTL, plus slack for a timer that fires late on a busy machine.
    expect(Date.now() - cutAt).to.be.at.most(1000 + 400);
    expect(k.heldLeases().size).to.equal(0);
    running.splice(running.indexOf(k), 1); // its stop() would wait for the hung tick
  });

  it('takes over a clinic its assigned live replica does not take, after a full TTL, and keeps it', async () => {
    const probe = new LeaseProbe();
    const a = keeper('replica-a', probe, { ttlSeconds: 1, intervalMs: 50 });
    const b = keeper('replica-b', probe, { ttlSeconds: 1, intervalMs: 50 });
    const unworked = clinics.filter((c) => assignClinics([c], ['replica-a', 'replica-b']).get(c) === 'replica-b').slice(0, 2);
    b.setClinicIds(clinics.filter((c) => !unworked.includes(c)));
    await b.start();
    const startedAt = Date.now();
    await a.start();
    await until('replica-a to adopt the unworked clinics', () => (unworked.every((c) => a.heldLeases().has(c)) ? true : undefined));
    expect(Date.now() - startedAt).to.be.at.least(1000);
    const gainedBefore = probe.events.length;
    await Promise.all([a.tick(), b.tick(), a.tick()]);
    expect(unworked.every((c) => a.heldLeases().has(c))).to.equal(true);
    expect(probe.events.slice(gainedBefore).filter((e) => e.kind !== 'gained')).to.deep.equal([]);
    expect(probe.violations()).to.deep.equal([]);
  });

  it('releases a clinic taken off its list, after onReleasing, and leaves it free for the next replica', async () => {
    const probe = new LeaseProbe();
    const k = keeper('replica-a', probe);
    await k.start();
    expect(k.heldLeases().size).to.equal(clinics.length);
    k.setClinicIds(clinics.slice(1));
    await k.tick();
    expect(k.heldLeases().has(clinics[0]!)).to.equal(false);
    expect(probe.events.filter((e) => e.kind === 'releasing').map((e) => e.clinicId)).to.deep.equal([clinics[0]]);
    expect(await readLeaseHolders(db!.pool(1), [clinics[0]!])).to.deep.equal(
      new Map([[clinics[0], { clinicId: clinics[0], replicaId: null, token: 1, free: true }]]),
    );
  });

  it('stop() releases everything after onReleasing, so another replica takes over at once', async () => {
    const probe = new LeaseProbe();
    const a = keeper('replica-a', probe, { ttlSeconds: 30 });
    const b = keeper('replica-b', probe, { ttlSeconds: 30 });
    await Promise.all([a.start(), b.start()]);
    await until('two keepers to settle', () => settledOn([a, b], assignClinics(clinics, ['replica-a', 'replica-b'])));
    const hadA = [...a.heldLeases().keys()];
    const before = probe.events.length;
    await a.stop();
    expect(
      probe.events
        .slice(before)
        .filter((e) => e.replicaId === 'replica-a' && e.kind === 'releasing')
        .map((e) => e.clinicId)
        .sort(),
    ).to.deep.equal([...hadA].sort());
    const stoppedAt = Date.now();
    await until('replica-b to hold every clinic', () => (b.heldLeases().size === clinics.length ? true : undefined));
    expect(Date.now() - stoppedAt).to.be.below(1000);
    expect(probe.violations()).to.deep.equal([]);
  });
});
