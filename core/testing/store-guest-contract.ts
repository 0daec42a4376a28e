import { expect } from 'chai';
import type { NewGuestGrant, Store } from '../store/store.js';

const T0 = Date.UTC(2026, 10, 22, 22, 0);

function grant(grantId: string, requestKey: string, appointmentId = 'a1'): NewGuestGrant {
  return { grantId, requestKey, appointmentId, roomId: 'room-1', grantedBy: 'patient', displayName: 'Guest', expiresAt: '2026-11-23T11:00:00.000Z' };
}

const LINK = { grantId: 'g1', link: 'https://video.test/guest/t1', expiresAt: '2026-11-23T11:00:00.000Z', providerData: { connection: 'c1' } };

/** Guest grants (issue 15), part of the Store contract suite. */
export function describeGuestStoreContract(current: () => Store): void {
  describe('guest grants', () => {
    it('records a grant once per request: a repeat returns the first grant unchanged', async () => {
      const store = current();
      const first = await store.recordGuestGrant(grant('g1', 'SM-in-1'), T0);
      expect(first).to.deep.include({ grantId: 'g1', state: 'granted', appointmentId: 'a1', grantedBy: 'patient', createdAt: T0 });
      const again = await store.recordGuestGrant(grant('g-other', 'SM-in-1'), T0 + 5);
      expect(again).to.deep.equal(first);
      expect(await store.getGuestGrant('g-other')).to.equal(undefined);
      expect(await store.findGuestGrantByRequest('SM-in-1')).to.deep.equal(first);
    });

    it('moves granted → linked → sent, each step once, and keeps the provider link', async () => {
      const store = current();
      await store.recordGuestGrant(grant('g1', 'SM-in-1'), T0);
      expect((await store.markGuestSent('g1', T0))!.state, 'not sent before it is linked').to.equal('granted');
      const linked = await store.setGuestLink('g1', LINK, T0 + 1);
      expect(linked).to.deep.include({ state: 'linked', link: LINK, linkedAt: T0 + 1 });
      const relinked = await store.setGuestLink('g1', { ...LINK, link: 'https://video.test/guest/t2' }, T0 + 2);
      expect(relinked!.link, 'a second link never replaces the first').to.deep.equal(LINK);
      expect(await store.markGuestSent('g1', T0 + 3)).to.deep.include({ state: 'sent', sentAt: T0 + 3 });
      expect((await store.markGuestSent('g1', T0 + 4))!.sentAt).to.equal(T0 + 3);
    });

    it('forgets the links of grants older than the retention cut-off, keeping the grants for the record', async () => {
      const store = current();
      await store.recordGuestGrant(grant('g1', 'SM-in-1'), T0 - 1);
      await store.setGuestLink('g1', LINK, T0 - 1);
      await store.recordGuestGrant(grant('g2', 'SM-in-2'), T0);
      await store.setGuestLink('g2', { ...LINK, grantId: 'g2' }, T0);
      expect(await store.purgeBodiesBefore(T0)).to.equal(1);
      const old = await store.getGuestGrant('g1');
      expect(old).to.deep.include({ grantId: 'g1', state: 'linked', appointmentId: 'a1' });
      expect(old!.link, 'no link or provider data left').to.equal(undefined);
      expect((await store.getGuestGrant('g2'))!.link).to.deep.equal({ ...LINK, grantId: 'g2' });
      expect(await store.purgeBodiesBefore(T0)).to.equal(0);
    });

    it("records a guest's first join only, only for a linked grant of that appointment", async () => {
      const store = current();
      await store.recordGuestGrant(grant('g1', 'SM-in-1'), T0);
      expect(await store.markGuestsJoined('a1', ['g1'], T0 + 1), 'no link yet: nobody can have joined with it').to.equal(0);
      await store.setGuestLink('g1', LINK, T0 + 2);
      expect(await store.markGuestsJoined('a2', ['g1'], T0 + 3), 'a grant of another appointment').to.equal(0);
      expect(await store.markGuestsJoined('a1', ['g1', 'unknown'], T0 + 4)).to.equal(1);
      expect(await store.markGuestsJoined('a1', ['g1'], T0 + 5), 'seen again: the first join stays').to.equal(0);
      expect((await store.getGuestGrant('g1'))!.joinedAt).to.equal(T0 + 4);
    });

    it('revokes a live grant once, recording who and when; a second revoke changes nothing', async () => {
      const store = current();
      await store.recordGuestGrant(grant('g1', 'SM-in-1'), T0);
      await store.setGuestLink('g1', LINK, T0 + 1);
      expect(await store.revokeGuestGrant('g1', 'anna', T0 + 2)).to.deep.include({ state: 'revoked', revokedBy: 'anna', revokedAt: T0 + 2 });
      expect(await store.revokeGuestGrant('g1', 'ben', T0 + 3)).to.deep.include({ state: 'revoked', revokedBy: 'anna', revokedAt: T0 + 2 });
      expect((await store.setGuestLink('g1', LINK, T0 + 4))!.state, 'a revoked grant stays revoked').to.equal('revoked');
      expect(await store.revokeGuestGrant('nope', 'anna', T0)).to.equal(undefined);
    });

    it('expires the live grants of an appointment (its room closed), leaving revoked ones and other appointments alone', async () => {
      const store = current();
      await store.recordGuestGrant(grant('g1', 'in-1'), T0);
      await store.recordGuestGrant(grant('g2', 'in-2'), T0);
      await store.recordGuestGrant(grant('g3', 'in-3', 'a2'), T0);
      await store.revokeGuestGrant('g1', 'anna', T0);
      expect(await store.expireGuestGrants('a1')).to.equal(1);
      expect(await store.expireGuestGrants('a1')).to.equal(0);
      expect((await store.listGuestGrants('a1')).map((g) => g.state)).to.deep.equal(['revoked', 'expired']);
      expect((await store.getGuestGrant('g3'))!.state).to.equal('granted');
      expect((await store.setGuestLink('g2', LINK, T0))!.state, 'an expired grant gets no link').to.equal('expired');
    });

    it("lists an appointment's grants oldest first and counts the live ones per appointment", async () => {
      const store = current();
      await store.recordGuestGrant(grant('g1', 'in-1'), T0);
      await store.recordGuestGrant(grant('g2', 'in-2'), T0 + 1);
      await store.recordGuestGrant(grant('g3', 'in-3', 'a2'), T0 + 2);
      await store.revokeGuestGrant('g1', 'anna', T0 + 3);
      expect((await store.listGuestGrants('a1')).map((g) => [g.grantId, g.state])).to.deep.equal([
        ['g1', 'revoked'],
        ['g2', 'granted'],
      ]);
      expect(await store.listGuestGrants('none')).to.deep.equal([]);
      expect(await store.countLiveGuestGrants()).to.deep.equal(
        new Map([
          ['a1', 1],
          ['a2', 1],
        ]),
      );
    });
  });
}
