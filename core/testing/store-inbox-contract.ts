import { expect } from 'chai';
import type { Store } from '../store/store.js';

const T0 = Date.UTC(2026, 10, 22, 22, 0);
const MINUTE = 60_000;
const ALICE = '+61400000001';
const BOB = '+61400000002';

/** The inbox part of the Store contract (conversations per number, staff replies). `store()` is the suite's fresh store. */
export function describeInboxStoreContract(store: () => Store): void {
  describe('inbox', () => {
    const text = async (id: string, from: string, at: number, state?: 'unprocessed' | 'handled', detail: { reason?: string; appointmentId?: string } = {}) => {
      await store().recordIncoming({ id, from, body: `body ${id}`, receivedAt: at });
      if (state) await store().setIncomingState(id, state, detail);
    };
    const openIds = async () => (await store().listConversations({ open: true })).map((c) => c.phone);

    it('gives each number one opaque conversation id with its first text', async () => {
      await text('in-1', ALICE, T0);
      await text('in-2', ALICE, T0 + MINUTE, 'unprocessed');
      await text('in-3', BOB, T0 + 2 * MINUTE, 'unprocessed');
      const conversations = await store().listConversations({ open: true });
      expect(conversations.map((c) => c.phone)).to.deep.equal([BOB, ALICE]);
      const [bob, alice] = conversations;
      expect(alice!.id).to.not.equal(bob!.id);
      for (const c of conversations) {
        expect(c.id).to.match(/^[0-9a-f]{32}$/);
        expect(c.id).to.not.contain(c.phone.slice(-6));
        expect(await store().conversationPhone(c.id)).to.equal(c.phone);
      }
      expect(await store().conversationPhone('no-such-id')).to.equal(undefined);
    });

    it('sums up open conversations: newest text, unprocessed count, reasons, matched appointment', async () => {
      await text('in-1', ALICE, T0, 'unprocessed', { reason: 'unexpected', appointmentId: 'appt-1' });
      await text('in-2', ALICE, T0 + MINUTE, 'unprocessed', { reason: 'dont-understand' });
      await text('in-3', ALICE, T0 + 2 * MINUTE, 'handled');
      await text('in-4', BOB, T0, 'handled');
      expect(await store().listConversations({ open: true })).to.deep.equal([
        {
          id: (await store().listConversations({ open: true }))[0]!.id,
          phone: ALICE,
          lastAt: T0 + 2 * MINUTE,
          unprocessed: 2,
          reasons: ['dont-understand', 'unexpected'],
          appointmentId: 'appt-1',
        },
      ]);
    });

    it('closing marks every unprocessed text dismissed with who and when; closed ones list by recency', async () => {
      await text('in-1', ALICE, T0, 'unprocessed', { reason: 'unexpected' });
      await text('in-2', ALICE, T0 + MINUTE, 'unprocessed', { reason: 'unexpected' });
      await text('in-3', ALICE, T0 + 2 * MINUTE, 'handled');
      expect(await store().closeConversation(ALICE, 'Robin', T0 + 5 * MINUTE)).to.equal(2);
      expect(await openIds()).to.deep.equal([]);
      expect(await store().getIncoming('in-1')).to.include({ state: 'dismissed', reason: 'unexpected', closedBy: 'Robin', closedAt: T0 + 5 * MINUTE });
      expect(await store().getIncoming('in-3')).to.not.have.property('closedBy');
      const closed = await store().listConversations({ open: false, since: T0 });
      expect(closed.map((c) => [c.phone, c.unprocessed, c.reasons])).to.deep.equal([[ALICE, 0, ['unexpected']]]);
      expect(await store().listConversations({ open: false, since: T0 + 3 * MINUTE })).to.deep.equal([]);
      // A new text opens it again under the same id.
      await text('in-4', ALICE, T0 + 6 * MINUTE, 'unprocessed', { reason: 'unexpected' });
      expect((await store().listConversations({ open: true }))[0]!.id).to.equal(closed[0]!.id);
    });

    it("lists a number's texts both ways since a time, oldest first, staff replies with their author", async () => {
      await text('in-old', ALICE, T0 - 10 * MINUTE);
      await text('in-1', ALICE, T0 + MINUTE, 'unprocessed');
      await text('in-bob', BOB, T0 + MINUTE);
      await store().beginSend({ key: 'k-auto', to: ALICE, template: 'Unexpected', body: 'auto' }, T0 + 2 * MINUTE);
      await store().recordStaffReply({ key: 'staff-reply:r1', phone: ALICE, by: 'Robin' }, T0 + 3 * MINUTE);
      await store().recordStaffReply({ key: 'staff-reply:r1', phone: ALICE, by: 'Someone else' }, T0 + 4 * MINUTE);
      await store().beginSend({ key: 'staff-reply:r1', to: ALICE, template: 'StaffReply', body: 'Yes, bring him' }, T0 + 3 * MINUTE);
      await store().beginSend({ key: 'k-bob', to: BOB, template: 'Unexpected', body: 'auto' }, T0 + 3 * MINUTE);

      expect((await store().listIncomingFrom(ALICE, T0)).map((m) => m.id)).to.deep.equal(['in-1']);
      const out = await store().listOutboxTo(ALICE, T0);
      expect(out.map((e) => [e.key, e.sentBy])).to.deep.equal([
        ['k-auto', undefined],
        ['staff-reply:r1', 'Robin'],
      ]);
      expect(out[0]).to.not.have.property('sentBy');
    });

    it("links a number's texts since a time to an appointment", async () => {
      await text('in-old', ALICE, T0 - 10 * MINUTE, 'handled');
      await text('in-1', ALICE, T0, 'unprocessed', { reason: 'unknown-phone' });
      await text('in-bob', BOB, T0, 'unprocessed');
      expect(await store().linkConversation(ALICE, 'appt-9', T0)).to.equal(1);
      expect(await store().getIncoming('in-1')).to.include({ appointmentId: 'appt-9', state: 'unprocessed' });
      expect(await store().getIncoming('in-old')).to.not.have.property('appointmentId');
      expect(await store().getIncoming('in-bob')).to.not.have.property('appointmentId');
      expect((await store().listConversations({ open: true })).find((c) => c.phone === ALICE)?.appointmentId).to.equal('appt-9');
    });
  });
}
