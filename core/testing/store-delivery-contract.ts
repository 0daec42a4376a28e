import { expect } from 'chai';
import type { DeliveryStatus, Store } from '../store/store.js';

const T0 = Date.UTC(2026, 10, 22, 22, 0);
const ALICE = '+61400000001';

/** The delivery status part of the Store contract (provider reports on sent texts). `store()` is the suite's fresh store. */
export function describeDeliveryStoreContract(store: () => Store): void {
  describe('delivery status', () => {
    /** A text sent with provider id `sid`; returns its outbox id. */
    const sentText = async (key: string, sid: string): Promise<number> => {
      const entry = await store().beginSend({ key, appointmentId: `appt-${key}`, to: ALICE, template: 'screening', body: `text ${key}` }, T0);
      await store().finishSend(entry.id, { status: 'sent', providerId: sid }, T0);
      return entry.id;
    };
    const report = (sid: string, status: DeliveryStatus, at: number, errorCode?: string) =>
      store().recordDeliveryStatus(sid, errorCode === undefined ? { status } : { status, errorCode }, at);

    it('has none until the first report, then the status, error code and time, matched by provider id', async () => {
      await sentText('k1', 'SM1');
      const other = await sentText('k2', 'SM2');
      expect(await store().findOutbox('k1')).to.not.have.any.keys('deliveryStatus', 'deliveryErrorCode', 'deliveryUpdatedAt');
      const outcome = await report('SM2', 'undelivered', T0 + 5, '30003');
      expect(outcome.matched && outcome.changed).to.equal(true);
      expect(outcome.matched && outcome.entry).to.include({ id: other, deliveryStatus: 'undelivered', deliveryErrorCode: '30003', deliveryUpdatedAt: T0 + 5 });
      expect(await store().findOutbox('k2')).to.include({
        status: 'sent',
        deliveryStatus: 'undelivered',
        deliveryErrorCode: '30003',
        deliveryUpdatedAt: T0 + 5,
      });
      expect(await store().findOutbox('k1')).to.not.have.any.keys('deliveryStatus');
      expect((await store().listOutbox()).find((e) => e.key === 'k2')).to.include({ deliveryStatus: 'undelivered' });
    });

    it('moves only forward: queued < sent < final; repeats and late earlier reports change nothing; the first final stands', async () => {
      await sentText('k1', 'SM1');
      expect(await report('SM1', 'sent', T0 + 2)).to.include({ matched: true, changed: true });
      expect(await report('SM1', 'queued', T0 + 3)).to.include({ matched: true, changed: false });
      expect(await report('SM1', 'sent', T0 + 4)).to.include({ matched: true, changed: false });
      expect(await report('SM1', 'delivered', T0 + 5)).to.include({ matched: true, changed: true });
      for (const late of ['sent', 'queued', 'undelivered', 'failed', 'delivered'] as const) {
        expect(await report('SM1', late, T0 + 9, '30003')).to.include({ matched: true, changed: false });
      }
      expect(await store().findOutbox('k1')).to.include({ deliveryStatus: 'delivered', deliveryUpdatedAt: T0 + 5 });
      expect(await store().findOutbox('k1')).to.not.have.any.keys('deliveryErrorCode');
    });

    it('ignores a provider id it never recorded (e.g. a send whose outcome was unknown)', async () => {
      await sentText('k1', 'SM1');
      expect(await report('SM-unknown', 'delivered', T0)).to.deep.equal({ matched: false });
      expect(await store().findOutbox('k1')).to.not.have.any.keys('deliveryStatus');
    });

    it("keeps only a numeric error code (the provider's free text is untrusted) and refuses a status it does not know", async () => {
      await sentText('k1', 'SM1');
      await sentText('k2', 'SM2');
      await report('SM1', 'failed', T0, 'Unreachable: +61400000001');
      expect(await store().findOutbox('k1'))
        .to.include({ deliveryStatus: 'failed' })
        .and.not.have.any.keys('deliveryErrorCode');
      let refused: unknown;
      try {
        await store().recordDeliveryStatus('SM2', { status: 'read' as DeliveryStatus }, T0);
      } catch (error) {
        refused = error;
      }
      expect(refused).to.be.instanceOf(Error);
      expect(await store().findOutbox('k2')).to.not.have.any.keys('deliveryStatus');
    });
  });
}
