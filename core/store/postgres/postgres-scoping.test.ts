import { SystemClock } from '@clinic-arrivals/plugin-kit';
import { expect } from 'chai';
import type pg from 'pg';
import type { Store } from '../store.js';
import { migratePostgres } from './migrations.js';
import { openPostgresStore } from './postgres-store.js';
import { useTestSchema } from './test-support.js';

const T0 = Date.UTC(2026, 10, 22, 22, 0);
const ALICE = '+61400000001';

/** Writes the same keys, ids and names a second clinic uses, so any missing clinic filter shows. */
async function fill(store: Store, label: string): Promise<void> {
  const sent = await store.beginSend({ key: 'k1', to: ALICE, template: 'screening', body: `${label} text`, appointmentId: 'a1' }, T0);
  await store.finishSend(sent.id, { status: 'sent', providerId: 'SM1' }, T0 + 1);
  await store.beginSend({ key: 'k2', to: ALICE, template: 'screening', body: `${label} pending` }, T0 + 2);
  await store.recordIncoming({ id: 'in-1', from: ALICE, body: `${label} YES`, receivedAt: T0 });
  await store.setIncomingState('in-1', 'unprocessed', { reason: `${label}-reason` });
  await store.saveProgress({ appointmentId: 'a1', screening: 'asked', plannedStart: label });
  await store.saveStaffUser({ name: 'Anna', role: label === 'north' ? 'admin' : 'reception', passwordHash: `${label}-hash` }, T0);
  await store.createStaffSession({ idHash: 's1', userName: 'anna', csrfToken: `${label}-csrf`, createdAt: T0, lastSeenAt: T0 });
  await store.setOptedOut(ALICE, true, T0);
  await store.saveReplyPlan('in-1', { label }, T0);
  await store.setPluginState('inbox-x', 'cursor', label);
  await store.recordRecentError({ where: 'loop', error: 'PMS unreachable' }, T0);
  await store.recordGuestGrant(
    { grantId: 'g1', requestKey: 'in-1', appointmentId: 'a1', roomId: `${label}-room`, grantedBy: 'patient', displayName: 'Guest', expiresAt: 'x' },
    T0,
  );
  await store.recordJoinLock(
    { appointmentId: 'a1', lockId: 'lock-1', secret: `${label}-secret`, code: '123456', issueKey: 'start', codeIssuedAt: T0, codeExpiresAt: T0, expiresAt: T0 },
    T0,
  );
}

