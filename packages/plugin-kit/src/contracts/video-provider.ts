/**
 * The video-provider port. Implemented by `video-openvidu`, `video-jitsi`, …
 * Capabilities are declared, never guessed: the host only asks `hasPatientJoined`
 * when `capabilities.joinDetection` is true.
 */
export interface VideoCapabilities {
  /** The provider can tell that the *patient* (not just anyone) has joined the room. */
  joinDetection: boolean;
  /** Patient and practitioner links carry different roles. */
  roleLinks: boolean;
  /** Links stop working after the appointment (plus grace). */
  expiringLinks: boolean;
  /**
   * The provider makes guest links ({@link VideoProvider.createGuestLink}): the same room, role
   * `guest`, never moderator, not counted as the patient joining. Optional: absent means false.
   */
  guestLinks?: boolean;
  /** {@link VideoProvider.revokeGuest} also removes a guest who is already in the call. */
  guestRemoval?: boolean;
  /** The provider can tell which guests are in the call ({@link VideoProvider.guestsInCall}). Since 2.2.0. */
  guestJoinDetection?: boolean;
}

/** One guest the patient (or the clinic) let into a consult. */
export interface GuestGrant {
  /** The host's random id for this grant (at least 128 bits); never the appointment id. */
  grantId: string;
  /** Shown to the others in the call: "Guest", or what the guest typed; never the patient's name. */
  displayName: string;
  /** When the link stops working (ISO): no later than the room's own expiry. */
  expiresAt: string;
}

/** A guest's own link into the room. */
export interface GuestLink {
  grantId: string;
  /** The link to pass on. Carries no appointment id, name or number. */
  link: string;
  /** When it stops working (ISO). */
  expiresAt: string;
  /** Provider-specific data the plugin needs to revoke it (e.g. a connection id). Stored by the host. */
  providerData?: Record<string, unknown>;
}

export interface VideoRoomRequest {
  appointmentId: string;
  /** Appointment start and end (ISO); links may expire after end plus a grace period. */
  start: string;
  end?: string;
  /** Display names for the two parties (used inside tokens, never in room names). */
  patientDisplayName: string;
  practitionerDisplayName: string;
  /**
   * The patient's language (BCP 47), for pages the provider serves to the patient (a join page
   * may carry it in the link, e.g. `?lang=vi`). Never identifies the patient. Since kit 2.2.0.
   */
  language?: string;
}

export interface VideoRoom {
  /** Provider's room id: random, at least 128 bits, reveals nothing about clinic or patient. */
  roomId: string;
  /** The link texted to the patient. */
  patientLink: string;
  /** The link written into the PMS for the practitioner. */
  practitionerLink: string;
  /** When the links stop working (ISO), if they expire. */
  expiresAt?: string;
  /** Provider-specific data the plugin needs later (e.g. connection ids). Stored by the host. */
  providerData?: Record<string, unknown>;
}

export interface VideoProvider {
  readonly capabilities: VideoCapabilities;
  createRoom(request: VideoRoomRequest): Promise<VideoRoom>;
  /** Close the room (or revoke its tokens). Idempotent: closing a gone room succeeds. */
  closeRoom(room: VideoRoom): Promise<void>;
  /** Only called when `capabilities.joinDetection` is true. */
  hasPatientJoined?(room: VideoRoom): Promise<boolean>;
  /**
   * Whether a room made earlier still works. Implement it only when rooms can vanish on the
   * provider's side (OpenVidu drops sessions on its garbage collection or a restart); the host
   * asks before it reuses a stored room, and on `false` makes a new room and texts and records
   * the new links. Without this method a stored room is always reused.
   *
   * Resolve `false` only when the provider positively says the room is gone (e.g. HTTP 404),
   * or it is past the time its links work. A network failure, timeout or 5xx must throw (a typed
   * error such as `UnavailableError`), never resolve `false`: a hiccup must not replace a room
   * whose link the patient may already hold.
   */
  roomIsOpen?(room: VideoRoom): Promise<boolean>;
  /**
   * A further link for the patient into the same room, for providers whose links work only
   * once (an OpenVidu token is used up by the first join). The host asks for one when it
   * texts the link again after the patient may have used it (DoctorReadyVideo: "the doctor is
   * ready"), so a patient who closed the page can get back in. Without this method the host
   * re-sends `room.patientLink`, which must then keep working until the room closes.
   */
  patientRejoinLink?(room: VideoRoom, request: VideoRoomRequest): Promise<string>;
  /**
   * A link for one guest into the same room (only when `capabilities.guestLinks`): role guest,
   * never moderator, working until `grant.expiresAt` at the latest, and never counted by
   * `hasPatientJoined`. Idempotent per `grant.grantId`: asked again (after a crash) it returns a
   * link for the same grant, not a second guest.
   */
  createGuestLink?(room: VideoRoom, grant: GuestGrant): Promise<GuestLink>;
  /**
   * Stops a guest's link from working. Resolves `removedFromCall: true` when a guest already in
   * the call was removed (`capabilities.guestRemoval`). Idempotent: revoking twice succeeds.
   */
  revokeGuest?(room: VideoRoom, guest: GuestLink): Promise<{ removedFromCall: boolean }>;
  /**
   * The grant ids of the guests in the call right now (only when
   * `capabilities.guestJoinDetection`), so the host can record when each guest joined. Never
   * includes the patient or the practitioner. Since 2.2.0.
   */
  guestsInCall?(room: VideoRoom): Promise<string[]>;
}
