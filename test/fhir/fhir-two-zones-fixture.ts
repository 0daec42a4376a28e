/**
 * Three clinics on one FHIR server, in two time zones, on 2026-11-23 and the next day:
 * Bayside (Melbourne, daylight time +11:00) at Location loc-bayside; Swan River (Perth, +08:00)
 * at Location loc-swan, managed by Organization org-swan; and Hills (loc-hills, managed by
 * org-hills), a clinic the others must never touch, with appointments at the very instants of
 * theirs. Every appointment names its Location as an actor and its start carries its clinic's
 * own offset.
 */
import { putResource } from './fhir-seed.js';
import type { FhirTestServer } from './fhir-test-server.js';

export type ZoneClinic = 'bayside' | 'swan' | 'hills';

/** A patient as seeded (`mobile` in E.164; the server holds it as typed in Australia, `04…`). */
export interface ZonePatient {
  id: string;
  firstName: string;
  mobile: string;
}

export interface ZoneAppointment {
  id: string;
  clinic: ZoneClinic;
  patient: ZonePatient;
  /** Local time with the clinic's offset. */
  start: string;
}

const patient = (id: string, firstName: string, mobile: string): ZonePatient => ({ id, firstName, mobile });

export const ZONE_PATIENTS = {
  ava: patient('pat-ava', 'Ava', '+61411100001'),
  amy: patient('pat-amy', 'Amy', '+61411100002'),
  abe: patient('pat-abe', 'Abe', '+61411100003'),
  bea: patient('pat-bea', 'Bea', '+61411200001'),
  bob: patient('pat-bob', 'Bob', '+61411200002'),
  ben: patient('pat-ben', 'Ben', '+61411200003'),
  cal: patient('pat-cal', 'Cal', '+61411300001'),
  cat: patient('pat-cat', 'Cat', '+61411300002'),
} as const;

const P = ZONE_PATIENTS;
const appointment = (id: string, clinic: ZoneClinic, who: ZonePatient, start: string): ZoneAppointment => ({ id, clinic, patient: who, start });

export const ZONE_APPOINTMENTS = {
  bayside: [
    appointment('bay-today-1230', 'bayside', P.ava, '2026-11-23T12:30:00+11:00'),
    appointment('bay-today-1600', 'bayside', P.amy, '2026-11-23T16:00:00+11:00'),
    appointment('bay-tomorrow-0900', 'bayside', P.abe, '2026-11-24T09:00:00+11:00'),
  ],
  swan: [
    appointment('swan-today-1115', 'swan', P.bea, '2026-11-23T11:15:00+08:00'),
    appointment('swan-today-1500', 'swan', P.bob, '2026-11-23T15:00:00+08:00'),
    appointment('swan-tomorrow-1445', 'swan', P.ben, '2026-11-24T14:45:00+08:00'),
  ],
  // The same instants as the others' appointments: a filter that leaked would text them too.
  hills: [
    appointment('hills-today-1230', 'hills', P.cal, '2026-11-23T12:30:00+11:00'),
    appointment('hills-today-1115', 'hills', P.cat, '2026-11-23T11:15:00+08:00'),
    appointment('hills-tomorrow-0900', 'hills', P.cal, '2026-11-24T09:00:00+11:00'),
    appointment('hills-tomorrow-1445', 'hills', P.cat, '2026-11-24T14:45:00+08:00'),
  ],
} as const satisfies Record<ZoneClinic, ZoneAppointment[]>;

export const ZONE_PRACTITIONERS: Record<ZoneClinic, { id: string; name: string }> = {
  bayside: { id: 'pr-bayside', name: 'Dr Amin' },
  swan: { id: 'pr-swan', name: 'Dr Baker' },
  hills: { id: 'pr-hills', name: 'Dr Chen' },
};

const LENGTH_MS = 15 * 60_000;

function appointmentResource(a: ZoneAppointment) {
  return {
    resourceType: 'Appointment',
    id: a.id,
    status: 'booked',
    start: a.start,
    end: new Date(Date.parse(a.start) + LENGTH_MS).toISOString(),
    participant: [
      { actor: { reference: `Patient/${a.patient.id}` }, status: 'accepted' },
      { actor: { reference: `Practitioner/${ZONE_PRACTITIONERS[a.clinic].id}` }, status: 'accepted' },
      { actor: { reference: `Location/loc-${a.clinic}` }, status: 'accepted' },
    ],
  };
}

function patientResource(p: ZonePatient) {
  return {
    resourceType: 'Patient',
    id: p.id,
    name: [{ use: 'official', family: 'Tester', given: [p.firstName] }],
    telecom: [{ system: 'phone', use: 'mobile', value: `0${p.mobile.slice(3)}` }],
  };
}

/** Seeds the three clinics, every resource stamped an hour ago (a change query sees only what a test changes). */
export async function seedTwoZones(server: FhirTestServer): Promise<void> {
  const resources = [
    { resourceType: 'Organization', id: 'org-swan', name: 'Swan River Health' },
    { resourceType: 'Organization', id: 'org-hills', name: 'Hills Health' },
    { resourceType: 'Location', id: 'loc-bayside', name: 'Bayside' },
    { resourceType: 'Location', id: 'loc-swan', name: 'Swan River', managingOrganization: { reference: 'Organization/org-swan' } },
    { resourceType: 'Location', id: 'loc-hills', name: 'Hills', managingOrganization: { reference: 'Organization/org-hills' } },
    ...Object.values(ZONE_PRACTITIONERS).map((p) => ({ resourceType: 'Practitioner', id: p.id, name: [{ text: p.name }] })),
    ...Object.values(ZONE_PATIENTS).map(patientResource),
    ...Object.values(ZONE_APPOINTMENTS).flat().map(appointmentResource),
  ];
  for (const resource of resources) {
    await putResource(server.baseUrl, resource);
    server.stampLastUpdated(`${resource.resourceType}/${resource.id}`, Date.now() - 3_600_000);
  }
}
