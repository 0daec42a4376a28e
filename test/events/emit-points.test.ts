import { expect } from 'chai';
import type { ChangeEvent } from '../../core/api/host-api.js';
import type { Store } from '../../core/store/store.js';
import { openSqliteStore } from '../../core/store/sqlite-store.js';
import { changedAppointmentIds } from '../../core/runtime/appointment-cycles.js';
import { HostEvents } from '../../core/runtime/host-events.js';
import { StatusBoard } from '../../core/runtime/status-board.js';
import { storeWithChangeEvents } from '../../core/runtime/store-change-events.js';
import type { EngineAppointment } from '../../core/engine/decisions.js';

function recorder(): { events: HostEvents; seen: ChangeEvent[] } {
  const events = new HostEvents();
  const seen: ChangeEvent[] = [];
  events.subscribe((event) => seen.push(event));
  return { events, seen };
}

describe('change events from the status board', () => {
  it('announces errors, loop failures and recoveries, and plugin health changes, once each', () => {
    const { events, seen } = recorder();
    const board = new StatusBoard(
      () => 0,
      () => events.emit('status'),
    );
    board.markPluginRecovered('sms');
    expect(seen, 'a plugin that was never down did not recover').to.deep.equal([]);
    board.markPluginDown('sms', 'CA_ERR_AUTH: rejected');
    board.markPluginDown('sms', 'CA_ERR_AUTH: rejected');
    expect(seen).to.have.length(1);
    board.markPluginRecovered('sms');
    board.markPluginRecovered('sms');
    expect(seen).to.have.length(2);

    const ok = board.loopStarted('today');
    board.loopFinished(ok);
    expect(seen, 'a run that went well changes nothing').to.have.length(2);
    board.loopFinished(board.loopStarted('today'), 'CA_ERR_UNREACHABLE: PMS down');
    expect(seen).to.have.length(3);
    board.loopFinished(board.loopStarted('today'));
    expect(seen, 'the loop works again').to.have.length(4);

    board.setPluginNote('pms', 'start failed, retrying');
    board.setPluginNote('pms', 'start failed, retrying');
    board.setPluginNote('pms', undefined);
    expect(seen).to.have.length(6);
    expect(seen.every((e) => e.topic === 'status')).to.equal(true);
  });
});

describe('change events from store writes', () => {
  let raw: Store;
  let store: Store;
  let seen: ChangeEvent[];

  beforeEach(async () => {
    raw = await openSqliteStore(':memory:');
    const recording = recorder();
    seen = recording.seen;
    store = storeWithChangeEvents(raw, recording.events);
  });

  afterEach(() => store.close());

  it('announces a send with its appointment when it begins and when it finishes', async () => {
    const entry = await store.beginSend({ key: 'k1', appointmentId: 'appt-1', to: '+61412345678', template: 'Help', body: 'hello' }, 1);
    await store.finishSend(entry.id, { status: 'sent', providerId: 'SM1' }, 2);
    const expected = [
      { topic: 'sends', id: String(entry.id) },
      { topic: 'appointments', id: 'appt-1' },
    ];
    expect(seen).to.deep.equal([...expected, ...expected]);
  });

  it('announces a new incoming text once, its handling with the matched appointment, and progress', async () => {
    expect(await store.recordIncoming({ id: 'SM9', from: '+61412345678', body: 'yes', receivedAt: 1 })).to.equal(true);
    expect(await store.recordIncoming({ id: 'SM9', from: '+61412345678', body: 'yes', receivedAt: 1 })).to.equal(false);
    await store.setIncomingState('SM9', 'handled', { appointmentId: 'appt-1' });
    await store.saveProgress({ appointmentId: 'appt-2', screening: 'asked' });
    expect(seen).to.deep.equal([
      { topic: 'messages', id: 'SM9' },
      { topic: 'messages', id: 'SM9' },
      { topic: 'appointments', id: 'appt-1' },
      { topic: 'appointments', id: 'appt-2' },
    ]);
    expect(JSON.stringify(seen)).not.to.contain('412345678');
  });

  it('announces a recorded staff action on the activity topic (no id: the list is read again)', async () => {
    await store.recordActivity({ at: 1, actor: 'anna', action: 'template-change', detail: { template: 'DoctorReady' } });
    expect(seen).to.deep.equal([{ topic: 'activity' }]);
  });

  it('passes reads through untouched and announces nothing for a failed write', async () => {
    expect(await store.listOutbox()).to.deep.equal([]);
    await store.setIncomingState('no-such-message', 'handled').catch(() => undefined);
    await store.saveProgress(undefined as never).catch(() => undefined);
    expect(seen.filter((e) => e.topic === 'appointments')).to.deep.equal([]);
  });
});

describe('changedAppointmentIds (a poll against the one before)', () => {
  const appointment = (id: string, status: EngineAppointment['status'] = 'booked'): EngineAppointment => ({
    id,
    start: '2026-11-23T10:00:00+11:00',
    startMs: 0,
    status,
    isVideo: false,
    patient: { id: 'p', name: 'P' },
    practitioner: { id: 'dr', name: 'Dr' },
  });

  it('names new, changed and gone appointments, not unchanged ones', () => {
    const before = [appointment('same'), appointment('moved'), appointment('gone')];
    const after = [appointment('same'), appointment('moved', 'arrived'), appointment('new')];
    expect(changedAppointmentIds(before, after)).to.deep.equal(['moved', 'new', 'gone']);
  });
});
