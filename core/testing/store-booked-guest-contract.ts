import { expect } from 'chai';
import type { NewBookedGuest, Store } from '../store/store.js';

const T0 = Date.UTC(2026, 10, 22, 22, 0);
const LINK = { grantId: 'b1', link: 'https://video.test/guest/b1', expiresAt: '2026-11-23T11:00:00.000Z' };

function booked(grantId: string, requestKey: string, appointmentId = 'a1', kind: NewBookedGuest['kind'] = 'interpreter'): NewBookedGuest {
  return {
    grantId,
    requestKey,
    appointmentId,
    kind,
    displayName: 'Minh',
    phone: '+61491570156',
    bookedBy: 'rita',
    expiresAt: '2026-11-23T11:15:00.000Z',
  };
}

/** Guests booked by reception (issue 15), part of the Store contract suite. */
export function describeBookedGuestStoreContract(current: () => Store): void {
  describe('guests booked by reception', () => {
    it('books once per request, in state booked with no room, keeping kind, number and who booked', async () => {
      const store = current();
      const first = await store.bookGuest(booked('b1', 'reception:1'), T0);
      expect(first).to.deep.include({
        grantId: 'b1',
        state: 'booked',
        grantedBy: 'reception',
        roomId: '',
        kind: 'interpreter',
        phone: '+61491570156',
        bookedBy: 'rita',
        displayName: 'Minh',
        createdAt: T0,
      });
      expect(first.patientToldAt).to.equal(undefined);
      expect(await store.bookGuest(booked('b-other', 'reception:1'), T0 + 1)).to.deep.equal(first);
      expect(await store.getGuestGrant('b-other')).to.equal(undefined);
    });

    it('booked → granted (room and expiry set) → linked → sent → patient told, each once', async () => {
      const store = current();
      await store.bookGuest(booked('b1', 'reception:1'), T0);
      expect((await store.setGuestLink('b1', LINK, T0))!.state, 'no link before the grant is made').to.equal('booked');
      const granted = await store.activateBookedGuest('b1', 'room-1', '2026-11-23T11:05:00.000Z');
      expect(granted).to.deep.include({ state: 'granted', roomId: 'room-1', expiresAt: '2026-11-23T11:05:00.000Z' });
      expect(await store.activateBookedGuest('b1', 'room-2', '2026-11-23T12:00:00.000Z')).to.deep.include({ roomId: 'room-1', state: 'granted' });
      expect((await store.markGuestPatientTold('b1', T0))!.patientToldAt, 'not told before the guest has the link').to.equal(undefined);
      await store.setGuestLink('b1', LINK, T0 + 1);
      await store.markGuestSent('b1', T0 + 2);
      expect(await store.markGuestPatientTold('b1', T0 + 3)).to.deep.include({ state: 'sent', patientToldAt: T0 + 3 });
      expect((await store.markGuestPatientTold('b1', T0 + 4))!.patientToldAt).to.equal(T0 + 3);
    });

    it('a booked guest counts as live, can be revoked before any link (by the patient), and expires with the room', async () => {
      const store = current();
      await store.bookGuest(booked('b1', 'reception:1'), T0);
      await store.bookGuest(booked('b2', 'reception:2', 'a1', 'clinician'), T0 + 1);
      await store.bookGuest(booked('b3', 'reception:3', 'a2'), T0 + 2);
      expect(await store.countLiveGuestGrants()).to.deep.equal(
        new Map([
          ['a1', 2],
          ['a2', 1],
        ]),
      );
      expect(await store.revokeGuestGrant('b1', 'patient', T0 + 3)).to.deep.include({ state: 'revoked', revokedBy: 'patient' });
      expect((await store.activateBookedGuest('b1', 'room-1', LINK.expiresAt))!.state, 'a revoked booking stays revoked').to.equal('revoked');
      expect(await store.expireGuestGrants('a2')).to.equal(1);
      expect((await store.listLiveBookedGuests()).map((g) => g.grantId)).to.deep.equal(['b2']);
    });

    it("lists only live guests booked by reception, oldest first (never patients' guests)", async () => {
      const store = current();
      await store.recordGuestGrant(
        { grantId: 'p1', requestKey: 'SM1', appointmentId: 'a1', roomId: 'room-1', grantedBy: 'patient', displayName: 'Guest', expiresAt: LINK.expiresAt },
        T0,
      );
      await store.bookGuest(booked('b2', 'reception:2'), T0 + 2);
      await store.bookGuest(booked('b1', 'reception:1'), T0 + 1);
      expect((await store.listLiveBookedGuests()).map((g) => g.grantId)).to.deep.equal(['b1', 'b2']);
    });
  });
}
