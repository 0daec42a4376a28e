import assert from 'node:assert/strict';
import type { Appointment, AppointmentSource } from '../contracts/appointment-source.js';
import { assertNonEmptyString } from './assertions.js';
import { checkCapabilities } from './capabilities.js';
import { expectRejection } from './expect-rejection.js';
import { harnessPerTest } from './harness-per-test.js';
import { suiteRunner, type TestApi } from './test-api.js';
import { appointmentAt, freshDay, HOUR, isoWithOffset, withoutKeys, type SeedAppointment } from './appointment-source-fixtures.js';
import { describeConfirmAndCancel } from './appointment-source-writes.js';

export { isoWithOffset, type SeedAppointment };

/** What an appointment-source plugin's test hands the contract suite, fresh for every test. */
export interface AppointmentSourceHarness {
  source: AppointmentSource;
  /** Puts appointments into the backend (the PMS, its stand-in…) and returns them as stored, ids included. */
  seed(appointments: SeedAppointment[]): Promise<Appointment[]>;
  /**
   * The time of the text confirmation the backend holds for an appointment, as
   * `confirmAppointment` recorded it (FHIR: the extension's dateTime), or undefined when it holds
   * none. Optional: without it the suite checks only that a confirmation changes nothing the
   * listing shows.
   */
  readConfirmation?(appointmentId: string): Promise<string | undefined>;
  teardown?(): Promise<void>;
}

/**
 * Optional behaviours an appointment source declares. None are defined for this role: the
 * optional methods (`confirmAppointment`, `cancelAppointment`) are tested when the source has
 * them and skipped when it does not, as the host uses them when present.
 */
export const APPOINTMENT_SOURCE_CAPABILITIES = [] as const;
export type AppointmentSourceCapability = (typeof APPOINTMENT_SOURCE_CAPABILITIES)[number];

/** The code an unknown appointment id must be rejected with (the kit's NotFoundError). */
const NOT_FOUND = 'CA_ERR_NOT_FOUND';

export interface AppointmentSourceContractOptions {
  /** Shown in the suite title, e.g. `pms-fhir-r4`. */
  name: string;
  setup: () => Promise<AppointmentSourceHarness>;
  /** See {@link APPOINTMENT_SOURCE_CAPABILITIES} (none yet, so only `[]` compiles). */
  capabilities?: readonly AppointmentSourceCapability[];
}

/** The fields a listing must reproduce for a seeded appointment (start compared as an instant). */
function comparable(a: Appointment): Record<string, unknown> {
  return {
    id: a.id,
    start: Date.parse(a.start),
    status: a.status,
    patientName: a.patient.name,
    mobile: a.patient.mobile,
    practitionerName: a.practitioner.name,
    isVideo: a.isVideo,
    videoLink: a.videoLink,
  };
}

