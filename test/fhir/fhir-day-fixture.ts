/**
 * A clinic day on the FHIR server (Australia/Melbourne, +11:00 in November) with the awkward
 * cases a real PMS has: starts written with other offsets around midnight, a PractitionerRole
 * actor, a patient with several numbers, a cancelled visit, a video consult and records the
 * plugin must skip.
 */
import { AU_APPOINTMENT_TYPE_SYSTEM, AU_VIDEO_LINK_EXTENSION } from '../../plugins/pms-fhir-r4/options.js';
import { putResource } from './fhir-seed.js';

/** The clinic-local day 2026-11-23 as epoch ms, [from, to). */
export const DAY = { from: Date.parse('2026-11-23T00:00:00+11:00'), to: Date.parse('2026-11-24T00:00:00+11:00') };
export const VIDEO_LINK = 'https://video.example.test/room/abc?pwd=1';

const patient = (id: string, family: string, given: string, telecom: object[], extra: object = {}) => ({
  resourceType: 'Patient',
  id,
  name: [
    { use: 'old', family: 'Former', given: ['Old'] },
    { use: 'official', family, given: [given, 'Middle'] },
  ],
  telecom,
  ...extra,
});
/** FHIR's standard extension: the patient needs an interpreter. */
const interpreterRequired = (value: boolean) => ({
  extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired', valueBoolean: value }],
});
const appointment = (id: string, start: string, actors: string[], extra: object = {}) => ({
  resourceType: 'Appointment',
  id,
  status: 'booked',
  start,
  participant: actors.map((reference) => ({ actor: { reference }, status: 'accepted' })),
  ...extra,
});

/** Seeds the day over HTTP (PUT with fixed ids). */
export async function seedClinicDay(baseUrl: string): Promise<void> {
  const resources = [
    { resourceType: 'Practitioner', id: 'pr-ada', name: [{ prefix: ['Dr'], given: ['Ada'], family: 'Ferris' }] },
    { resourceType: 'Practitioner', id: 'pr-ben', name: [{ use: 'official', text: 'Dr Ben Okafor' }] },
    { resourceType: 'PractitionerRole', id: 'role-ben', practitioner: { reference: 'Practitioner/pr-ben' } },
    // Home landline, a flagged mobile, and a mobile-looking number with no use: the flagged one wins.
    patient(
      'pat-many',
      'Nguyen',
      'Mai',
      [
        { system: 'phone', use: 'home', value: '03 9000 1234' },
        { system: 'phone', value: '0498 765 432' },
        { system: 'phone', use: 'mobile', value: '0412 345 678' },
      ],
      interpreterRequired(true),
    ),
    // No flagged mobile: the number libphonenumber types as mobile is used.
    patient(
      'pat-unflagged',
      'Smith',
      'Jo',
      [
        { system: 'phone', use: 'home', value: '(03) 9123 4567' },
        { system: 'phone', value: '0423 111 222' },
      ],
      interpreterRequired(false),
    ),
    patient('pat-landline', 'Brown', 'Lee', [{ system: 'phone', use: 'home', value: '(03) 9123 4567' }]),
    patient('pat-plain', 'Wilson', 'Sam', [{ system: 'sms', use: 'mobile', value: '+61 400 000 001' }]),
    appointment('a-midnight', '2026-11-23T00:05:00+11:00', ['Patient/pat-many', 'Practitioner/pr-ada']),
    appointment('a-prev-day', '2026-11-22T23:55:00+11:00', ['Patient/pat-plain', 'Practitioner/pr-ada']),
    appointment('a-utc', '2026-11-23T12:50:00Z', ['Patient/pat-unflagged', 'Practitioner/pr-ada'], { end: '2026-11-23T13:05:00Z' }),
    appointment('a-next-day', '2026-11-24T00:00:00+11:00', ['Patient/pat-plain', 'Practitioner/pr-ada']),
    appointment('a-brisbane', '2026-11-23T23:30:00+10:00', ['Patient/pat-plain', 'Practitioner/pr-ada']),
    appointment('a-role', '2026-11-23T09:00:00+11:00', ['Patient/pat-plain', 'PractitionerRole/role-ben'], { end: '2026-11-23T09:15:00+11:00' }),
    appointment('a-cancelled', '2026-11-23T09:30:00+11:00', ['Patient/pat-plain', 'Practitioner/pr-ada'], { status: 'cancelled' }),
    appointment('a-video', '2026-11-23T10:00:00+11:00', ['Patient/pat-many', 'Practitioner/pr-ada'], {
      appointmentType: { coding: [{ system: AU_APPOINTMENT_TYPE_SYSTEM, code: 'teleconsultation' }] },
      extension: [{ url: AU_VIDEO_LINK_EXTENSION, valueUrl: VIDEO_LINK }],
      created: '2026-11-01T10:00:00+11:00',
    }),
    appointment('a-no-patient', '2026-11-23T10:30:00+11:00', ['Practitioner/pr-ada']),
    appointment('a-landline', '2026-11-23T11:00:00+11:00', ['Patient/pat-landline', 'Practitioner/pr-ada']),
    appointment('a-no-offset', '2026-11-23T11:30:00', ['Patient/pat-plain', 'Practitioner/pr-ada']),
    appointment('a-error', '2026-11-23T12:00:00+11:00', ['Patient/pat-plain', 'Practitioner/pr-ada'], { status: 'entered-in-error' }),
    appointment('a-unflagged-2', '2026-11-23T12:30:00+11:00', ['Patient/pat-unflagged', 'PractitionerRole/role-ben']),
  ];
  for (const resource of resources) await putResource(baseUrl, resource);
}

/** Appointment ids the day's poll must return, and what it must skip. */
export const EXPECTED_IDS = ['a-midnight', 'a-utc', 'a-role', 'a-cancelled', 'a-video', 'a-unflagged-2'];
