import { SystemClock } from '@clinic-arrivals/plugin-kit';
import { expectRejection } from '@clinic-arrivals/plugin-kit/testing';
import { expect } from 'chai';
import type pg from 'pg';
import type { Store } from '../store.js';
import { migratePostgres } from './migrations.js';
import { openPostgresStore } from './postgres-store.js';
import { useTestSchema } from './test-support.js';

const T0 = Date.UTC(2026, 10, 22, 22, 0);
const ALICE = '+61400000001';

class LeaseLostError extends Error {}

/** Every write of the Store, each with arguments that would change something in the state {@link seed} leaves. */
const WRITES: Record<string, (store: Store, ids: { pending: number; unknown: number }) => Promise<unknown>> = {
  saveProgress: (s) => s.saveProgress({ appointmentId: 'a1', screening: 'video' }),
  beginSend: (s) => s.beginSend({ key: 'new', to: ALICE, template: 't', body: 'b' }, T0),
  finishSend: (s, ids) => s.finishSend(ids.pending, { status: 'sent', providerId: 'SM9' }, T0),
  markUnfinishedUnknown: (s) => s.markUnfinishedUnknown(T0),
  recordDeliveryStatus: (s) => s.recordDeliveryStatus('SM1', { status: 'delivered' }, T0),
  recordUnknownSendCheck: (s, ids) => s.recordUnknownSendCheck(ids.unknown, { at: T0, note: 'not found' }),
  resolveUnknownSend: (s, ids) => s.resolveUnknownSend(ids.unknown, { outcome: 'dismissed', by: 'anna' }, T0),
  recordIncoming: (s) => s.recordIncoming({ id: 'in-new', from: ALICE, body: 'YES', receivedAt: T0 }),
  setIncomingState: (s) => s.setIncomingState('in-1', 'handled'),
  recordStaffReply: (s) => s.recordStaffReply({ key: 'staff:1', phone: ALICE, by: 'anna' }, T0),
  closeConversation: (s) => s.closeConversation(ALICE, 'anna', T0),
  linkConversation: (s) => s.linkConversation(ALICE, 'a9', 0),
  saveReplyPlan: (s) => s.saveReplyPlan('in-1', { step: 2 }, T0),
  recordGuestGrant: (s) =>
    s.recordGuestGrant({ grantId: 'g9', requestKey: 'r9', appointmentId: 'a1', roomId: 'r', grantedBy: 'patient', displayName: 'G', expiresAt: 'x' }, T0),
  setGuestLink: (s) => s.setGuestLink('g1', { grantId: 'g1', link: 'https://v/g1', expiresAt: 'x' }, T0),
  markGuestSent: (s) => s.markGuestSent('g2', T0),
  markGuestsJoined: (s) => s.markGuestsJoined('a1', ['g2'], T0),
  expireGuestGrants: (s) => s.expireGuestGrants('a1'),
  bookGuest: (s) =>
    s.bookGuest(
      { grantId: 'b9', requestKey: 'rb9', appointmentId: 'a1', kind: 'interpreter', displayName: 'M', phone: ALICE, bookedBy: 'anna', expiresAt: 'x' },
      T0,
    ),
  activateBookedGuest: (s) => s.activateBookedGuest('b1', 'room', 'x'),
  markGuestPatientTold: (s) => s.markGuestPatientTold('g3', T0),
  revokeGuestGrant: (s) => s.revokeGuestGrant('g1', 'anna', T0, { at: T0, actor: 'anna', action: 'guest-revoke' }),
  recordJoinLock: (s) =>
    s.recordJoinLock({ appointmentId: 'a9', lockId: 'l9', secret: 's', code: '1', issueKey: 'k', codeIssuedAt: T0, codeExpiresAt: T0, expiresAt: T0 }, T0),
  setJoinLockTarget: (s) => s.setJoinLockTarget('a1', 'https://v/p'),
  issueJoinCode: (s) => s.issueJoinCode('a1', { issueKey: 'k2', code: '2', codeIssuedAt: T0, codeExpiresAt: T0 }, 5),
  markJoinLockPublished: (s) => s.markJoinLockPublished('a1', 'https://gate/x', T0),
  markJoinLockWithdrawn: (s) => s.markJoinLockWithdrawn('a1', T0),
  recordLanguageGap: (s) => s.recordLanguageGap('de', 'screening', T0),
  saveAlertState: (s) => s.saveAlertState('sms', { alerted: true }, T0),
  setOptedOut: (s) => s.setOptedOut(ALICE, true, T0),
  recordRecentError: (s) => s.recordRecentError({ where: 'loop', error: 'E' }, T0),
  addPluginCalls: (s) => s.addPluginCalls({ role: 'sms', at: T0, calls: 1, retried: 0, failed: 0, refused: 0 }),
  prunePluginCalls: (s) => s.prunePluginCalls(T0 + 1),
  savePluginHealth: (s) => s.savePluginHealth({ role: 'sms', status: 'down', since: T0 }),
  savePractitioner: (s) => s.savePractitioner({ practitionerId: 'p1' }),
  saveTemplateOverride: (s) => s.saveTemplateOverride('screening', 'new'),
  setPluginState: (s) => s.setPluginState('x', 'k', 2),
  saveStaffUser: (s) => s.saveStaffUser({ name: 'anna', role: 'admin', passwordHash: 'h2' }, T0),
  deleteStaffUser: (s) => s.deleteStaffUser('anna'),
  createStaffSession: (s) => s.createStaffSession({ idHash: 's2', userName: 'anna', csrfToken: 'c', createdAt: T0, lastSeenAt: T0 }),
  touchStaffSession: (s) => s.touchStaffSession('s1', T0 + 1),
  deleteStaffSession: (s) => s.deleteStaffSession('s1'),
  deleteStaffSessionsOf: (s) => s.deleteStaffSessionsOf('anna'),
  deleteExpiredStaffSessions: (s) => s.deleteExpiredStaffSessions(T0 + 1, T0 + 1),
  recordActivity: (s) => s.recordActivity({ at: T0, actor: 'anna', action: 'sign-in' }),
  purgeBodiesBefore: (s) => s.purgeBodiesBefore(T0 + 1),
};

