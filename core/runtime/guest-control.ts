import type { Clock } from '@clinic-arrivals/plugin-kit';
import { revokeGuestGrant } from '../executor/guest-revocation.js';
import { NotFoundError } from '@clinic-arrivals/plugin-kit';
import type { BookedGuestInput, GuestBookingOutcome, GuestControl, GuestGrantView, GuestRevocation } from '../api/host-api.js';
import { maskedPhone } from '../api/views.js';
import type { EngineAppointment, EngineSettings } from '../engine/decisions.js';
import { bookGuest } from './guest-booking.js';
import type { VideoGateway } from '../executor/video-gateway.js';
import type { GuestGrantRecord, Store } from '../store/store.js';
import type { SerialLane } from './serial-lane.js';

export interface RuntimeGuestsDeps {
  store: Store;
  clock: Clock;
  lane: SerialLane;
  video: VideoGateway;
  /** For booking: the engine settings and the appointments as last read (today and coming days). */
  settings?: EngineSettings;
  appointments?: () => Promise<EngineAppointment[]>;
  /** Runs the today pass now: a guest booked after the invite is texted straight away. */
  runTodayCycle?: () => Promise<void>;
}

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

/** What reception sees of a grant: ids, state, who and when; never the link or a number. */
export function guestGrantView(grant: GuestGrantRecord): GuestGrantView {
  const view: GuestGrantView = {
    grantId: grant.grantId,
    state: grant.state,
    grantedBy: grant.grantedBy,
    displayName: grant.displayName,
    createdAt: iso(grant.createdAt)!,
    expiresAt: grant.expiresAt,
  };
  if (grant.sentAt !== undefined) view.sentAt = iso(grant.sentAt)!;
  if (grant.joinedAt !== undefined) view.joinedAt = iso(grant.joinedAt)!;
  if (grant.revokedAt !== undefined) view.revokedAt = iso(grant.revokedAt)!;
  if (grant.revokedBy !== undefined) view.revokedBy = grant.revokedBy;
  if (grant.kind !== undefined) view.kind = grant.kind;
  if (grant.phone !== undefined) view.phoneMasked = maskedPhone(grant.phone);
  if (grant.patientToldAt !== undefined) view.patientToldAt = iso(grant.patientToldAt)!;
  return view;
}

/**
 * Guests of a video consult for reception and the API: list, revoke. Revoking runs in the
 * serial lane, so it never interleaves with a grant being made: a grant revoked before its
 * link exists stays revoked (the store only moves `granted` to `linked`).
 */
export class RuntimeGuests implements GuestControl {
  constructor(private readonly deps: RuntimeGuestsDeps) {}

  async list(appointmentId: string): Promise<GuestGrantView[]> {
    return (await this.deps.store.listGuestGrants(appointmentId)).map(guestGrantView);
  }

  async book(appointmentId: string, input: BookedGuestInput, by: string): Promise<GuestBookingOutcome> {
    const { settings, appointments } = this.deps;
    if (!settings || !appointments) return { ok: false, reason: 'guests-off', message: 'this host books no guests' };
    const outcome = await this.deps.lane.run(() => bookGuest({ ...this.deps, settings, appointments }, appointmentId, input, by));
    if (!outcome.ok) return outcome;
    // After the invite the guest gets their link now, not at the next poll. The pass runs in the
    // lane itself; a failed pass is on the status board and the loop runs it again.
    if (outcome.inviteOut && this.deps.runTodayCycle) await this.deps.runTodayCycle().catch(() => undefined);
    const latest = (await this.deps.store.getGuestGrant(outcome.grant.grantId)) ?? outcome.grant;
    return { ok: true, grant: guestGrantView(latest), inviteOut: outcome.inviteOut };
  }

  revoke(appointmentId: string, grantId: string, by: string): Promise<GuestRevocation> {
    return this.deps.lane.run(async () => {
      const grant = await this.deps.store.getGuestGrant(grantId);
      if (!grant || grant.appointmentId !== appointmentId) throw new NotFoundError(`no guest ${grantId} for appointment ${appointmentId}`);
      const revocation = await revokeGuestGrant(this.deps, grant, by);
      return { ...revocation, grant: guestGrantView(revocation.grant) };
    });
  }
}
