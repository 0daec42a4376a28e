import { SystemClock } from '@clinic-arrivals/plugin-kit';
import { expect } from 'chai';
import type pg from 'pg';
import { DuplicateSendError } from '../errors.js';
import type { Store } from '../store.js';
import { migratePostgres } from './migrations.js';
import { openPostgresStore } from './postgres-store.js';
import { useTestSchema } from './test-support.js';

const T0 = Date.UTC(2026, 10, 22, 22, 0);
const ALICE = '+61400000001';
const ROUNDS = 15;

/**
 * Two processes of one clinic (two pools on one database) doing the same thing at the same
 * moment, where the SQLite store relied on its single writer: a unique key, a row lock or a
 * guarded UPDATE must let exactly one of them win, every round.
 */
describe('PostgresStore: two processes racing', () => {
  const schema = useTestSchema();
  let pools: [pg.Pool, pg.Pool];
  let a: Store;
  let b: Store;
  let round = 0;

  before(async () => {
    pools = [schema().pool(4), schema().pool(4)];
    await migratePostgres(pools[0]);
    // Connections open before the races, so neither side starts late.
    await Promise.all(pools.flatMap((pool) => [1, 2, 3].map(() => pool.query('SELECT 1'))));
  });
  beforeEach(async () => {
    const clinicId = `race-${++round}`;
    const open = (pool: pg.Pool) => openPostgresStore({ pool, clinicId, clock: new SystemClock() });
    [a, b] = await Promise.all([open(pools[0]), open(pools[1])]);
  });

  const send = (key: string, body = 'b') => ({ key, to: ALICE, template: 't', body });

  it('sends once per key: one beginSend wins, the other is a DuplicateSendError', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const results = await Promise.allSettled([a.beginSend(send(`k${i}`, 'a'), T0), b.beginSend(send(`k${i}`, 'b'), T0)]);
      expect(results.map((r) => r.status).sort()).to.deep.equal(['fulfilled', 'rejected']);
      const lost = results.find((r) => r.status === 'rejected')!;
      expect(lost.reason).to.be.instanceOf(DuplicateSendError).and.include({ existingStatus: 'pending' });
    }
    expect(await a.listOutbox()).to.have.length(ROUNDS);
  });

  it('retries once: of two processes picking up one entry waiting for a retry, one sends', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const first = await a.beginSend(send(`r${i}`), T0);
      await a.finishSend(first.id, { status: 'retry', error: 'busy' }, T0);
      const results = await Promise.allSettled([a.beginSend(send(`r${i}`), T0 + 1), b.beginSend(send(`r${i}`), T0 + 1)]);
      expect(results.map((r) => r.status).sort()).to.deep.equal(['fulfilled', 'rejected']);
      expect(await a.findOutbox(`r${i}`)).to.include({ status: 'pending', attempts: 2 });
    }
  });

  it('marks each unfinished send unknown by one process only at start-up', async () => {
    for (let i = 0; i < ROUNDS; i++) await a.beginSend(send(`p${i}`), T0);
    const [fromA, fromB] = await Promise.all([a.markUnfinishedUnknown(T0 + 1), b.markUnfinishedUnknown(T0 + 1)]);
    expect([...fromA, ...fromB].map((e) => e.key).sort()).to.deep.equal(Array.from({ length: ROUNDS }, (_, i) => `p${i}`).sort());
  });

  it('settles an unknown send once: both callers get the first resolution', async () => {
    for (let i = 0; i < ROUNDS; i++) await a.beginSend(send(`u${i}`), T0);
    const entries = await a.markUnfinishedUnknown(T0);
    for (const entry of entries) {
      const [byA, byB] = await Promise.all([
        a.resolveUnknownSend(entry.id, { outcome: 'delivered', by: 'anna' }, T0 + 1),
        b.resolveUnknownSend(entry.id, { outcome: 'dismissed', by: 'ben' }, T0 + 2),
      ]);
      expect(byA).to.deep.equal(byB);
    }
  });

  it('applies one of two identical delivery reports, and a late earlier one never wins', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const entry = await a.beginSend(send(`d${i}`), T0);
      await a.finishSend(entry.id, { status: 'sent', providerId: `SM${i}` }, T0);
      const [x, y, z] = await Promise.all([
        a.recordDeliveryStatus(`SM${i}`, { status: 'delivered' }, T0 + 1),
        b.recordDeliveryStatus(`SM${i}`, { status: 'delivered' }, T0 + 2),
        b.recordDeliveryStatus(`SM${i}`, { status: 'queued' }, T0 + 3),
      ]);
      expect([x, y].filter((o) => o.matched && o.changed)).to.have.length(1);
      expect(z.matched && z.entry.deliveryStatus).to.not.equal(undefined);
      expect((await a.getOutboxEntry(entry.id))!.deliveryStatus).to.equal('delivered');
    }
  });

  it('stores a text once, and gives a new number one conversation when two of its texts arrive together', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const phone = `+614000001${String(i).padStart(2, '0')}`;
      const [same1, same2, other] = await Promise.all([
        a.recordIncoming({ id: `in-${i}`, from: phone, body: 'YES', receivedAt: T0 }),
        b.recordIncoming({ id: `in-${i}`, from: phone, body: 'YES', receivedAt: T0 }),
        b.recordIncoming({ id: `in-${i}-b`, from: phone, body: 'NO', receivedAt: T0 }),
      ]);
      expect([same1, same2].sort()).to.deep.equal([false, true]);
      expect(other).to.equal(true);
    }
    const { rows } = await pools[0].query<{ phones: string; conversations: string }>(
      'SELECT count(DISTINCT phone) AS phones, count(*) AS conversations FROM conversations WHERE clinic_id = $1',
      [`race-${round}`],
    );
    expect(rows[0]).to.deep.equal({ phones: String(ROUNDS), conversations: String(ROUNDS) });
  });

  it('makes one guest grant per request and one join lock per appointment', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const grant = (grantId: string) => ({
        grantId,
        requestKey: `req-${i}`,
        appointmentId: 'a1',
        roomId: 'r',
        grantedBy: 'patient' as const,
        displayName: 'G',
        expiresAt: 'x',
      });
      const [ga, gb] = await Promise.all([a.recordGuestGrant(grant(`ga${i}`), T0), b.recordGuestGrant(grant(`gb${i}`), T0)]);
      expect(ga).to.deep.equal(gb);
      const lock = (lockId: string) => ({
        appointmentId: `a${i}`,
        lockId,
        secret: lockId,
        code: '1',
        issueKey: 'start',
        codeIssuedAt: T0,
        codeExpiresAt: T0,
        expiresAt: T0,
      });
      const [la, lb] = await Promise.all([a.recordJoinLock(lock(`la${i}`), T0), b.recordJoinLock(lock(`lb${i}`), T0)]);
      expect(la).to.deep.equal(lb);
    }
    expect(await a.countLiveGuestGrants()).to.deep.equal(new Map([['a1', ROUNDS]]));
  });

  it('issues codes up to the limit however many processes ask at once', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      await a.recordJoinLock(
        { appointmentId: `c${i}`, lockId: `l${i}`, secret: 's', code: '0', issueKey: 'start', codeIssuedAt: T0, codeExpiresAt: T0, expiresAt: T0 },
        T0,
      );
      const issue = (key: string) => ({ issueKey: key, code: key, codeIssuedAt: T0, codeExpiresAt: T0 });
      await Promise.all([a.issueJoinCode(`c${i}`, issue('x'), 2), b.issueJoinCode(`c${i}`, issue('y'), 2), b.issueJoinCode(`c${i}`, issue('x'), 3)]);
      const lock = (await a.getJoinLock(`c${i}`))!;
      expect(lock.codesIssued).to.equal(lock.issueKeys.length);
      expect(new Set(lock.issueKeys).size, 'no key twice').to.equal(lock.issueKeys.length);
      expect(lock.codesIssued).to.be.at.most(3);
    }
  });

  it('counts a recent error reported by both at once on one record', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      await Promise.all([a.recordRecentError({ where: 'loop', error: `E${i}` }, T0 + i), b.recordRecentError({ where: 'loop', error: `E${i}` }, T0 + i)]);
    }
    const errors = await a.listRecentErrors();
    expect(errors).to.have.length(ROUNDS);
    expect(errors.every((e) => e.count === 2)).to.equal(true);
  });
});
