import type { Clock, VideoRoom } from '@clinic-arrivals/plugin-kit';
import { NotFoundError } from '@clinic-arrivals/plugin-kit';
import type { GuestControl, GuestGrantView, GuestRevocation } from '../api/host-api.js';
import type { VideoGateway } from '../executor/video-gateway.js';
import type { GuestGrantRecord, Store } from '../store/store.js';
import type { SerialLane } from './serial-lane.js';

export interface RuntimeGuestsDeps {
  store: Store;
  clock: Clock;
  lane: SerialLane;
  video: VideoGateway;
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

  revoke(appointmentId: string, grantId: string, by: string): Promise<GuestRevocation> {
    return this.deps.lane.run(async () => {
      const { store, clock, video } = this.deps;
      const grant = await store.getGuestGrant(grantId);
      if (!grant || grant.appointmentId !== appointmentId) throw new NotFoundError(`no guest ${grantId} for appointment ${appointmentId}`);
      if (grant.state === 'revoked' || grant.state === 'expired') return { grant: guestGrantView(grant), changed: false, removedFromCall: false };
      let removedFromCall = false;
      if (grant.link) {
        // The provider first: a grant shown revoked must not still let the guest in.
        const result = await video.revokeGuest(await this.roomOf(grant), grant.link);
        removedFromCall = result.removedFromCall;
      }
      const revoked = (await store.revokeGuestGrant(grantId, by, clock.now()))!;
      return { grant: guestGrantView(revoked), changed: true, removedFromCall };
    });
  }

  /** The grant's room as progress holds it (with its provider data), or its id alone when progress moved on. */
  private async roomOf(grant: GuestGrantRecord): Promise<VideoRoom> {
    const room = (await this.deps.store.loadProgress([grant.appointmentId])).get(grant.appointmentId)?.room;
    return room?.roomId === grant.roomId ? room : { roomId: grant.roomId, patientLink: '', practitionerLink: '' };
  }
}