/** Methods that only read (or end the store): no fence. */
const READS = new Set([
  'loadProgress', 'findOutbox', 'getOutboxEntry', 'listOutbox', 'countSendsSince', 'listUnknownSends', 'listUnknownSendsDueForCheck',
  'getIncoming', 'listIncoming', 'conversationPhone', 'listConversations', 'listIncomingFrom', 'listOutboxTo', 'getReplyPlan',
  'getGuestGrant', 'findGuestGrantByRequest', 'listGuestGrants', 'countLiveGuestGrants', 'listLiveBookedGuests', 'getJoinLock',
  'listJoinLocks', 'listLanguageGaps', 'listAlertStates', 'listOptedOut', 'listOptOuts', 'listRecentErrors', 'listPluginCalls',
  'listPluginHealth', 'listPractitioners', 'listTemplateOverrides', 'getPluginState', 'listPluginState', 'getStaffUser',
  'listStaffUsers', 'countStaffUsers', 'getStaffSession', 'listActivity', 'ping', 'countQueues', 'close',
]); // prettier-ignore

/** A state in which each of {@link WRITES} would change something. */
async function seed(store: Store): Promise<{ pending: number; unknown: number }> {
  const sent = await store.beginSend({ key: 'sent', to: ALICE, template: 't', body: 'b' }, T0 - 10);
  await store.finishSend(sent.id, { status: 'sent', providerId: 'SM1' }, T0 - 10);
  const unknown = await store.beginSend({ key: 'unknown', to: ALICE, template: 't', body: 'b' }, T0 - 10);
  await store.markUnfinishedUnknown(T0 - 10);
  const pending = await store.beginSend({ key: 'pending', to: ALICE, template: 't', body: 'b' }, T0 - 10);
  await store.recordIncoming({ id: 'in-1', from: ALICE, body: 'YES', receivedAt: T0 - 10 });
  await store.setIncomingState('in-1', 'unprocessed', { reason: 'unexpected' });
  await store.saveReplyPlan('in-1', { step: 1 }, T0 - 10);
  const grant = (grantId: string) => ({
    grantId,
    requestKey: `r-${grantId}`,
    appointmentId: 'a1',
    roomId: 'r',
    grantedBy: 'patient' as const,
    displayName: 'G',
    expiresAt: 'x',
  });
  await store.recordGuestGrant(grant('g1'), T0 - 10);
  await store.recordGuestGrant(grant('g2'), T0 - 10);
  await store.setGuestLink('g2', { grantId: 'g2', link: 'https://v/g2', expiresAt: 'x' }, T0 - 10);
  await store.bookGuest(
    { grantId: 'b1', requestKey: 'rb1', appointmentId: 'a1', kind: 'interpreter', displayName: 'M', phone: ALICE, bookedBy: 'anna', expiresAt: 'x' },
    T0 - 10,
  );
  await store.bookGuest(
    { grantId: 'g3', requestKey: 'rg3', appointmentId: 'a2', kind: 'clinician', displayName: 'C', phone: ALICE, bookedBy: 'anna', expiresAt: 'x' },
    T0 - 10,
  );
  await store.activateBookedGuest('g3', 'room', 'x');
  await store.setGuestLink('g3', { grantId: 'g3', link: 'https://v/g3', expiresAt: 'x' }, T0 - 10);
  await store.markGuestSent('g3', T0 - 10);
  await store.recordJoinLock(
    { appointmentId: 'a1', lockId: 'l1', secret: 's', code: '1', issueKey: 'k1', codeIssuedAt: T0, codeExpiresAt: T0, expiresAt: T0 },
    T0 - 10,
  );
  await store.addPluginCalls({ role: 'sms', at: T0 - 10, calls: 1, retried: 0, failed: 0, refused: 0 });
  await store.saveStaffUser({ name: 'anna', role: 'reception', passwordHash: 'h' }, T0 - 10);
  await store.createStaffSession({ idHash: 's1', userName: 'anna', csrfToken: 'c', createdAt: T0 - 10, lastSeenAt: T0 - 10 });
  return { pending: pending.id, unknown: unknown.id };
}

