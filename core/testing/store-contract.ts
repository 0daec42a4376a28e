import { expect } from 'chai';
import type { AppointmentProgress } from '../engine/progress.js';
import type { NewOutboxEntry, Store } from '../store/store.js';
import { ClinicArrivalsError } from '@clinic-arrivals/plugin-kit';
import { expectRejection } from '@clinic-arrivals/plugin-kit/testing';
import { describeDeliveryStoreContract } from './store-delivery-contract.js';
import { describeInboxStoreContract } from './store-inbox-contract.js';
import { describeMonitoringStoreContract } from './store-monitoring-contract.js';
import { describeGuestStoreContract } from './store-guest-contract.js';
import { describeJoinLockStoreContract } from './store-join-lock-contract.js';
import { describeBookedGuestStoreContract } from './store-booked-guest-contract.js';

/** What a Store backend's test hands the shared suite. */
export interface StoreContractOptions {
  /** Shown in the suite title, e.g. `sqlite (file)`. */
  name: string;
  /** A fresh, empty store for every test. The suite closes it. */
  open: () => Promise<Store>;
  /**
   * Opens the same backing data again. The suite has already closed `previous`. Give it for
   * durable backends; the restart tests are skipped without it.
   */
  reopen?: (previous: Store) => Promise<Store>;
}

const T0 = Date.UTC(2026, 10, 22, 22, 0); // 09:00 in Sydney on 23 Nov 2026
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const ALICE = '+61400000001';
const BOB = '+61400000002';

function send(key: string, to = ALICE, body = `text for ${key}`): NewOutboxEntry {
  return { key, to, template: 'screening', body, appointmentId: `appt-${key}` };
}

async function expectCode(fn: () => Promise<unknown>, code: string): Promise<void> {
  const error = await expectRejection(fn, ClinicArrivalsError);
  expect(error.code).to.equal(code);
}

/**
 * The behaviour every {@link Store} backend must have. Run it from the backend's test:
 *
 * @example
 * describeStoreContract({ name: 'sqlite (memory)', open: () => openSqliteStore(':memory:') });
 */
