import type { GuestLink } from '@clinic-arrivals/plugin-kit';

/**
 * Where a guest grant stands: `booked` (reception booked the guest; no room or link yet),
 * `granted` (recorded, before any effect), `linked` (the provider made the guest's link), `sent`
 * (texted: to the patient for a patient's guest, to the guest for a booked one); `revoked`
 * (staff, the API or the patient stopped it) and `expired` (past its time) are final.
 */
export type GuestGrantState = 'booked' | 'granted' | 'linked' | 'sent' | 'revoked' | 'expired';

/** Who asked for a guest: the patient by text (`patient`), or reception (a booked guest). */
export type GuestGrantedBy = 'patient' | 'reception';

/** What a guest booked by reception is there for. */
export type BookedGuestKind = 'interpreter' | 'clinician';

/** The kinds of booked guest, in display order. */
export const BOOKED_GUEST_KINDS: readonly BookedGuestKind[] = ['interpreter', 'clinician'];

/** A guest grant as it is first recorded, before the provider is asked for a link. */
export interface NewGuestGrant {
  /** Random, at least 128 bits, base64url; the only id the provider and the link see. */
  grantId: string;
  /** What asked for it (the incoming message id): one grant per request, so a repeat finds the same grant. */
  requestKey: string;
  appointmentId: string;
  /** The provider's room id the guest joins; '' for a booked guest until the invite makes its grant. */
  roomId: string;
  grantedBy: GuestGrantedBy;
  /** Shown to the others in the call; never the patient's name. */
  displayName: string;
  /** When the link stops working (ISO). */
  expiresAt: string;
}

/** A guest reception books (state `booked`): the guest is texted their own link at the patient's invite. */
export interface NewBookedGuest {
  grantId: string;
  /** One booking per request (the API's request id): a repeated request finds the same guest. */
  requestKey: string;
  appointmentId: string;
  kind: BookedGuestKind;
  /** What reception typed: shown in the call and in the patient's text; never the patient's name. */
  displayName: string;
  /** The guest's mobile, E.164. Stored to text the link; never shown in logs, status pages or the guest list. */
  phone: string;
  /** Staff user name or `api-token`. */
  bookedBy: string;
  /** When the link will stop working (ISO), as known at booking; set again when the grant is made. */
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
  /** Staff user name, `api-token`, or `patient` (a NO GUEST reply), for a revoked grant. */
  revokedBy?: string;
  /** Booked guests only: interpreter or clinician. */
  kind?: BookedGuestKind;
  /** Booked guests only: their mobile, E.164 (never shown). */
  phone?: string;
  /** Booked guests only: who booked them. */
  bookedBy?: string;
  /** Booked guests only: when the patient was told (`GuestAdded`). */
  patientToldAt?: number;
}

/** States in which a grant counts against `video.maxGuests` (and can still be revoked). */
export const LIVE_GUEST_STATES: readonly GuestGrantState[] = ['booked', 'granted', 'linked', 'sent'];
