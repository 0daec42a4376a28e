import type { BookedGuestFact } from '../engine/decisions.js';
import type { GuestGrantRecord } from '../store/store.js';

/** The engine's view of the live guests reception booked, per appointment id (grants without a kind or number are skipped). */
export function bookedGuestFacts(grants: readonly GuestGrantRecord[]): Map<string, BookedGuestFact[]> {
  const byAppointment = new Map<string, BookedGuestFact[]>();
  for (const grant of grants) {
    if (!grant.kind || !grant.phone || grant.state === 'revoked' || grant.state === 'expired') continue;
    const fact: BookedGuestFact = {
      grantId: grant.grantId,
      requestKey: grant.requestKey,
      state: grant.state,
      kind: grant.kind,
      displayName: grant.displayName,
      phone: grant.phone,
      patientTold: grant.patientToldAt !== undefined,
    };
    const list = byAppointment.get(grant.appointmentId);
    if (list) list.push(fact);
    else byAppointment.set(grant.appointmentId, [fact]);
  }
  return byAppointment;
}
