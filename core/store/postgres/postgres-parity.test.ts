import { SystemClock } from '@clinic-arrivals/plugin-kit';
import { expect } from 'chai';
import type pg from 'pg';
import { openSqliteStore } from '../sqlite-store.js';
import type { Store } from '../store.js';
import { migratePostgres } from './migrations.js';
import { openPostgresStore } from './postgres-store.js';
import { useTestSchema } from './test-support.js';

const T0 = Date.UTC(2026, 10, 22, 22, 0);
const ALICE = '+61400000001';
const BOB = '+61400000002';

/** Maps, sets and undefined in a form deep.equal compares; ids the two backends number differently are left out. */
function plain(value: unknown): unknown {
  if (value instanceof Map) return [...value.entries()].map(([k, v]) => [k, plain(v)]);
  if (value instanceof Set) return [...value].map(plain);
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'id')
        .map(([key, v]) => [key, plain(v)]),
    );
  }
  return value;
}

/**
 * Calls outside the Store contract suite, and orderings it does not pin down (ties in the same
 * millisecond, case and non-ASCII text), recorded step by step so both backends can be compared.
 */
async function script(store: Store): Promise<unknown[]> {
  const seen: unknown[] = [];
  const look = async (value: Promise<unknown>) => void seen.push(plain(await value));

  // Plugin health: counts add up per role and second; pruning drops whole seconds.
  for (const [role, at, calls] of [
    ['sms', T0, 1],
    ['pms', T0, 2],
    ['sms', T0, 3],
    ['sms', T0 + 1000, 1],
    ['pms', T0 - 1000, 5],
  ] as const) {
    await store.addPluginCalls({ role, at, calls, retried: calls - 1, failed: at === T0 ? 1 : 0, refused: 0 });
  }
  await look(store.listPluginCalls(T0));
  await store.prunePluginCalls(T0 + 1);
  await look(store.listPluginCalls(0));
  await store.savePluginHealth({ role: 'sms', status: 'down', since: T0, lastErrorCode: 'CA_ERR_AUTH', lastErrorAt: T0 });
  await store.savePluginHealth({ role: 'pms', status: 'ok', since: T0 });
  await store.savePluginHealth({ role: 'sms', status: 'ok', since: T0 + 5 });
  await look(store.listPluginHealth());

  // Languages asked for without texts: counted per language and template, listed in byte order.
  for (const [language, template] of [
    ['zh-TW', 'screening'],
    ['de', 'screening'],
    ['de', 'doctorReady'],
    ['de', 'screening'],
    ['Vi', 'a'],
  ]) {
    await store.recordLanguageGap(language!, template!, T0 + seen.length);
  }
  await look(store.listLanguageGaps());

  // Text orderings: byte order for keys, case-insensitive (ASCII) for staff names.
  for (const name of ['zed', 'Émile', 'anna', 'Ben', '_x', 'ben2']) await store.saveStaffUser({ name, role: 'reception', passwordHash: 'h' }, T0);
  await look(store.listStaffUsers());
  await look(store.getStaffUser('émile'));
  await look(store.getStaffUser('ÉMILE'));
  for (const name of ['b', 'B', 'a', 'ä', '1']) await store.saveTemplateOverride(name, name);
  await look(store.listTemplateOverrides().then((t) => Object.entries(t)));
  for (const key of ['b', 'B', 'é', 'a']) await store.setPluginState('p', key, key);
  await look(store.listPluginState('p'));
  for (const id of ['p2', 'P1', 'p10']) await store.savePractitioner({ practitionerId: id });
  await look(store.listPractitioners());
  for (const role of ['sms', 'SMS', 'pms']) await store.saveAlertState(role, { role }, T0);
  await look(store.listAlertStates());

  // Ties in the same millisecond keep arrival order.
  for (const id of ['m-b', 'm-a', 'm-c']) await store.recordIncoming({ id, from: id === 'm-c' ? BOB : ALICE, body: id, receivedAt: T0 });
  await store.setIncomingState('m-b', 'unprocessed', { reason: 'Z', appointmentId: 'appt-b' });
  await store.setIncomingState('m-a', 'unprocessed', { reason: 'a', appointmentId: 'appt-a' });
  await store.setIncomingState('m-c', 'unprocessed', { reason: 'unexpected' });
  await look(store.listIncoming());
  await look(store.listIncoming({ limit: 0 }));
  await look(store.listIncomingFrom(ALICE, T0));
  // Conversation ids are random: ties at the same time come in either order on both.
  await look(store.listConversations({ open: true }).then((list) => list.map(({ id: _id, ...rest }) => rest).sort((x, y) => x.phone.localeCompare(y.phone))));
  for (const key of ['o-b', 'o-a']) await store.beginSend({ key, to: ALICE, template: 't', body: key }, T0);
  await look(store.listOutbox());
  await look(store.listOutboxTo(ALICE, 0));
  for (const phone of [BOB, ALICE]) await store.setOptedOut(phone, true, T0);
  await look(store.listOptOuts());

  // Guests in the same millisecond; a revocation with its activity line, once.
  for (const grantId of ['g-b', 'g-a']) {
    await store.bookGuest(
      { grantId, requestKey: grantId, appointmentId: 'a1', kind: 'interpreter', displayName: 'M', phone: ALICE, bookedBy: 'anna', expiresAt: 'x' },
      T0,
    );
  }
  await look(store.listGuestGrants('a1'));
  await look(store.listLiveBookedGuests());
  const activity = { at: T0, actor: 'anna', action: 'guest-revoke', detail: { grantId: 'g-b' } };
  await look(store.revokeGuestGrant('g-b', 'anna', T0, activity));
  await look(store.revokeGuestGrant('g-b', 'ben', T0 + 1, { ...activity, actor: 'ben' }));
  await look(store.revokeGuestGrant('nope', 'ben', T0 + 1, { ...activity, actor: 'ben' }));
  await look(store.listActivity());
  await look(store.markGuestsJoined('a1', [], T0));

  // Join locks listed in the order asked, repeats included; progress by ids, repeats ignored.
  for (const appointmentId of ['a2', 'a1']) {
    await store.recordJoinLock(
      { appointmentId, lockId: appointmentId, secret: 's', code: '1', issueKey: 'k', codeIssuedAt: T0, codeExpiresAt: T0, expiresAt: T0 },
      T0,
    );
  }
  await look(store.listJoinLocks(['a1', 'a3', 'a2', 'a1']));
  for (const appointmentId of ['x2', 'x1']) await store.saveProgress({ appointmentId });
  await look(store.loadProgress(['x1', 'x1', 'x2']).then((map) => [...map.keys()].sort()));
  return seen;
}

describe('PostgresStore: the same answers as the SQLite store', () => {
  const schema = useTestSchema();
  let pool: pg.Pool;

  before(async () => {
    pool = schema().pool();
    await migratePostgres(pool);
  });

  it('for plugin health, language gaps, revocations with activity, and every ordering', async () => {
    const sqlite = await openSqliteStore(':memory:');
    const postgres = await openPostgresStore({ pool, clinicId: 'parity', clock: new SystemClock() });
    try {
      const expected = await script(sqlite);
      const actual = await script(postgres);
      expected.forEach((step, index) => expect(actual[index], `step ${index + 1}`).to.deep.equal(step));
      expect(actual).to.have.length(expected.length);
    } finally {
      await sqlite.close();
      await postgres.close();
    }
  });
});
