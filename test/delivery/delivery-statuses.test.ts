import { expect } from 'chai';
import type { ChangeEvent } from '../../core/api/host-api.js';
import type { Store } from '../../core/store/store.js';
import { DeliveryStatuses, deliveryStatusOf } from '../../core/runtime/delivery-statuses.js';
import { HostEvents } from '../../core/runtime/host-events.js';
import { storeWithChangeEvents } from '../../core/runtime/store-change-events.js';
import { openSqliteStore } from '../../core/store/sqlite-store.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { createSilentLogger } from '@clinic-arrivals/plugin-kit/testing';

describe('delivery statuses: provider reports applied to the outbox', () => {
  let raw: Store;
  let store: Store;
  let seen: ChangeEvent[];
  let statuses: DeliveryStatuses;
  const clock = new ManualClock('2026-11-23T08:00:00+11:00');

  beforeEach(async () => {
    raw = await openSqliteStore(':memory:');
    const events = new HostEvents();
    seen = [];
    events.subscribe((event) => seen.push(event));
    store = storeWithChangeEvents(raw, events);
    statuses = new DeliveryStatuses({ store, clock, logger: createSilentLogger() });
    const entry = await store.beginSend({ key: 'k1', appointmentId: 'appt-1', to: '+61400000001', template: 'screening', body: 'hi' }, clock.now());
    await store.finishSend(entry.id, { status: 'sent', providerId: 'SM1' }, clock.now());
    seen.length = 0;
  });

  afterEach(() => store.close());

  const report = (status: string, id = `SM1:${status}`, providerId = 'SM1', errorCode?: string) =>
    statuses.handler({ id, providerId, status, at: new Date(clock.now()).toISOString(), ...(errorCode ? { errorCode } : {}) });

  it("reads Twilio's status words in the host's order", () => {
    expect(
      ['accepted', 'scheduled', 'queued', 'sending', 'sent', 'delivered', 'read', 'undelivered', 'failed', 'canceled', 'receiving', 'partially_delivered'].map(
        deliveryStatusOf,
      ),
    ).to.deep.equal(['queued', 'queued', 'queued', 'queued', 'sent', 'delivered', 'delivered', 'undelivered', 'failed', 'failed', undefined, undefined]);
  });

  it('stores a report and announces the send and its appointment; a repeat or a late earlier status announces nothing', async () => {
    await report('undelivered', 'SM1:undelivered', 'SM1', '30003');
    expect(await raw.findOutbox('k1')).to.include({ deliveryStatus: 'undelivered', deliveryErrorCode: '30003' });
    expect(seen.map((e) => [e.topic, e.id])).to.deep.equal([
      ['sends', '1'],
      ['appointments', 'appt-1'],
    ]);
    await report('undelivered', 'SM1:undelivered', 'SM1', '30003');
    await report('sent');
    await report('queued');
    expect(seen).to.have.length(2);
    expect(statuses.counts).to.deep.equal({ applied: 1, unchanged: 3, unknownProviderId: 0, ignoredStatus: 0 });
  });

  it('counts and resolves reports it cannot use (so the plugin acknowledges them): an unknown sid, an unknown status word', async () => {
    await report('delivered', 'SMx:delivered', 'SMx');
    await report('receiving');
    expect(statuses.counts).to.deep.equal({ applied: 0, unchanged: 0, unknownProviderId: 1, ignoredStatus: 1 });
    expect(await raw.findOutbox('k1')).to.not.have.any.keys('deliveryStatus');
    expect(seen).to.deep.equal([]);
  });

  it('rejects when the store cannot take the report, so the plugin leaves it unacknowledged', async () => {
    await raw.close();
    let failed = false;
    await report('delivered').catch(() => {
      failed = true;
    });
    expect(failed).to.equal(true);
  });
});
