import { expect } from 'chai';
import type { NewOutboxEntry, Store } from '../store/store.js';

const T0 = Date.UTC(2026, 10, 22, 22, 0);
const ALICE = '+61400000001';

function send(key: string): NewOutboxEntry {
  return { key, to: ALICE, template: 'screening', body: `text for ${key}`, appointmentId: `appt-${key}` };
}

/** The store's monitoring reads (`ping`, `countQueues`), part of the Store contract suite. */
export function describeMonitoringStoreContract(current: () => Store): void {
  describe('monitoring', () => {
    it('answers a ping while open and rejects one once closed', async () => {
      const store = current();
      await store.ping();
      await store.close();
      let failed = false;
      await store.ping().catch(() => {
        failed = true;
      });
      expect(failed, 'ping on a closed store').to.equal(true);
    });

    it('counts pending and retrying sends, waiting replies and open unknown sends', async () => {
      const store = current();
      expect(await store.countQueues()).to.deep.equal({ outboxPending: 0, outboxRetry: 0, incomingPending: 0, unknownOpen: 0 });

      // Two cut off by a shutdown (unknown), one of them then resolved by a person.
      const cut = [await store.beginSend(send('u1'), T0), await store.beginSend(send('u2'), T0)];
      await store.markUnfinishedUnknown(T0);
      await store.resolveUnknownSend(cut[0]!.id, { outcome: 'dismissed', by: 'anna' }, T0);
      // One waiting for a retry, one sent, one still under way.
      await store.finishSend((await store.beginSend(send('r1'), T0)).id, { status: 'retry', error: 'busy' }, T0);
      await store.finishSend((await store.beginSend(send('s1'), T0)).id, { status: 'sent', providerId: 'SM1' }, T0);
      await store.beginSend(send('p1'), T0);
      // Two replies waiting, one handled.
      for (const id of ['in-1', 'in-2', 'in-3']) await store.recordIncoming({ id, from: ALICE, body: 'YES', receivedAt: T0 });
      await store.setIncomingState('in-3', 'handled');

      expect(await store.countQueues()).to.deep.equal({ outboxPending: 1, outboxRetry: 1, incomingPending: 2, unknownOpen: 1 });
    });
  });
}
