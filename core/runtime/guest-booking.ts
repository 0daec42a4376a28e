import { randomUUID } from 'node:crypto';
import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { BookedGuestInput, GuestBookingOutcome } from '../api/host-api.js';
import { bookedGuestExpiry } from '../engine/booked-guest-plan.js';
import type { EngineAppointment, EngineSettings } from '../engine/decisions.js';
import { CLOSED_STATUSES, endOf, isVideoConsult } from '../engine/facts.js';
import { newGuestGrantId } from '../executor/guest-steps.js';
import { isLikelyMobile, toE164 } from '../phone/normalise.js';
import { LIVE_GUEST_STATES } from '../store/guest-grant-types.js';
import type { GuestGrantRecord, Store } from '../store/store.js';

/** The longest name reception may type for a booked guest (it goes into texts). */
export const GUEST_NAME_MAX_CHARS = 60;

export interface GuestBookingDeps {
  store: Store;
  clock: Clock;
  settings: EngineSettings;
  /** Today's and coming days' appointments as last read from the PMS (inside the lane). */
  appointments: () => Promise<EngineAppointment[]>;
}

const same = (a: string | undefined, b: string): boolean => a !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Books a guest reception adds to a video consult (an interpreter, an outside clinician):
 * checked, then recorded in state `booked`. The link and the texts follow at the patient's
 * invite (see core/engine/booked-guest-plan.ts). Call inside the serial lane, so the count of
 * live guests cannot race a GUEST reply.
 */
export async function bookGuest(
  deps: GuestBookingDeps,
  appointmentId: string,
  input: BookedGuestInput,
  by: string,
): Promise<GuestBookingOutcome<GuestGrantRecord>> {
  const { store, clock, settings } = deps;
  const appointment = (await deps.appointments()).find((a) => a.id === appointmentId);
  if (!appointment) return { ok: false, reason: 'not-found', message: `no appointment ${appointmentId} today or in the coming days` };
  const progress = (await store.loadProgress([appointmentId])).get(appointmentId);
  const now = clock.now();
  if (CLOSED_STATUSES.has(appointment.status) || now >= endOf(appointment) + settings.workflow.closeRoomsAfterMinutes * 60_000) {
    return { ok: false, reason: 'closed', message: 'this consult is over or cancelled' };
  }
  if (!isVideoConsult(appointment, progress)) return { ok: false, reason: 'not-video', message: 'guests can join video consults only' };
  const guests = settings.guests;
  if (!guests || guests.max <= 0 || !guests.linksAvailable) {
    return { ok: false, reason: 'guests-off', message: 'guests are off, or the video service makes no guest links' };
  }
  const displayName = input.displayName.trim().replace(/\s+/g, ' ');
  if (displayName === '' || displayName.length > GUEST_NAME_MAX_CHARS) {
    return { ok: false, reason: 'invalid-name', message: `the name must be 1 to ${GUEST_NAME_MAX_CHARS} characters` };
  }
  // The name is shown to the others in the call and texted: never the patient's own.
  if (same(appointment.patient.name, displayName) || same(appointment.patient.firstName, displayName)) {
    return { ok: false, reason: 'patient-name', message: "the guest's name must not be the patient's" };
  }
  const phone = toE164(input.phone, settings.clinic.region);
  if (!phone || !isLikelyMobile(phone, settings.clinic.region)) {
    return { ok: false, reason: 'invalid-phone', message: 'the number is not a mobile number that can get texts' };
  }
  if (phone === appointment.mobileE164) return { ok: false, reason: 'patient-phone', message: "the guest's number must not be the patient's" };
  const live = (await store.listGuestGrants(appointmentId)).filter((g) => LIVE_GUEST_STATES.includes(g.state)).length;
  if (live >= guests.max) return { ok: false, reason: 'limit', message: `this consult has ${live} guests already (video.maxGuests ${guests.max})` };
  const grant: GuestGrantRecord = await store.bookGuest(
    {
      grantId: newGuestGrantId(),
      requestKey: `reception:${randomUUID()}`,
      appointmentId,
      kind: input.kind,
      displayName,
      phone,
      bookedBy: by,
      expiresAt: bookedGuestExpiry(appointment, progress, settings),
    },
    now,
  );
  return { ok: true, grant, inviteOut: progress?.videoInviteSentAt !== undefined };
}
