import assert from 'node:assert/strict';
import type { Appointment } from '../contracts/appointment-source.js';
import type { AppointmentSourceHarness } from './appointment-source-contract.js';
import { appointmentAt, freshDay, HOUR, withoutKeys } from './appointment-source-fixtures.js';
import { expectRejection } from './expect-rejection.js';
import type { HarnessRunner } from './harness-per-test.js';

/** What the confirm and cancel tests borrow from the suite around them. */
export interface WritesContext {
  it: HarnessRunner<AppointmentSourceHarness>['test'];
  h: () => AppointmentSourceHarness;
  /** The appointment as listed now, looked up in the two days around `day`. */
  readBack(id: string, day: number): Promise<Appointment>;
}

const FIRST_CONFIRMATION = '2031-03-01T18:05:00+11:00';
const LATER_CONFIRMATION = '2031-03-01T19:40:00+11:00';

/**
 * The tests of the optional `confirmAppointment` and `cancelAppointment` (kit 2.3.0). A source
 * without one has its tests skipped, not faked: the host then does not offer that answer.
 */
export function describeConfirmAndCancel({ it, h, readBack }: WritesContext): void {
  const confirm = (skip: (reason: string) => never) => {
    const { source } = h();
    if (typeof source.confirmAppointment !== 'function') return skip('no confirmAppointment()');
    return source.confirmAppointment.bind(source);
  };
  const cancel = (skip: (reason: string) => never) => {
    const { source } = h();
    if (typeof source.cancelAppointment !== 'function') return skip('no cancelAppointment()');
    return source.cancelAppointment.bind(source);
  };
  /** The confirmation time as an instant, so any offset the backend writes it with compares equal. */
  const confirmedAt = async (id: string) => {
    const at = await h().readConfirmation?.(id);
    return at === undefined ? undefined : Date.parse(at);
  };

  it('confirmAppointment records the confirmation and changes nothing the listing shows, when the source has it', async function (skip) {
    const confirmAppointment = confirm(skip);
    const day = freshDay();
    const [target, other] = await h().seed([appointmentAt(day + 9 * HOUR, 1), appointmentAt(day + 10 * HOUR, 2)]);
    const before = await readBack(target!.id, day);
    await confirmAppointment(target!.id, FIRST_CONFIRMATION);
    assert.deepEqual(await readBack(target!.id, day), before, 'a confirmation leaves the status and every listed field as they were');
    if (h().readConfirmation) {
      assert.equal(await confirmedAt(target!.id), Date.parse(FIRST_CONFIRMATION), 'the confirmation time is recorded');
      assert.equal(await confirmedAt(other!.id), undefined, 'another appointment holds no confirmation');
    }
  });

  it('confirmAppointment again keeps the first confirmation and succeeds, when the source has it', async function (skip) {
    const confirmAppointment = confirm(skip);
    const day = freshDay();
    const [target] = await h().seed([appointmentAt(day + 9 * HOUR, 1)]);
    const before = await readBack(target!.id, day);
    await confirmAppointment(target!.id, FIRST_CONFIRMATION);
    await confirmAppointment(target!.id, LATER_CONFIRMATION);
    assert.deepEqual(await readBack(target!.id, day), before);
    if (h().readConfirmation) assert.equal(await confirmedAt(target!.id), Date.parse(FIRST_CONFIRMATION), 'the first confirmation is kept');
  });

  it('cancelAppointment cancels a visit still before arrival and changes nothing else, when the source has it', async function (skip) {
    const cancelAppointment = cancel(skip);
    const day = freshDay();
    const [booked, pending, other] = await h().seed([
      appointmentAt(day + 9 * HOUR, 1),
      appointmentAt(day + 10 * HOUR, 2, { status: 'pending' }),
      appointmentAt(day + 11 * HOUR, 3),
    ]);
    for (const target of [booked!, pending!]) {
      const before = await readBack(target.id, day);
      await cancelAppointment(target.id);
      const after = await readBack(target.id, day);
      assert.equal(after.status, 'cancelled', `${before.status} becomes cancelled`);
      assert.deepEqual(withoutKeys(after, ['status']), withoutKeys(before, ['status']));
      await cancelAppointment(target.id);
      assert.deepEqual(await readBack(target.id, day), after, 'cancelling again succeeds and changes nothing');
    }
    assert.equal((await readBack(other!.id, day)).status, 'booked');
  });

  it('cancelAppointment leaves a visit past arrival (arrived, fulfilled) as it is, when the source has it', async function (skip) {
    const cancelAppointment = cancel(skip);
    const day = freshDay();
    const seeded = await h().seed([appointmentAt(day + 9 * HOUR, 1, { status: 'arrived' }), appointmentAt(day + 10 * HOUR, 2, { status: 'fulfilled' })]);
    for (const appointment of seeded) {
      const before = await readBack(appointment.id, day);
      await cancelAppointment(appointment.id);
      assert.deepEqual(await readBack(appointment.id, day), before);
    }
  });

  it('confirmAppointment and cancelAppointment throw NotFoundError for an unknown appointment id, when the source has them', async function (skip) {
    const { source } = h();
    if (!source.confirmAppointment && !source.cancelAppointment) return skip('neither confirmAppointment() nor cancelAppointment()');
    const unknown = 'contract-no-such-appointment-7f3a';
    if (source.confirmAppointment) await expectRejection(() => source.confirmAppointment!(unknown, FIRST_CONFIRMATION), 'CA_ERR_NOT_FOUND');
    if (source.cancelAppointment) await expectRejection(() => source.cancelAppointment!(unknown), 'CA_ERR_NOT_FOUND');
  });
}