describe('PostgresStore: the write fence', () => {
  const schema = useTestSchema();
  let pool: pg.Pool;
  let leaseHeld: boolean;
  let fenced: number;
  let store: Store;
  let round = 0;

  let snapshotSql: string;

  /** Every row of the clinic, in one comparable text. */
  async function snapshot(clinicId: string): Promise<string> {
    return (await pool.query<{ all: string }>(snapshotSql, [clinicId])).rows[0]!.all;
  }

  before(async () => {
    pool = schema().pool();
    await migratePostgres(pool);
    const { rows: tables } = await pool.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'clinic_id' ORDER BY 1`,
    );
    const perTable = tables.map(
      ({ name }) => `'${name}: ' || coalesce((SELECT string_agg(t::text, '|' ORDER BY t::text) FROM "${name}" t WHERE clinic_id = $1), '')`,
    );
    snapshotSql = `SELECT concat_ws(E'\\n', ${perTable.join(', ')}) AS all`;
  });
  beforeEach(async () => {
    leaseHeld = true;
    fenced = 0;
    const fence = async (client: pg.PoolClient) => {
      fenced += 1;
      await client.query('SELECT 1');
      if (!leaseHeld) throw new LeaseLostError('lease lost');
    };
    store = await openPostgresStore({ pool, clinicId: `fenced-${++round}`, clock: new SystemClock(), fence });
  });
  afterEach(async () => {
    await store.close();
  });

  it('lists every method of the store as a read or a fenced write', () => {
    const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(store)).filter((name) => name !== 'constructor');
    expect(methods.filter((name) => !READS.has(name) && !(name in WRITES))).to.deep.equal([]);
    expect(Object.keys(WRITES).filter((name) => !methods.includes(name))).to.deep.equal([]);
  });

  it('once the lease is lost, refuses every write and changes nothing; reads still work', async () => {
    const ids = await seed(store);
    const before = await snapshot(`fenced-${round}`);
    leaseHeld = false;
    for (const [name, write] of Object.entries(WRITES)) {
      const callsBefore = fenced;
      const error = await expectRejection(() => write(store, ids), LeaseLostError);
      expect(error.message, name).to.equal('lease lost');
      expect(fenced, `${name} called the fence`).to.equal(callsBefore + 1);
    }
    expect(await snapshot(`fenced-${round}`)).to.equal(before);
    const callsBefore = fenced;
    expect((await store.findOutbox('sent'))!.status).to.equal('sent');
    expect(await store.listOutbox()).to.have.length(3);
    await store.ping();
    expect(fenced, 'reads do not call the fence').to.equal(callsBefore);
  });

  it('would have changed something with each of those writes (the refusals are the fence, not the arguments)', async () => {
    for (const [name, write] of Object.entries(WRITES)) {
      const clinicId = `fenced-${round}-${name}`;
      const fresh = await openPostgresStore({ pool, clinicId, clock: new SystemClock() });
      try {
        const ids = await seed(fresh);
        const before = await snapshot(clinicId);
        await write(fresh, ids);
        expect(await snapshot(clinicId), name).to.not.equal(before);
      } finally {
        await fresh.close();
      }
    }
  });

  it("runs the fence on the write's own transaction, before its statements", async () => {
    let fenceTransaction: string | undefined;
    const clinicId = `fenced-${round}-tx`;
    const watched = await openPostgresStore({
      pool,
      clinicId,
      clock: new SystemClock(),
      fence: async (client) => {
        const { rows } = await client.query<{ xid: string; rows: string }>(
          `SELECT (pg_current_xact_id()::text::numeric % 4294967296)::text AS xid, (SELECT count(*) FROM outbox WHERE clinic_id = $1)::text AS rows`,
          [clinicId],
        );
        expect(rows[0]!.rows, 'nothing written yet when the fence runs').to.equal('0');
        fenceTransaction = rows[0]!.xid;
      },
    });
    try {
      const entry = await watched.beginSend({ key: 'k', to: ALICE, template: 't', body: 'b' }, T0);
      const { rows } = await pool.query<{ xmin: string }>('SELECT xmin::text AS xmin FROM outbox WHERE clinic_id = $1 AND id = $2', [clinicId, entry.id]);
      expect(rows[0]!.xmin).to.equal(fenceTransaction);
    } finally {
      await watched.close();
    }
  });

  it('fails a write whose session the server ends inside its transaction, without an uncaught error, and the next write goes through', async () => {
    const clinicId = `fenced-${round}-ended`;
    let endOnce = true;
    const ending = await openPostgresStore({
      pool,
      clinicId,
      clock: new SystemClock(),
      // Ends this session from outside while the transaction sits between statements, as the
      // server's idle-in-transaction limit does to a frozen replica.
      fence: async (client) => {
        if (!endOnce) return;
        endOnce = false;
        const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        const ended = new Promise((resolve) => client.once('end', resolve));
        await pool.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
        await ended;
      },
    });
    try {
      await expectRejection(() => ending.beginSend({ key: 'k1', to: ALICE, template: 't', body: 'b' }, T0), Error);
      expect(await ending.findOutbox('k1')).to.equal(undefined);
      await ending.beginSend({ key: 'k2', to: ALICE, template: 't', body: 'b' }, T0);
      expect((await ending.findOutbox('k2'))!.status).to.equal('pending');
    } finally {
      await ending.close();
    }
  });

  it('rolls back a multi-statement write whose fence fails, and the next write after the lease is back goes through', async () => {
    leaseHeld = false;
    await expectRejection(() => store.recordIncoming({ id: 'in-1', from: ALICE, body: 'YES', receivedAt: T0 }), LeaseLostError);
    expect(await store.getIncoming('in-1')).to.equal(undefined);
    expect(await store.listConversations({ open: false, since: 0 })).to.deep.equal([]);
    leaseHeld = true;
    expect(await store.recordIncoming({ id: 'in-1', from: ALICE, body: 'YES', receivedAt: T0 })).to.equal(true);
  });
});
