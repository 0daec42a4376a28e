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
}

export interface VideoRoomRequest {
  appointmentId: string;
  /** Appointment start and end (ISO); links may expire after end plus a grace period. */
  start: string;
  end?: string;
  /** Display names for the two parties (used inside tokens, never in room names). */
  patientDisplayName: string;
  practitionerDisplayName: string;
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
}