/** Sorts comparable records by id, so two listings compare as sets (the order is the backend's). */
function sameOrder(records: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  return [...records].sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

/**
 * The shared suite every appointment source (PMS plugin) must pass.
 *
 * @example
 * describeAppointmentSourceContract({
 *   name: 'pms-simulator',
 *   setup: async () => { … return { source, seed: (list) => Promise.all(list.map((a) => sim.upsert(a))) }; },
 * });
 */
export function describeAppointmentSourceContract(options: AppointmentSourceContractOptions, test?: TestApi): void {
  const suite = 'describeAppointmentSourceContract';
  checkCapabilities(suite, options.capabilities, APPOINTMENT_SOURCE_CAPABILITIES);
  const runner = suiteRunner(suite, test);

  runner.describe(`AppointmentSource contract: ${options.name}`, function () {
    const t = harnessPerTest(runner, options.setup);
    const { h } = t;
    const it = t.test;

    async function list(from: number, to: number): Promise<Appointment[]> {
      const listing = await h().source.listAppointments({ from, to });
      assert.ok(Array.isArray(listing.appointments), 'listAppointments().appointments is an array');
      return listing.appointments;
    }

    async function readBack(id: string, day: number): Promise<Appointment> {
      const found = (await list(day - 24 * HOUR, day + 24 * HOUR)).filter((a) => a.id === id);
      assert.equal(found.length, 1, `appointment ${id} listed once`);
      return found[0]!;
    }

    it('lists exactly the seeded appointments whose start lies in [from, to)', async function () {
      const day = freshDay();
      const seeded = await h().seed([
        appointmentAt(day + 8 * HOUR, 1),
        appointmentAt(day + 9 * HOUR, 2),
        appointmentAt(day + 10 * HOUR, 3),
        appointmentAt(day + 11 * HOUR, 4),
      ]);
      assert.equal(seeded.length, 4, 'seed() returns every appointment');
      const ids = (await list(day + 9 * HOUR, day + 11 * HOUR)).map((a) => a.id).sort();
      assert.deepEqual(ids, [seeded[1]!.id, seeded[2]!.id].sort());
    });

    it('compares starts as instants, whatever offset the PMS writes', async function () {
      const day = freshDay();
      const seeded = await h().seed([
        appointmentAt(day + 9 * HOUR, 1, { start: isoWithOffset(day + 9 * HOUR, 600) }),
        appointmentAt(day + 10 * HOUR, 2, { start: isoWithOffset(day + 10 * HOUR, -300) }),
        appointmentAt(day + 11 * HOUR, 3, { start: isoWithOffset(day + 11 * HOUR, 0) }),
      ]);
      const ids = (await list(day + 9 * HOUR + 1, day + 11 * HOUR + 1)).map((a) => a.id).sort();
      assert.deepEqual(ids, [seeded[1]!.id, seeded[2]!.id].sort());
    });

    it('maps patient, practitioner, start, status and video fields', async function () {
      const day = freshDay();
      const inputs: SeedAppointment[] = [
        appointmentAt(day + 9 * HOUR, 1, {
          start: isoWithOffset(day + 9.5 * HOUR, 660),
          patient: { id: 'contract-patient-zoe', name: 'Zoë Ångström-Nguyen', firstName: 'Zoë', mobile: '+61412345678' },
          practitioner: { id: 'contract-practitioner-2', name: 'Dr Ada Ferris' },
        }),
        appointmentAt(day + 10 * HOUR, 2, { status: 'arrived' }),
        appointmentAt(day + 11 * HOUR, 3, { status: 'cancelled' }),
        appointmentAt(day + 12 * HOUR, 4, { isVideo: true, videoLink: 'https://video.example.test/join/abc#d=xyz' }),
      ];
      const seeded = await h().seed(inputs);
      const listed = await list(day, day + 24 * HOUR);
      assert.deepEqual(sameOrder(listed.map(comparable)), sameOrder(seeded.map(comparable)), 'listed appointments match the seeded ones');
      for (const a of listed) {
        assertNonEmptyString(a.id, 'id');
        assertNonEmptyString(a.patient.id, 'patient.id');
        assertNonEmptyString(a.practitioner.id, 'practitioner.id');
        assert.ok(Number.isFinite(Date.parse(a.start)), `start ${a.start} parses`);
      }
      const zoe = listed.find((a) => a.id === seeded[0]!.id)!;
      assert.equal(zoe.patient.name, 'Zoë Ångström-Nguyen');
      assert.equal(zoe.patient.mobile, '+61412345678');
      assert.equal(zoe.practitioner.name, 'Dr Ada Ferris');
      assert.equal(Date.parse(zoe.start), day + 9.5 * HOUR);
    });

    it('markArrived changes the status to arrived and nothing else', async function () {
      const day = freshDay();
      const [target, other] = await h().seed([appointmentAt(day + 9 * HOUR, 1), appointmentAt(day + 10 * HOUR, 2)]);
      const before = await readBack(target!.id, day);
      await h().source.markArrived(target!.id);
      const after = await readBack(target!.id, day);
      assert.equal(after.status, 'arrived');
      assert.deepEqual(withoutKeys(after, ['status']), withoutKeys(before, ['status']));
      assert.equal((await readBack(other!.id, day)).status, 'booked');
    });

    it('markArrived leaves a visit that is past arrival (fulfilled, arrived, cancelled) as it is', async function () {
      const day = freshDay();
      const seeded = await h().seed([
        { ...appointmentAt(day + 9 * HOUR, 1), status: 'fulfilled' },
        { ...appointmentAt(day + 10 * HOUR, 2), status: 'arrived' },
        { ...appointmentAt(day + 11 * HOUR, 3), status: 'cancelled' },
      ]);
      for (const appointment of seeded) {
        const before = await readBack(appointment.id, day);
        await h().source.markArrived(appointment.id);
        assert.deepEqual(await readBack(appointment.id, day), before);
      }
    });

    it('recordVideoConsult sets isVideo and videoLink and nothing else', async function () {
      const day = freshDay();
      const [target] = await h().seed([appointmentAt(day + 9 * HOUR, 1)]);
      const before = await readBack(target!.id, day);
      const link = 'https://video.example.test/join/r00m#d=practitioner-token';
      await h().source.recordVideoConsult(target!.id, link);
      const after = await readBack(target!.id, day);
      assert.equal(after.isVideo, true);
      assert.equal(after.videoLink, link);
      assert.deepEqual(withoutKeys(after, ['isVideo', 'videoLink']), withoutKeys(before, ['isVideo', 'videoLink']));
    });

    it(`throws NotFoundError (${NOT_FOUND}) for an unknown appointment id`, async function () {
      const unknown = 'contract-no-such-appointment-7f3a';
      await expectRejection(() => h().source.markArrived(unknown), NOT_FOUND);
      await expectRejection(() => h().source.recordVideoConsult(unknown, 'https://video.example.test/x'), NOT_FOUND);
    });

    describeConfirmAndCancel({ it, h, readBack });

    it('returns an empty list for a range without appointments', async function () {
      const day = freshDay();
      await h().seed([appointmentAt(day + 9 * HOUR, 1)]);
      assert.deepEqual(await list(day + 12 * HOUR, day + 13 * HOUR), []);
      assert.deepEqual(await list(day + 9 * HOUR, day + 9 * HOUR), [], 'from === to is empty');
    });
  });
}
