import { expect } from 'chai';
import type pg from 'pg';
import {
  acquireLease,
  ensureLeaseSchema,
  leaseFence,
  LeaseLostError,
  readLeaseHolder,
  releaseLease,
  renewLease,
  type LeaseFence,
} from '../../core/fleet/index.js';
import { fleetDatabase, until, type FleetDatabase } from './fleet-support.js';

/** BEGIN; fence; INSERT; COMMIT, the way the store writes. */
async function fencedInsert(pool: pg.Pool, fence: LeaseFence, writer: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await fence(client);
    await client.query('INSERT INTO probe_writes (writer) VALUES ($1)', [writer]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

async function refusal(write: Promise<void>): Promise<LeaseLostError> {
  const error = await write.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).to.be.instanceOf(LeaseLostError);
  return error as LeaseLostError;
}

describe('fleet: clinic leases and the store fence (PostgreSQL)', function () {
  this.timeout(15_000);
  let db: FleetDatabase | undefined;
  let pool: pg.Pool;

  before(async function () {
    db = await fleetDatabase();
    if (!db) return this.skip();
    pool = db.pool();
    await pool.query('CREATE TABLE probe_writes (writer text NOT NULL)');
  });
  after(async () => db?.destroy());

  it('creates the schema safely when replicas start together', async () => {
    await Promise.all([ensureLeaseSchema(db!.pool(1)), ensureLeaseSchema(db!.pool(1)), ensureLeaseSchema(db!.pool(1))]);
  });

  it('acquires a free lease, refuses a held one, and takes it back when ours', async () => {
    expect(await acquireLease(pool, 'c1', 'r1', 10)).to.equal(1);
    expect(await acquireLease(pool, 'c1', 'r2', 10)).to.equal(undefined);
    expect(await acquireLease(pool, 'c1', 'r1', 10)).to.equal(1);
    expect(await readLeaseHolder(pool, 'c1')).to.deep.equal({ clinicId: 'c1', replicaId: 'r1', token: 1, free: false });
  });

  it('lets exactly one of many racing replicas take a free lease', async () => {
    const tokens = await Promise.all(Array.from({ length: 8 }, (_, i) => acquireLease(pool, 'race', `r${i}`, 10)));
    expect(tokens.filter((t) => t !== undefined)).to.deep.equal([1]);
  });

  it('renews only the holder with its token; release frees it at once and the next token is higher', async () => {
    expect(await renewLease(pool, 'c1', 'r1', 1, 10)).to.equal(true);
    expect(await renewLease(pool, 'c1', 'r2', 1, 10)).to.equal(false);
    expect(await renewLease(pool, 'c1', 'r1', 2, 10)).to.equal(false);
    expect(await releaseLease(pool, 'c1', 'r2', 1)).to.equal(false);
    expect(await releaseLease(pool, 'c1', 'r1', 1)).to.equal(true);
    expect(await readLeaseHolder(pool, 'c1')).to.deep.equal({ clinicId: 'c1', replicaId: null, token: 1, free: true });
    expect(await renewLease(pool, 'c1', 'r1', 1, 10)).to.equal(false);
    expect(await acquireLease(pool, 'c1', 'r2', 10)).to.equal(2);
  });

  it('lets another replica take an expired lease with a higher token; the old holder can no longer renew', async () => {
    expect(await acquireLease(pool, 'c2', 'r1', 0.3)).to.equal(1);
    await until('the lease to expire', async () => ((await readLeaseHolder(pool, 'c2'))!.free ? true : undefined));
    expect(await renewLease(pool, 'c2', 'r1', 1, 10)).to.equal(false);
    expect(await acquireLease(pool, 'c2', 'r2', 10)).to.equal(2);
    // Even the same replica starts a new holding period after expiry.
    expect(await acquireLease(pool, 'c3', 'r1', 0.3)).to.equal(1);
    await until('the lease to expire', async () => ((await readLeaseHolder(pool, 'c3'))!.free ? true : undefined));
    expect(await acquireLease(pool, 'c3', 'r1', 10)).to.equal(2);
  });

  it('the fence accepts the current token and refuses a stale one, naming the clinic', async () => {
    const token = (await acquireLease(pool, 'f1', 'r1', 10))!;
    await fencedInsert(pool, leaseFence('f1', token), 'current');
    const error = await refusal(fencedInsert(pool, leaseFence('f1', token - 1), 'stale'));
    expect(error.code).to.equal('CA_ERR_LEASE_LOST');
    expect(error.clinicId).to.equal('f1');
    expect(error.message).to.include('"f1"').and.include('another replica took it over');
    const rows = await pool.query<{ writer: string }>('SELECT writer FROM probe_writes');
    expect(rows.rows.map((r) => r.writer)).to.deep.equal(['current']);
  });

  it('the fence refuses an expired lease, a released one and a clinic never leased', async () => {
    const token = (await acquireLease(pool, 'f2', 'r1', 0.3))!;
    await until('the lease to expire', async () => ((await readLeaseHolder(pool, 'f2'))!.free ? true : undefined));
    expect((await refusal(fencedInsert(pool, leaseFence('f2', token), 'expired'))).message).to.include('expired');
    const held = (await acquireLease(pool, 'f3', 'r1', 10))!;
    await releaseLease(pool, 'f3', 'r1', held);
    expect((await refusal(fencedInsert(pool, leaseFence('f3', held), 'released'))).message).to.include('released');
    expect((await refusal(fencedInsert(pool, leaseFence('nowhere', 1), 'none'))).message).to.include('no lease');
    const rows = await pool.query<{ writer: string }>("SELECT writer FROM probe_writes WHERE writer <> 'current'");
    expect(rows.rows).to.deep.equal([]);
  });
});
