/**
 * Two clinics on one FHIR server (Australia/Melbourne, 2026-11-23): North at Location
 * loc-north, South at loc-south (managed by Organization org-south), each with its own
 * practitioner and patients. Every appointment names its Location as an actor.
 */
import { putResource } from './fhir-seed.js';
import type { FhirTestServer } from './fhir-test-server.js';

export const GP_SERVICE = 'http://snomed.info/sct|394814009';

/** An appointment at a clinic, by its local time on the day (or another date). */
export function clinicAppointment(id: string, clinic: 'north' | 'south', start: string, extra: object = {}) {
  const n = clinic === 'north';
  return {
    resourceType: 'Appointment',
    id,
    status: 'booked',
    start,
    serviceType: [{ coding: [{ system: 'http://snomed.info/sct', code: '394814009' }] }],
    participant: [
      { actor: { reference: `Patient/${n ? 'pat-n1' : 'pat-s1'}` }, status: 'accepted' },
      { actor: { reference: `Practitioner/${n ? 'pr-north' : 'pr-south'}` }, status: 'accepted' },
      { actor: { reference: `Location/loc-${clinic}` }, status: 'accepted' },
    ],
    ...extra,
  };
}

const patient = (id: string, family: string, mobile: string) => ({
  resourceType: 'Patient',
  id,
  name: [{ use: 'official', family, given: ['Pat'] }],
  telecom: [{ system: 'phone', use: 'mobile', value: mobile }],
});

/** North: n-0900, n-1000, n-1100 and n-tomorrow; South: s-0900, s-1000. */
export async function seedTwoClinics(server: FhirTestServer): Promise<void> {
  const resources = [
    { resourceType: 'Organization', id: 'org-south', name: 'South Family Practice' },
    { resourceType: 'Location', id: 'loc-north', name: 'North' },
    { resourceType: 'Location', id: 'loc-south', name: 'South', managingOrganization: { reference: 'Organization/org-south' } },
    { resourceType: 'Practitioner', id: 'pr-north', name: [{ text: 'Dr North' }] },
    { resourceType: 'Practitioner', id: 'pr-south', name: [{ text: 'Dr South' }] },
    patient('pat-n1', 'Northey', '0411 000 001'),
    patient('pat-s1', 'Southey', '0411 000 002'),
    clinicAppointment('n-0900', 'north', '2026-11-23T09:00:00+11:00'),
    clinicAppointment('n-1000', 'north', '2026-11-23T10:00:00+11:00'),
    clinicAppointment('n-1100', 'north', '2026-11-23T11:00:00+11:00'),
    clinicAppointment('n-tomorrow', 'north', '2026-11-24T09:00:00+11:00'),
    clinicAppointment('s-0900', 'south', '2026-11-23T09:00:00+11:00'),
    clinicAppointment('s-1000', 'south', '2026-11-23T10:00:00+11:00'),
  ];
  for (const resource of resources) {
    await putResource(server.baseUrl, resource);
    // Written an hour ago, so a change query sees only what a test changes.
    server.stampLastUpdated(`${resource.resourceType}/${resource.id}`, Date.now() - 3_600_000);
  }
}