export function describeStoreContract(options: StoreContractOptions): void {
  describe(`Store contract: ${options.name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await options.open();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('progress', () => {
      const progress: AppointmentProgress = {
        appointmentId: 'a1',
        plannedStart: '2026-11-23T09:00:00+11:00',
        screening: 'asked',
        screeningSentAt: T0,
        room: { roomId: 'r1', patientLink: 'https://video.test/p/r1', practitionerLink: 'https://video.test/d/r1', providerData: { session: 's1' } },
      };

      it('starts empty and round-trips an appointment', async () => {
        expect((await store.loadProgress()).size).to.equal(0);
        await store.saveProgress(progress);
        expect(await store.loadProgress()).to.deep.equal(new Map([['a1', progress]]));
      });

      it('replaces the whole record on save (removed fields disappear)', async () => {
        await store.saveProgress(progress);
        await store.saveProgress({ appointmentId: 'a1', screening: 'video' });
        expect((await store.loadProgress()).get('a1')).to.deep.equal({ appointmentId: 'a1', screening: 'video' });
      });

      it('loads only the ids asked for, ignoring unknown ones', async () => {
        for (const id of ['a1', 'a2', 'a3']) await store.saveProgress({ appointmentId: id });
        expect([...(await store.loadProgress(['a3', 'a1', 'nope'])).keys()].sort()).to.deep.equal(['a1', 'a3']);
        expect((await store.loadProgress([])).size).to.equal(0);
      });
    });

    describe('outbox', () => {
      it('records a pending intent that findOutbox returns', async () => {
        const entry = await store.beginSend(send('k1'), T0);
        expect(entry).to.include({ key: 'k1', to: ALICE, template: 'screening', body: 'text for k1', status: 'pending' });
        expect(entry).to.include({ appointmentId: 'appt-k1', attempts: 1, createdAt: T0, updatedAt: T0 });
        expect(entry.id).to.be.a('number');
        expect(await store.findOutbox('k1')).to.deep.equal(entry);
        expect(await store.findOutbox('missing')).to.equal(undefined);
      });

      it('records the result of a send', async () => {
        const sent = await store.beginSend(send('k1'), T0);
        await store.finishSend(sent.id, { status: 'sent', providerId: 'SM1' }, T0 + 1000);
        expect(await store.findOutbox('k1')).to.include({ status: 'sent', providerId: 'SM1', updatedAt: T0 + 1000, createdAt: T0 });
        const failed = await store.beginSend(send('k2'), T0);
        await store.finishSend(failed.id, { status: 'failed', error: 'CA_ERR_INVALID_NUMBER: no' }, T0 + 1);
        expect(await store.findOutbox('k2')).to.include({ status: 'failed', error: 'CA_ERR_INVALID_NUMBER: no' });
      });

      it('rejects finishing an entry that does not exist', async () => {
        await expectCode(() => store.finishSend(424242, { status: 'sent', providerId: 'x' }, T0), 'CA_ERR_NOT_FOUND');
      });

      for (const status of ['pending', 'sent', 'failed', 'unknown'] as const) {
        it(`refuses a second send for a key whose entry is ${status}`, async () => {
          const first = await store.beginSend(send('k1'), T0);
          if (status === 'sent') await store.finishSend(first.id, { status: 'sent', providerId: 'SM1' }, T0);
          if (status === 'failed') await store.finishSend(first.id, { status: 'failed', error: 'E' }, T0);
          if (status === 'unknown') await store.markUnfinishedUnknown(T0);
          const before = await store.findOutbox('k1');
          await expectCode(() => store.beginSend(send('k1', ALICE, 'again'), T0 + MINUTE), 'CA_ERR_DUPLICATE_SEND');
          expect(await store.findOutbox('k1')).to.deep.equal(before);
        });
      }

      it('reuses an entry waiting for a retry (same id, attempts + 1, new body)', async () => {
        const first = await store.beginSend(send('k1'), T0);
        await store.finishSend(first.id, { status: 'retry', error: 'CA_ERR_UNAVAILABLE: 503' }, T0 + 1);
        const again = await store.beginSend(send('k1', ALICE, 'new text'), T0 + MINUTE);
        expect(again).to.include({ id: first.id, status: 'pending', attempts: 2, body: 'new text', createdAt: T0, updatedAt: T0 + MINUTE });
        await store.finishSend(again.id, { status: 'sent', providerId: 'SM2' }, T0 + MINUTE + 1);
        expect(await store.findOutbox('k1')).to.include({ status: 'sent', providerId: 'SM2', attempts: 2 });
      });

      it('marks unfinished sends unknown at start-up and returns them', async () => {
        const pending = await store.beginSend(send('p'), T0);
        const done = await store.beginSend(send('s'), T0);
        await store.finishSend(done.id, { status: 'sent', providerId: 'SM1' }, T0);
        const marked = await store.markUnfinishedUnknown(T0 + MINUTE);
        expect(marked).to.deep.equal([{ ...pending, status: 'unknown', updatedAt: T0 + MINUTE }]);
        expect(await store.findOutbox('p')).to.deep.equal(marked[0]);
        expect((await store.findOutbox('s'))?.status).to.equal('sent');
        expect(await store.markUnfinishedUnknown(T0 + 2 * MINUTE)).to.deep.equal([]);
      });

      it('lists newest first, filtered by status, since and limit', async () => {
        for (let i = 0; i < 4; i++) await store.beginSend(send(`k${i}`), T0 + i * MINUTE);
        const k1 = await store.findOutbox('k1');
        await store.finishSend(k1!.id, { status: 'sent', providerId: 'SM1' }, T0 + 5 * MINUTE);
        expect((await store.listOutbox()).map((e) => e.key)).to.deep.equal(['k3', 'k2', 'k1', 'k0']);
        expect((await store.listOutbox({ status: 'pending' })).map((e) => e.key)).to.deep.equal(['k3', 'k2', 'k0']);
        expect((await store.listOutbox({ since: T0 + MINUTE })).map((e) => e.key)).to.deep.equal(['k3', 'k2', 'k1']);
        expect((await store.listOutbox({ status: 'pending', since: T0 + MINUTE, limit: 1 })).map((e) => e.key)).to.deep.equal(['k3']);
        expect(await store.listOutbox({ limit: 0 })).to.deep.equal([]);
      });

      it('counts sends per number since a time: sent, pending and unknown, not failed or retry', async () => {
        const finish = async (key: string, to: string, at: number, status?: 'sent' | 'failed' | 'retry') => {
          const entry = await store.beginSend(send(key, to), at);
          if (status === 'sent') await store.finishSend(entry.id, { status, providerId: `SM-${key}` }, at);
          else if (status) await store.finishSend(entry.id, { status, error: 'E' }, at);
        };
        await finish('old', ALICE, T0 - 1, 'sent');
        await finish('a-sent', ALICE, T0, 'sent');
        await finish('a-unknown', ALICE, T0 + 1);
        await store.markUnfinishedUnknown(T0 + 2);
        await finish('a-pending', ALICE, T0 + 3);
        await finish('a-failed', ALICE, T0 + 4, 'failed');
        await finish('b-retry', BOB, T0 + 5, 'retry');
        await finish('b-sent', BOB, T0 + 6, 'sent');
        expect(await store.countSendsSince(T0)).to.deep.equal(
          new Map([
            [ALICE, 3],
            [BOB, 1],
          ]),
        );
        expect((await store.countSendsSince(T0 + 7)).size).to.equal(0);
      });
    });

    describe('unknown sends', () => {
      /** Entries ending `unknown` both ways: cut off by a restart, and an outcome-unknown provider error. */
      async function twoUnknown() {
        await store.beginSend(send('cut'), T0);
        await store.markUnfinishedUnknown(T0 + MINUTE);
        const lost = await store.beginSend(send('lost', BOB), T0 + 2 * MINUTE);
        await store.finishSend(lost.id, { status: 'unknown', error: 'CA_ERR_UNAVAILABLE: connection dropped' }, T0 + 2 * MINUTE + 1);
        const sent = await store.beginSend(send('sent'), T0 + 3 * MINUTE);
        await store.finishSend(sent.id, { status: 'sent', providerId: 'SM-sent' }, T0 + 3 * MINUTE);
        return { cut: (await store.findOutbox('cut'))!, lost: (await store.findOutbox('lost'))! };
      }

      it('finds an entry by id', async () => {
        const entry = await store.beginSend(send('k1'), T0);
        expect(await store.getOutboxEntry(entry.id)).to.deep.equal(entry);
        expect(await store.getOutboxEntry(424242)).to.equal(undefined);
      });

      it('keeps unknown sends open until resolved, newest first, with no resolution or check yet', async () => {
        const { cut, lost } = await twoUnknown();
        expect(cut).to.not.have.any.keys('resolution', 'lastCheck');
        expect(await store.listUnknownSends()).to.deep.equal([lost, cut]);
        expect(await store.listUnknownSends({ state: 'open', limit: 1 })).to.deep.equal([lost]);
        expect(await store.listUnknownSends({ state: 'resolved' })).to.deep.equal([]);
      });

      it('records who resolved an unknown send, how and when; it then leaves the open list', async () => {
        const { cut, lost } = await twoUnknown();
        const resolved = await store.resolveUnknownSend(cut.id, { outcome: 'delivered', by: 'Sam at reception', note: 'patient confirmed' }, T0 + HOUR);
        expect(resolved).to.deep.equal({
          ...cut,
          updatedAt: T0 + HOUR,
          resolution: { outcome: 'delivered', at: T0 + HOUR, by: 'Sam at reception', note: 'patient confirmed' },
        });
        expect(resolved.status, 'the status stays unknown: the record of what happened').to.equal('unknown');
        expect(await store.listUnknownSends()).to.deep.equal([lost]);
        expect(await store.listUnknownSends({ state: 'resolved' })).to.deep.equal([resolved]);
        expect((await store.listUnknownSends({ state: 'all' })).map((e) => e.key)).to.deep.equal(['lost', 'cut']);
        expect(await store.findOutbox('cut')).to.deep.equal(resolved);
      });

      it('resolves once: the first decision stands and a second is a no-op', async () => {
        const { cut } = await twoUnknown();
        const first = await store.resolveUnknownSend(cut.id, { outcome: 'resent', by: 'Sam', note: 'resent as cut#resend-1' }, T0 + HOUR);
        const again = await store.resolveUnknownSend(cut.id, { outcome: 'delivered', by: 'Kim' }, T0 + 2 * HOUR);
        expect(again).to.deep.equal(first);
        expect(again.resolution).to.deep.equal({ outcome: 'resent', at: T0 + HOUR, by: 'Sam', note: 'resent as cut#resend-1' });
      });

      it('keeps the provider id of a message the provider says it has', async () => {
        const { lost } = await twoUnknown();
        const resolved = await store.resolveUnknownSend(
          lost.id,
          { outcome: 'delivered', by: 'auto:sms-twilio', note: 'auto: found', providerId: 'SM-found' },
          T0 + HOUR,
        );
        expect(resolved).to.include({ providerId: 'SM-found', status: 'unknown' });
        expect(resolved).to.not.have.property('lastCheck');
      });

      it('refuses to resolve a missing entry, an entry that is not unknown, or without a name', async () => {
        await twoUnknown();
        const sent = await store.findOutbox('sent');
        await expectCode(() => store.resolveUnknownSend(424242, { outcome: 'delivered', by: 'Sam' }, T0), 'CA_ERR_NOT_FOUND');
        await expectCode(() => store.resolveUnknownSend(sent!.id, { outcome: 'delivered', by: 'Sam' }, T0), 'CA_ERR_CONFLICT');
        const cut = await store.findOutbox('cut');
        await expectRejection(() => store.resolveUnknownSend(cut!.id, { outcome: 'delivered', by: '' }, T0), TypeError);
        expect(await store.findOutbox('sent')).to.deep.equal(sent);
      });

      it('lists open entries due for a provider check, oldest first, and records each check', async () => {
        const { cut, lost } = await twoUnknown();
        const now = T0 + HOUR;
        expect((await store.listUnknownSendsDueForCheck(now, 10)).map((e) => e.key)).to.deep.equal(['cut', 'lost']);
        expect((await store.listUnknownSendsDueForCheck(now, 1)).map((e) => e.key)).to.deep.equal(['cut']);

        await store.recordUnknownSendCheck(cut.id, { at: now, note: 'not found yet', nextAt: now + 5 * MINUTE });
        expect((await store.findOutbox('cut'))?.lastCheck).to.deep.equal({ at: now, note: 'not found yet', nextAt: now + 5 * MINUTE });
        expect((await store.listUnknownSendsDueForCheck(now, 10)).map((e) => e.key)).to.deep.equal(['lost']);
        expect((await store.listUnknownSendsDueForCheck(now + 5 * MINUTE, 10)).map((e) => e.key)).to.deep.equal(['cut', 'lost']);

        // A check without a next time ends the checks: the entry waits for a person.
        await store.recordUnknownSendCheck(cut.id, { at: now + 5 * MINUTE, note: 'not found after 11 h' });
        expect((await store.findOutbox('cut'))?.lastCheck).to.deep.equal({ at: now + 5 * MINUTE, note: 'not found after 11 h' });
        expect((await store.listUnknownSendsDueForCheck(now + 100 * HOUR, 10)).map((e) => e.key)).to.deep.equal(['lost']);
        expect(
          (await store.listUnknownSends()).map((e) => e.key),
          'still open',
        ).to.deep.equal(['lost', 'cut']);

        // Resolved entries are never due, and a late check does not touch them.
        const resolved = await store.resolveUnknownSend(lost.id, { outcome: 'dismissed', by: 'Sam' }, now);
        expect(await store.listUnknownSendsDueForCheck(now + 100 * HOUR, 10)).to.deep.equal([]);
        await store.recordUnknownSendCheck(lost.id, { at: now + 1, note: 'late' });
        expect(await store.findOutbox('lost')).to.deep.equal(resolved);
        await expectCode(() => store.recordUnknownSendCheck(424242, { at: now, note: 'x' }), 'CA_ERR_NOT_FOUND');
      });
    });

    describe('incoming', () => {
      const message = { id: 'SM-in-1', from: ALICE, body: 'YES', receivedAt: T0 };

      it('stores a message once and reports duplicates', async () => {
        expect(await store.recordIncoming(message)).to.equal(true);
        expect(await store.recordIncoming({ ...message, body: 'changed' })).to.equal(false);
        expect(await store.getIncoming('SM-in-1')).to.deep.equal({ ...message, state: 'pending' });
        expect(await store.getIncoming('missing')).to.equal(undefined);
      });

      it('records state, reason and appointment; a dismissal keeps the reason', async () => {
        await store.recordIncoming(message);
        await store.setIncomingState('SM-in-1', 'unprocessed', { reason: 'dont-understand', appointmentId: 'a1' });
        expect(await store.getIncoming('SM-in-1')).to.include({ state: 'unprocessed', reason: 'dont-understand', appointmentId: 'a1' });
        await store.setIncomingState('SM-in-1', 'dismissed');
        expect(await store.getIncoming('SM-in-1')).to.include({ state: 'dismissed', reason: 'dont-understand', appointmentId: 'a1' });
        await store.setIncomingState('SM-in-1', 'handled', { appointmentId: 'a2' });
        const handled = await store.getIncoming('SM-in-1');
        expect(handled).to.include({ state: 'handled', appointmentId: 'a2' });
        expect(handled).to.not.have.property('reason');
      });

      it('rejects a state change for an unknown message', async () => {
        await expectCode(() => store.setIncomingState('missing', 'dismissed'), 'CA_ERR_NOT_FOUND');
      });

      it('lists newest first, filtered by state, since and limit', async () => {
        for (let i = 0; i < 4; i++) await store.recordIncoming({ ...message, id: `m${i}`, receivedAt: T0 + i * MINUTE });
        await store.setIncomingState('m2', 'unprocessed', { reason: 'unknown-phone' });
        expect((await store.listIncoming()).map((m) => m.id)).to.deep.equal(['m3', 'm2', 'm1', 'm0']);
        expect((await store.listIncoming({ state: 'unprocessed' })).map((m) => m.id)).to.deep.equal(['m2']);
        expect((await store.listIncoming({ state: 'pending', since: T0 + MINUTE })).map((m) => m.id)).to.deep.equal(['m3', 'm1']);
        expect((await store.listIncoming({ limit: 2 })).map((m) => m.id)).to.deep.equal(['m3', 'm2']);
      });
    });

    describeInboxStoreContract(() => store);
    describeDeliveryStoreContract(() => store);
    describeMonitoringStoreContract(() => store);
    describeGuestStoreContract(() => store);
    describeJoinLockStoreContract(() => store);
    describeBookedGuestStoreContract(() => store);

    describe('reply plans', () => {
      it('keeps the latest plan per message, apart from other messages', async () => {
        expect(await store.getReplyPlan('SM-in-1')).to.equal(undefined);
        await store.saveReplyPlan('SM-in-1', { decisions: [{ step: 'arrival' }], done: [0] }, T0);
        await store.saveReplyPlan('SM-in-2', { decisions: [], done: [] }, T0);
        await store.saveReplyPlan('SM-in-1', { decisions: [{ step: 'arrival' }], done: [2] }, T0 + 1);
        expect(await store.getReplyPlan('SM-in-1')).to.deep.equal({ decisions: [{ step: 'arrival' }], done: [2] });
        expect(await store.getReplyPlan('SM-in-2')).to.deep.equal({ decisions: [], done: [] });
      });
    });

    describe('alert state', () => {
      it('keeps the latest state per role, apart from other roles', async () => {
        expect(await store.listAlertStates()).to.deep.equal(new Map());
        await store.saveAlertState('sms', { failingSince: T0, alerted: false }, T0);
        await store.saveAlertState('pms', {}, T0);
        await store.saveAlertState('sms', { failingSince: T0, alerted: true, lastAlertAt: T0 + 1 }, T0 + 1);
        expect(await store.listAlertStates()).to.deep.equal(
          new Map<string, unknown>([
            ['pms', {}],
            ['sms', { failingSince: T0, alerted: true, lastAlertAt: T0 + 1 }],
          ]),
        );
      });
    });

    describe('settings and plugin state', () => {
      it('keeps the set of opted-out numbers', async () => {
        await store.setOptedOut(ALICE, true, T0);
        await store.setOptedOut(BOB, true, T0);
        await store.setOptedOut(BOB, true, T0 + 1);
        expect(await store.listOptedOut()).to.deep.equal(new Set([ALICE, BOB]));
        await store.setOptedOut(ALICE, false, T0 + 2);
        await store.setOptedOut('+61400000009', false, T0 + 2);
        expect(await store.listOptedOut()).to.deep.equal(new Set([BOB]));
      });

      it('lists opted-out numbers with when they opted out, newest first', async () => {
        await store.setOptedOut(ALICE, true, T0);
        await store.setOptedOut(BOB, true, T0 + 5);
        await store.setOptedOut('+61400000009', true, T0 + 1);
        await store.setOptedOut('+61400000009', false, T0 + 2);
        expect(await store.listOptOuts()).to.deep.equal([
          { phone: BOB, at: T0 + 5 },
          { phone: ALICE, at: T0 },
        ]);
      });

      it('keeps recent errors: a repeat counts on one record and moves it to the top', async () => {
        await store.recordRecentError({ where: 'loop today', error: 'PMS unreachable' }, T0);
        await store.recordRecentError({ where: 'send', error: 'CA_ERR_AUTH: refused' }, T0 + 1);
        await store.recordRecentError({ where: 'loop today', error: 'PMS unreachable' }, T0 + 2);
        expect(await store.listRecentErrors()).to.deep.equal([
          { where: 'loop today', error: 'PMS unreachable', firstAt: T0, lastAt: T0 + 2, count: 2 },
          { where: 'send', error: 'CA_ERR_AUTH: refused', firstAt: T0 + 1, lastAt: T0 + 1, count: 1 },
        ]);
        expect(await store.listRecentErrors(1)).to.have.length(1);
      });

      it('keeps a bounded number of recent errors, dropping the oldest', async () => {
        for (let i = 0; i < 205; i++) await store.recordRecentError({ where: 'loop today', error: `error ${i}` }, T0 + i);
        const kept = await store.listRecentErrors();
        expect(kept).to.have.length(200);
        expect(kept[0]!.error).to.equal('error 204');
        expect(kept.at(-1)!.error).to.equal('error 5');
      });

      it('saves practitioners, replacing by id', async () => {
        await store.savePractitioner({ practitionerId: 'p1', name: 'Dr One', room: 'room 7' });
        await store.savePractitioner({ practitionerId: 'p2', noVideo: true });
        await store.savePractitioner({ practitionerId: 'p1', room: 'room 8' });
        const list = (await store.listPractitioners()).sort((a, b) => a.practitionerId.localeCompare(b.practitionerId));
        expect(list).to.deep.equal([
          { practitionerId: 'p1', room: 'room 8' },
          { practitionerId: 'p2', noVideo: true },
        ]);
      });

      it('saves template overrides; null restores the default', async () => {
        await store.saveTemplateOverride('screening', 'v1');
        await store.saveTemplateOverride('screening', 'v2');
        await store.saveTemplateOverride('doctorReady', 'ready');
        expect(await store.listTemplateOverrides()).to.deep.equal({ screening: 'v2', doctorReady: 'ready' });
        await store.saveTemplateOverride('doctorReady', null);
        await store.saveTemplateOverride('never-set', null);
        expect(await store.listTemplateOverrides()).to.deep.equal({ screening: 'v2' });
      });

      it('keeps JSON state per plugin, apart from other plugins', async () => {
        expect(await store.getPluginState('inbox-x', 'cursor')).to.equal(undefined);
        await store.setPluginState('inbox-x', 'cursor', { after: 'SM9', n: [1, 2] });
        await store.setPluginState('inbox-x', 'flag', true);
        await store.setPluginState('video-y', 'cursor', 'other');
        await store.setPluginState('inbox-x', 'flag', false);
        expect(await store.getPluginState('inbox-x', 'cursor')).to.deep.equal({ after: 'SM9', n: [1, 2] });
        const list = (await store.listPluginState('inbox-x')).sort((a, b) => a.key.localeCompare(b.key));
        expect(list).to.deep.equal([
          { key: 'cursor', value: { after: 'SM9', n: [1, 2] } },
          { key: 'flag', value: false },
        ]);
        await store.setPluginState('inbox-x', 'cursor', undefined);
        expect(await store.getPluginState('inbox-x', 'cursor')).to.equal(undefined);
        expect(await store.getPluginState('video-y', 'cursor')).to.equal('other');
      });
    });

    describe('retention and lifecycle', () => {
      it('blanks bodies older than the cut-off and keeps the rows', async () => {
        await store.beginSend(send('old'), T0 - 1);
        await store.beginSend(send('new'), T0);
        await store.recordIncoming({ id: 'in-old', from: BOB, body: 'YES', receivedAt: T0 - 1 });
        await store.recordIncoming({ id: 'in-new', from: BOB, body: 'NO', receivedAt: T0 });
        expect(await store.purgeBodiesBefore(T0)).to.equal(2);
        expect(await store.findOutbox('old')).to.include({ body: null, to: ALICE, template: 'screening' });
        expect((await store.findOutbox('new'))?.body).to.equal('text for new');
        expect(await store.getIncoming('in-old')).to.include({ body: null, from: BOB });
        expect((await store.getIncoming('in-new'))?.body).to.equal('NO');
        expect(await store.purgeBodiesBefore(T0)).to.equal(0);
      });

      it('deletes reply plans older than the cut-off (they hold appointment data)', async () => {
        await store.saveReplyPlan('in-old', { step: 'arrival' }, T0 - 1);
        await store.saveReplyPlan('in-new', { step: 'arrival' }, T0);
        expect(await store.purgeBodiesBefore(T0)).to.equal(1);
        expect(await store.getReplyPlan('in-old')).to.equal(undefined);
        expect(await store.getReplyPlan('in-new')).to.deep.equal({ step: 'arrival' });
      });

      it('closes idempotently', async () => {
        await store.close();
        await store.close();
      });

      (options.reopen ? it : it.skip)('keeps everything across a close and reopen', async () => {
        await store.saveProgress({ appointmentId: 'a1', screening: 'video', screeningSentAt: T0 });
        const sent = await store.beginSend(send('k-sent'), T0);
        await store.finishSend(sent.id, { status: 'sent', providerId: 'SM1' }, T0);
        await store.beginSend(send('k-pending'), T0);
        await store.recordIncoming({ id: 'in-1', from: BOB, body: 'YES', receivedAt: T0 });
        await store.setOptedOut(BOB, true, T0);
        await store.savePractitioner({ practitionerId: 'p1', room: 'room 7' });
        await store.saveTemplateOverride('screening', 'edited');
        await store.setPluginState('inbox-x', 'cursor', 'SM9');
        const outboxBefore = await store.listOutbox();

        await store.close();
        store = await options.reopen!(store);

        expect((await store.loadProgress()).get('a1')).to.deep.equal({ appointmentId: 'a1', screening: 'video', screeningSentAt: T0 });
        expect(await store.listOutbox()).to.deep.equal(outboxBefore);
        expect((await store.markUnfinishedUnknown(T0 + MINUTE)).map((e) => e.key)).to.deep.equal(['k-pending']);
        expect(await store.getIncoming('in-1')).to.include({ state: 'pending', body: 'YES' });
        expect(await store.listOptedOut()).to.deep.equal(new Set([BOB]));
        expect(await store.listPractitioners()).to.deep.equal([{ practitionerId: 'p1', room: 'room 7' }]);
        expect(await store.listTemplateOverrides()).to.deep.equal({ screening: 'edited' });
        expect(await store.getPluginState('inbox-x', 'cursor')).to.equal('SM9');
      });

      (options.reopen ? it : it.skip)('keeps unknown sends, checks and resolutions across a close and reopen', async () => {
        const a = await store.beginSend(send('a'), T0);
        const b = await store.beginSend(send('b'), T0 + 1);
        await store.markUnfinishedUnknown(T0 + MINUTE);
        await store.recordUnknownSendCheck(a.id, { at: T0 + 2 * MINUTE, note: 'not found yet', nextAt: T0 + 7 * MINUTE });
        await store.resolveUnknownSend(b.id, { outcome: 'delivered', by: 'Sam' }, T0 + 3 * MINUTE);
        const before = await store.listUnknownSends({ state: 'all' });

        await store.close();
        store = await options.reopen!(store);

        expect(await store.listUnknownSends({ state: 'all' })).to.deep.equal(before);
        expect((await store.listUnknownSends()).map((e) => e.key)).to.deep.equal(['a']);
        expect((await store.listUnknownSendsDueForCheck(T0 + 7 * MINUTE, 10)).map((e) => e.key)).to.deep.equal(['a']);
      });
    });

    describe('staff accounts, sessions and activity', () => {
      const session = (idHash: string, userName = 'anna', at = T0) => ({ idHash, userName, csrfToken: `csrf-${idHash}`, createdAt: at, lastSeenAt: at });

      it('saves, finds (any case), replaces and deletes accounts, keeping createdAt', async () => {
        expect(await store.countStaffUsers()).to.equal(0);
        await store.saveStaffUser({ name: 'Anna', role: 'reception', passwordHash: 'h1' }, T0);
        await store.saveStaffUser({ name: 'ben', role: 'admin', passwordHash: 'h2' }, T0);
        expect(await store.getStaffUser('anna')).to.deep.equal({ name: 'Anna', role: 'reception', passwordHash: 'h1', createdAt: T0, updatedAt: T0 });
        await store.saveStaffUser({ name: 'Anna', role: 'admin', passwordHash: 'h3' }, T0 + MINUTE);
        expect(await store.getStaffUser('ANNA')).to.deep.equal({ name: 'Anna', role: 'admin', passwordHash: 'h3', createdAt: T0, updatedAt: T0 + MINUTE });
        expect((await store.listStaffUsers()).map((u) => u.name)).to.deep.equal(['Anna', 'ben']);
        expect(await store.countStaffUsers()).to.equal(2);
        expect(await store.deleteStaffUser('anna')).to.equal(true);
        expect(await store.deleteStaffUser('anna')).to.equal(false);
        expect(await store.getStaffUser('Anna')).to.equal(undefined);
      });

      it('keeps sessions by id hash, touches them, and drops them with their user or when expired', async () => {
        await store.saveStaffUser({ name: 'anna', role: 'reception', passwordHash: 'h' }, T0);
        await store.createStaffSession(session('s1'));
        await store.createStaffSession(session('s2', 'anna', T0 + 10 * MINUTE));
        await store.touchStaffSession('s1', T0 + 5 * MINUTE);
        expect(await store.getStaffSession('s1')).to.deep.equal({ ...session('s1'), lastSeenAt: T0 + 5 * MINUTE });
        expect(await store.deleteExpiredStaffSessions(T0 + 6 * MINUTE, T0 - 1)).to.equal(1);
        expect(await store.getStaffSession('s1')).to.equal(undefined);
        expect(await store.getStaffSession('s2')).to.not.equal(undefined);
        await store.deleteStaffSession('s2');
        expect(await store.getStaffSession('s2')).to.equal(undefined);
        await store.createStaffSession(session('s3'));
        await store.deleteStaffSessionsOf('ANNA');
        expect(await store.getStaffSession('s3')).to.equal(undefined);
        await store.createStaffSession(session('s4'));
        await store.deleteStaffUser('anna');
        expect(await store.getStaffSession('s4')).to.equal(undefined);
      });

      it('lists activity newest first, with limit and before, detail round-tripped', async () => {
        const first = await store.recordActivity({ at: T0, actor: 'anna', action: 'sign-in' });
        await store.recordActivity({ at: T0 + MINUTE, actor: 'anna', action: 'mark-done', detail: { messageId: 'in-1', count: 1, ok: true } });
        await store.recordActivity({ at: T0 + MINUTE, actor: 'ben', action: 'template-change', detail: { template: 'DoctorReady' } });
        expect(first).to.deep.equal({ id: first.id, at: T0, actor: 'anna', action: 'sign-in' });
        const all = await store.listActivity();
        expect(all.map((e) => e.action)).to.deep.equal(['template-change', 'mark-done', 'sign-in']);
        expect(all[1])
          .to.include({ actor: 'anna', at: T0 + MINUTE })
          .and.to.have.deep.property('detail', { messageId: 'in-1', count: 1, ok: true });
        expect((await store.listActivity({ limit: 1 })).map((e) => e.actor)).to.deep.equal(['ben']);
        expect((await store.listActivity({ before: T0 + MINUTE })).map((e) => e.action)).to.deep.equal(['sign-in']);
      });

      (options.reopen ? it : it.skip)('keeps accounts, sessions and activity across a close and reopen', async () => {
        await store.saveStaffUser({ name: 'anna', role: 'admin', passwordHash: 'h' }, T0);
        await store.createStaffSession(session('s1'));
        await store.recordActivity({ at: T0, actor: 'anna', action: 'sign-in' });
        await store.close();
        store = await options.reopen!(store);
        expect(await store.getStaffUser('anna')).to.include({ role: 'admin' });
        expect(await store.getStaffSession('s1')).to.deep.equal(session('s1'));
        expect((await store.listActivity()).map((e) => e.action)).to.deep.equal(['sign-in']);
      });
    });
  });
}