describe('PostgresStore: clinics on one database', () => {
  const schema = useTestSchema();
  let pool: pg.Pool;
  let north: Store;
  let south: Store;
  let round = 0;

  before(async () => {
    pool = schema().pool();
    await migratePostgres(pool);
  });
  beforeEach(async () => {
    round += 1;
    north = await openPostgresStore({ pool, clinicId: `north-${round}`, clock: new SystemClock() });
    south = await openPostgresStore({ pool, clinicId: `south-${round}`, clock: new SystemClock() });
    await fill(north, 'north');
    await fill(south, 'south');
  });
  afterEach(async () => {
    await north.close();
    await south.close();
  });

  it('takes the same outbox keys, incoming ids, user names and session ids in both, each seeing its own', async () => {
    expect((await north.findOutbox('k1'))!.body).to.equal('north text');
    expect((await south.findOutbox('k1'))!.body).to.equal('south text');
    expect((await north.getIncoming('in-1'))!.body).to.equal('north YES');
    expect((await south.getIncoming('in-1'))!.reason).to.equal('south-reason');
    expect((await north.loadProgress()).get('a1')!.plannedStart).to.equal('north');
    expect((await south.loadProgress(['a1'])).get('a1')!.plannedStart).to.equal('south');
    expect(await north.getStaffUser('ANNA')).to.include({ role: 'admin', passwordHash: 'north-hash' });
    expect(await south.getStaffUser('anna')).to.include({ role: 'reception', passwordHash: 'south-hash' });
    expect((await north.getStaffSession('s1'))!.csrfToken).to.equal('north-csrf');
    expect((await south.getStaffSession('s1'))!.csrfToken).to.equal('south-csrf');
    expect(await north.getReplyPlan('in-1')).to.deep.equal({ label: 'north' });
    expect(await south.getPluginState('inbox-x', 'cursor')).to.equal('south');
    expect((await north.getGuestGrant('g1'))!.roomId).to.equal('north-room');
    expect((await south.getJoinLock('a1'))!.secret).to.equal('south-secret');
  });

  it('lists and counts only its own rows', async () => {
    for (const [store, label] of [
      [north, 'north'],
      [south, 'south'],
    ] as const) {
      expect((await store.listOutbox()).map((e) => e.body)).to.deep.equal([`${label} pending`, `${label} text`]);
      expect((await store.listIncoming()).map((m) => m.body)).to.deep.equal([`${label} YES`]);
      expect(await store.countSendsSince(T0)).to.deep.equal(new Map([[ALICE, 2]]));
      expect(await store.countQueues()).to.deep.equal({ outboxPending: 1, outboxRetry: 0, incomingPending: 0, unknownOpen: 0 });
      expect(await store.countStaffUsers()).to.equal(1);
      expect(await store.listOptOuts()).to.deep.equal([{ phone: ALICE, at: T0 }]);
      expect((await store.listRecentErrors()).map((e) => e.count)).to.deep.equal([1]);
      const conversations = await store.listConversations({ open: true });
      expect(conversations.map((c) => c.reasons)).to.deep.equal([[`${label}-reason`]]);
      expect(await store.listIncomingFrom(ALICE, 0)).to.have.length(1);
      expect(await store.listOutboxTo(ALICE, 0)).to.have.length(2);
      expect(await store.countLiveGuestGrants()).to.deep.equal(new Map([['a1', 1]]));
    }
    const [northConversation] = await north.listConversations({ open: true });
    expect(await south.conversationPhone(northConversation!.id), "another clinic's conversation id").to.equal(undefined);
  });

  it('changes only its own rows: start-up marking, opt-in, deleting a user, closing a conversation, purging', async () => {
    expect((await north.markUnfinishedUnknown(T0 + 5)).map((e) => e.key)).to.deep.equal(['k2']);
    expect((await south.findOutbox('k2'))!.status).to.equal('pending');
    await north.setOptedOut(ALICE, false, T0 + 5);
    expect(await south.listOptedOut()).to.deep.equal(new Set([ALICE]));
    expect(await north.deleteStaffUser('anna')).to.equal(true);
    expect(await north.getStaffSession('s1')).to.equal(undefined);
    expect(await south.getStaffSession('s1'), "the other clinic's session of a user with the same name").to.not.equal(undefined);
    expect(await north.closeConversation(ALICE, 'Robin', T0 + 5)).to.equal(1);
    expect((await south.getIncoming('in-1'))!.state).to.equal('unprocessed');
    expect(await north.purgeBodiesBefore(T0 + 10)).to.be.greaterThan(0);
    expect((await south.findOutbox('k1'))!.body).to.equal('south text');
    expect((await south.getIncoming('in-1'))!.body).to.equal('south YES');
    expect(await south.getReplyPlan('in-1')).to.deep.equal({ label: 'south' });
    expect((await south.getJoinLock('a1'))!.secret).to.equal('south-secret');
  });

  it("cannot reach another clinic's rows by id", async () => {
    const northEntry = (await north.findOutbox('k1'))!;
    const southEntry = (await south.findOutbox('k1'))!;
    expect(northEntry.id).to.not.equal(southEntry.id);
    expect(await south.getOutboxEntry(northEntry.id)).to.equal(undefined);
    let refused: unknown;
    await south.finishSend(northEntry.id, { status: 'failed', error: 'E' }, T0).catch((error: unknown) => (refused = error));
    expect(refused).to.include({ code: 'CA_ERR_NOT_FOUND' });
    expect((await north.findOutbox('k1'))!.status).to.equal('sent');
  });
});
