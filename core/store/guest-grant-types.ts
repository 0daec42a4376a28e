import type { GuestLink } from '@clinic-arrivals/plugin-kit';

/**
 * Where a guest grant stands: `granted` (recorded, before any effect), `linked` (the provider
 * made the guest's link), `sent` (texted to the patient); `revoked` (staff or the API stopped
 * it) and `expired` (past its time) are final.
 */
export type GuestGrantState = 'granted' | 'linked' | 'sent' | 'revoked' | 'expired';

/** Who asked for a guest: the patient by text (`patient`), or reception (later). */
export type GuestGrantedBy = 'patient' | 'reception';

/** A guest grant as it is first recorded, before the provider is asked for a link. */
export interface NewGuestGrant {
  /** Random, at least 128 bits, base64url; the only id the provider and the link see. */
  grantId: string;
  /** What asked for it (the incoming message id): one grant per request, so a repeat finds the same grant. */
  requestKey: string;
  appointmentId: string;
  /** The provider's room id the guest joins. */
  roomId: string;
  grantedBy: GuestGrantedBy;
  /** Shown to the others in the call; never the patient's name. */
  displayName: string;
  /** When the link stops working (ISO). */
  expiresAt: string;
}

/** One guest grant as the store holds it. */
export interface GuestGrantRecord extends NewGuestGrant {
  state: GuestGrantState;
  /** The provider's link and its data (for revoking), once `linked`. */
  link?: GuestLink;
  createdAt: number;
  linkedAt?: number;
  sentAt?: number;
  /** When the provider first saw the guest in the call (providers with `guestJoinDetection`). */
  joinedAt?: number;
  revokedAt?: number;
  /** Staff user name or `api-token`, for a revoked grant. */
  revokedBy?: string;
}

/** States in which a grant counts against `video.maxGuests` (and can still be revoked). */
export const LIVE_GUEST_STATES: readonly GuestGrantState[] = ['granted', 'linked', 'sent'];
