/** An Appointment full of fields the plugin must not touch, and the check that it did not. */
import { expect } from 'chai';

export const OTHER_EXTENSION = { url: 'http://pms.example/fhir/StructureDefinition/room', valueString: 'Room 7' };

/** An appointment carrying many fields the plugin has no business touching. */
export function richAppointment(id: string) {
  return {
    resourceType: 'Appointment',
    id,
    meta: { tag: [{ system: 'http://pms.example/tags', code: 'imported' }] },
    text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Visit</div>' },
    contained: [{ resourceType: 'Location', id: 'loc', name: 'Room 7' }],
    extension: [OTHER_EXTENSION],
    identifier: [{ system: 'http://pms.example/appt', value: 'A-1001' }],
    status: 'booked',
    serviceType: [{ coding: [{ system: 'http://pms.example/service', code: 'gp' }] }],
    appointmentType: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0276', code: 'ROUTINE' }] },
    reasonCode: [{ text: 'Check-up' }],
    priority: 5,
    description: 'Standard consult',
    start: '2026-11-23T09:00:00+11:00',
    _start: { extension: [{ url: 'http://pms.example/fhir/StructureDefinition/original-tz', valueString: 'Australia/Melbourne' }] },
    end: '2026-11-23T09:15:00+11:00',
    minutesDuration: 15,
    comment: 'Bring referral',
    participant: [
      { actor: { reference: 'Patient/p1', display: 'Someone' }, status: 'accepted', required: 'required' },
      { actor: { reference: 'Practitioner/d1' }, status: 'accepted' },
      { actor: { reference: '#loc' }, status: 'accepted' },
    ],
  };
}

/** Every top-level field except `meta`'s version stamps must be equal, bar the ones listed. */
export function expectOnlyChanged(before: Record<string, unknown>, after: Record<string, unknown>, changed: string[]): void {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (changed.includes(key)) continue;
    if (key === 'meta') {
      const { versionId: _a, lastUpdated: _b, ...restBefore } = before.meta as Record<string, unknown>;
      const { versionId: _c, lastUpdated: _d, ...restAfter } = after.meta as Record<string, unknown>;
      expect(restAfter, 'meta (apart from version stamps)').to.deep.equal(restBefore);
      continue;
    }
    expect(after[key], key).to.deep.equal(before[key]);
  }
}
