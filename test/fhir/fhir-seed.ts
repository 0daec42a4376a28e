/**
 * Seeds a FHIR server over HTTP with the resources a PMS would hold for host-level
 * appointments: one Patient and Practitioner per distinct id, then the Appointment.
 */
import type { Appointment } from '@clinic-arrivals/plugin-kit';
import { AU_APPOINTMENT_TYPE_SYSTEM, AU_VIDEO_LINK_EXTENSION } from '../../plugins/pms-fhir-r4/options.js';

export type SeedInput = Omit<Appointment, 'id'> & { id?: string };
type Json = Record<string, unknown> & { id?: string };

/** POSTs (or PUTs, with an id) a resource and returns it as stored. */
export async function putResource(baseUrl: string, resource: Json): Promise<Json> {
  const url = resource.id ? `${baseUrl}/${resource.resourceType}/${resource.id}` : `${baseUrl}/${resource.resourceType}`;
  const response = await fetch(url, {
    method: resource.id ? 'PUT' : 'POST',
    headers: { 'content-type': 'application/fhir+json' },
    body: JSON.stringify(resource),
  });
  if (!response.ok) throw new Error(`seeding ${resource.resourceType} failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as Json;
}

/** GETs a resource as JSON (the raw stored form, for field-by-field comparisons). */
export async function getResource(baseUrl: string, reference: string): Promise<Json> {
  const response = await fetch(`${baseUrl}/${reference}`);
  if (!response.ok) throw new Error(`GET ${reference} failed: ${response.status}`);
  return (await response.json()) as Json;
}

/** Creates Patient, Practitioner and Appointment resources; returns the appointments with server ids. */
export async function seedAppointments(baseUrl: string, inputs: SeedInput[]): Promise<Appointment[]> {
  const patients = new Map<string, string>();
  const practitioners = new Map<string, string>();
  const stored: Appointment[] = [];
  for (const input of inputs) {
    let patientId = patients.get(input.patient.id);
    if (!patientId) {
      const [first, ...rest] = input.patient.name.split(' ');
      const patient = await putResource(baseUrl, {
        resourceType: 'Patient',
        name: [{ use: 'official', text: input.patient.name, given: [input.patient.firstName ?? first], family: rest.join(' ') || undefined }],
        telecom: input.patient.mobile ? [{ system: 'phone', use: 'mobile', value: input.patient.mobile }] : [],
      });
      patientId = patient.id!;
      patients.set(input.patient.id, patientId);
    }
    let practitionerId = practitioners.get(input.practitioner.id);
    if (!practitionerId) {
      const practitioner = await putResource(baseUrl, { resourceType: 'Practitioner', name: [{ text: input.practitioner.name }] });
      practitionerId = practitioner.id!;
      practitioners.set(input.practitioner.id, practitionerId);
    }
    const appointment = await putResource(baseUrl, {
      resourceType: 'Appointment',
      ...(input.id ? { id: input.id } : {}),
      status: input.status,
      start: input.start,
      ...(input.end ? { end: input.end } : {}),
      ...(input.created ? { created: input.created } : {}),
      ...(input.isVideo ? { appointmentType: { coding: [{ system: AU_APPOINTMENT_TYPE_SYSTEM, code: 'teleconsultation' }] } } : {}),
      ...(input.videoLink ? { extension: [{ url: AU_VIDEO_LINK_EXTENSION, valueUrl: input.videoLink }] } : {}),
      participant: [
        { actor: { reference: `Patient/${patientId}` }, status: 'accepted' },
        { actor: { reference: `Practitioner/${practitionerId}` }, status: 'accepted' },
      ],
    });
    stored.push({
      ...input,
      id: appointment.id!,
      patient: { ...input.patient, id: patientId },
      practitioner: { ...input.practitioner, id: practitionerId },
    });
  }
  return stored;
}
