import type { Clock, VideoRoom } from '@clinic-arrivals/plugin-kit';
import type { ActivityEntry, GuestGrantRecord, Store } from '../store/store.js';
import type { VideoGateway } from './video-gateway.js';

/** How one revocation went: `changed` false when the grant was final already. */
export interface GrantRevocation {
  grant: GuestGrantRecord;
  changed: boolean;
  /** The provider took a guest who was in the call out of it. */
  removedFromCall: boolean;
}

/** The grant's room as progress holds it (with its provider data), or its id alone when progress moved on. */
async function roomOf(store: Store, grant: GuestGrantRecord): Promise<VideoRoom> {
  const room = (await store.loadProgress([grant.appointmentId])).get(grant.appointmentId)?.room;
  return room?.roomId === grant.roomId ? room : { roomId: grant.roomId, patientLink: '', practitionerLink: '' };
}

/**
 * Revokes one live grant: at the provider first (a grant shown revoked must not still let the
 * guest in), then in the store with who and when. A final grant is left as it is. Callers run
 * it in the serial lane (the executor already does), so it never interleaves with a grant
 * being made: a grant revoked before its link exists stays revoked.
 */
export async function revokeGuestGrant(
  deps: { store: Store; video: VideoGateway; clock: Clock },
  grant: GuestGrantRecord,
  by: string,
  /** The activity line to record with the revocation (in the store's same write), given whether the guest was taken out of the call. */
  activity?: (removedFromCall: boolean) => Omit<ActivityEntry, 'id'>,
): Promise<GrantRevocation> {
  const { store, video, clock } = deps;
  if (grant.state === 'revoked' || grant.state === 'expired') return { grant, changed: false, removedFromCall: false };
  let removedFromCall = false;
  if (grant.link) removedFromCall = (await video.revokeGuest(await roomOf(store, grant), grant.link)).removedFromCall;
  const revoked = (await store.revokeGuestGrant(grant.grantId, by, clock.now(), activity?.(removedFromCall)))!;
  return { grant: revoked, changed: true, removedFromCall };
}
