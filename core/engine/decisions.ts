import type { Appointment } from '@clinic-arrivals/plugin-kit';
import type { AppointmentProgress, PractitionerSettings } from './progress.js';
import type { IncomingRecord } from './incoming-record.js';
import type { ClinicInfo } from '@clinic-arrivals/plugin-kit';
import type { WorkflowSettings, Intent } from './workflow-settings.js';
import type { ReplyWordLists } from './keyword-lists.js';

/** Every message the host can send; each has a default Liquid template (core/templates/defaults.ts). */
export const TEMPLATE_NAMES = [
  'Registration',
  'ConsiderTeleHealth',
  'CantConsiderTeleHealth',
  'VideoWelcome',
  'ScreeningYesToVideo',
  'ScreeningNoToVideo',
  'ScreeningDontUnderstand',
  'VideoInvite',
  'VideoThanks',
  'VideoDontUnderstand',
  'ArrivedThanks',
  'ArrivingDontUnderstand',
  'DoctorReady',
  'DoctorReadyVideo',
  'UnknownPhone',
  'TooManyAppointments',
  'Unexpected',
  'Cancellation',
  'Help',
  'StaffReply',
  'GuestLink',
  'GuestNoVideo',
  'GuestLimit',
  'GuestUnavailable',
  'JoinCode',
  'JoinCodeLimit',
  'JoinCodeNone',
  'GuestBooked',
  'GuestAdded',
  'GuestRefused',
  'GuestNoneToRefuse',
  // Issue 18: confirm or cancel by reply, which appointment a reply means, running late.
  'RegistrationConfirm',
  'ConfirmThanks',
  'CancelRequested',
  'ConfirmDontUnderstand',
  'WhichAppointment',
  'RunningLate',
  'WaitEstimate',
  'WaitOnTime',
  'HostStarted',
  'HostStopped',
  'AlertFailing',
  'AlertRecovered',
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** An appointment prepared for the engine: mobile normalised, times parsed once. */
export interface EngineAppointment extends Appointment {
  /** Patient mobile in E.164, or undefined when missing/unusable. */
  mobileE164?: string;
  startMs: number;
  endMs?: number;
}

/** Everything the engine decides from. Plain data, no I/O. */
export interface EngineState {
  /** Epoch ms, from the injected clock. */
  now: number;
  /** Today's and coming days' appointments as last read from the PMS. */
  appointments: EngineAppointment[];
  progress: Map<string, AppointmentProgress>;
  practitioners: Map<string, PractitionerSettings>;
  /** Messages sent (or attempted) per E.164 number since the start of today (clinic time). */
  sentToday: Map<string, number>;
  /** E.164 numbers that have opted out. */
  optedOut: Set<string>;
  /** Appointment ids whose patient the video provider saw join. */
  patientJoined: Set<string>;
  /** Live guest grants per appointment id (what counts against `video.maxGuests`); none when absent. */
  guestGrants?: Map<string, number>;
  /** Join locks per appointment id (`video.verifyJoin`); none when absent. */
  joinLocks?: Map<string, JoinLockFacts>;
  /** Live guests booked by reception, per appointment id, oldest first; none when absent. */
  bookedGuests?: Map<string, BookedGuestFact[]>;
}

/** What the engine knows of an appointment's join lock (never its code or secret). */
export interface JoinLockFacts {
  /** Codes made for it so far, the first included (what counts against `JoinCodeSettings.maxCodes`). */
  codesIssued: number;
  /** Withdrawn from the gate (the room closed): no more codes. */
  withdrawn: boolean;
}

/** What the engine knows of a guest reception booked (see core/engine/booked-guest-plan.ts). */
export interface BookedGuestFact {
  grantId: string;
  /** The grant's request key: what the guest's text finds its link by. */
  requestKey: string;
  state: 'booked' | 'granted' | 'linked' | 'sent';
  kind: 'interpreter' | 'clinician';
  /** Reception's words for the guest (shown in the call and to the patient). */
  displayName: string;
  /** The guest's mobile, E.164. */
  phone: string;
  /** The patient was told (`GuestAdded`). */
  patientTold: boolean;
}

/** The engine's fixed settings, derived from config once. */
export interface EngineSettings {
  clinic: ClinicInfo;
  workflow: WorkflowSettings;
  /** Video is on (a video plugin other than `none` is configured). */
  videoEnabled: boolean;
  /** Normalised keyword → intent (defaults plus config extras). */
  keywords: Map<string, Intent>;
  /**
   * Reply words per language (issue 16): the shipped lists plus `workflow.keywords` and
   * `workflow.keywordsByLanguage`, English being `keywords` (the fallback for every language).
   * Absent: built from `workflow` and `keywords` when first needed.
   */
  replyWords?: ReplyWordLists;
  /** Whitelist as a set of E.164 numbers (empty = everyone). */
  whitelist: Set<string>;
  /** Guests in video consults: absent or `max` 0 means off; `linksAvailable` is the video provider's `guestLinks` capability. */
  guests?: GuestSettings;
  /** `video.verifyJoin`: the patient's link asks for a texted code. Absent means off. */
  joinCode?: JoinCodeSettings;
  /** What the PMS plugin can write besides arrivals (its optional contract methods). Absent means neither. */
  pms?: { canConfirm: boolean; canCancel: boolean };
}

/** The join code in front of a patient's video link (issue 15). */
export interface JoinCodeSettings {
  /** `video.joinCodeMinutes`: how long a code is accepted. */
  minutes: number;
  /** Codes per appointment, the first included; then `JoinCodeLimit`. */
  maxCodes: number;
}

/**
 * With `withVideoUrl`: text the appointment's join-gate link instead of the provider's. The
 * executor records the lock first (one per appointment, its first code keyed `issueKey`), then
 * publishes it with the provider's link as target (again when the target changed, e.g. a
 * rejoin link) and texts the url the gate gave back.
 */
export interface JoinLockTerms {
  /** When the lock stops working (ISO): the room's close, at most a day after `now`. */
  expiresAt: string;
  /** How long the first code is accepted. */
  codeMinutes: number;
  /** The key of the JoinCode text that carries the first code (its issue key). */
  issueKey: string;
}

/** What the engine needs to answer a GUEST reply. */
export interface GuestSettings {
  /** `video.maxGuests`: live guests per consult. */
  max: number;
  /** The video provider makes guest links. */
  linksAvailable: boolean;
}

/** Things the executor does, in order, stopping at the first failure. */
export type Effect =
  /** Create the appointment's video room unless progress has one that is still open (see VideoProvider.roomIsOpen); saves it to progress. */
  | { type: 'ensureVideoRoom'; appointment: EngineAppointment }
  /** Write the video-consult type and the practitioner link into the PMS; sets progress.videoRecordedInPms. */
  | { type: 'recordVideoInPms'; appointment: EngineAppointment }
  | {
      type: 'send';
      /** Idempotency key: the executor sends at most once per key. */
      key: string;
      to: string;
      template: TemplateName;
      appointment?: EngineAppointment;
      /** Step variables for the template (`room`, …). `url` is filled by the executor from the room. */
      vars?: Record<string, string>;
      /** Fill `url` from the appointment's video room (patient link). */
      withVideoUrl?: boolean;
      /** With `withVideoUrl`: the patient may have used the room's link already; ask the provider for a rejoin link. */
      rejoinVideoUrl?: boolean;
      /** This is the last message the number gets today (daily cap): the executor appends a notice. */
      lastToday?: boolean;
      /** Fill `url` from the guest link of the grant made for this request (see `grantGuest`). */
      guestRequestKey?: string;
      /** With `withVideoUrl`: the link goes behind the appointment's join lock (see {@link JoinLockTerms}). */
      joinLock?: JoinLockTerms;
      /** Fill `code` from the join lock of this appointment id (JoinCode texts). */
      joinCodeOf?: string;
      /**
       * Instants (epoch ms) the template layer formats in the message's language and the clinic's
       * zone: `estimate` as a time (`{{ estimate }}`, e.g. "10:40 am"); `choices` as a list of
       * starts, day and time (`{{ choices }}`, e.g. "Fri 5 Dec, 2:00 pm or Tue 9 Dec, 9:30 am").
       */
      times?: { estimate?: number; choices?: number[] };
      /** The language to write in when the text is about no one appointment (BCP 47); else the appointment's. */
      language?: string;
    }
  | { type: 'markArrived'; appointment: EngineAppointment }
  /**
   * The patient confirmed by text: the PMS records it (the patient participant `accepted`, and the
   * time of the confirmation where the clinic can see it), nothing else. `confirmedAt` is decided
   * once (ISO), so a repeat writes the same thing or nothing.
   */
  | { type: 'confirmInPms'; appointment: EngineAppointment; confirmedAt: string }
  /** The patient cancelled by text: the PMS sets `cancelled` with reason `pat` when the visit is still before arrival; otherwise nothing. */
  | { type: 'cancelInPms'; appointment: EngineAppointment }
  | { type: 'closeVideoRoom'; appointmentId: string }
  /**
   * Records a guest grant for the appointment's room (once per `requestKey`, before any other
   * effect of it), then asks the video provider for the guest's link and stores it. Repeating
   * it finishes the same grant, never a second one.
   */
  | { type: 'grantGuest'; appointment: EngineAppointment; requestKey: string; displayName: string; expiresAt: string }
  /** The guest link of `requestKey`'s grant was texted: the grant becomes `sent`. */
  | { type: 'guestSent'; requestKey: string }
  /**
   * A new code for the appointment's join lock, recorded once per `issueKey` (a key already
   * issued changes nothing), then the lock republished (which also clears wrong attempts).
   */
  | { type: 'issueJoinCode'; appointment: EngineAppointment; issueKey: string; codeMinutes: number; maxCodes: number }
  /** Takes the appointment's join lock off the gate (its room closed) and records that; idempotent. */
  | { type: 'withdrawJoinLock'; appointmentId: string }
  /**
   * A guest reception booked: makes the grant for the appointment's open room (`booked` →
   * `granted`), then asks the provider for the link and stores it. Repeating it finishes the
   * same grant; a grant already linked (or revoked meanwhile) is left as it is.
   */
  | { type: 'linkBookedGuest'; appointment: EngineAppointment; grantId: string; expiresAt: string }
  /** The patient was told of the booked guest (`GuestAdded` went out). */
  | { type: 'bookedGuestTold'; grantId: string }
  /**
   * Revokes these guests of the appointment (the provider first, then the store with `by`),
   * each recorded in the activity log; grants already final are left as they are.
   */
  | { type: 'revokeGuests'; appointmentId: string; grantIds: string[]; by: 'patient' }
  | { type: 'saveProgress'; appointmentId: string; patch: Partial<AppointmentProgress> }
  | { type: 'setOptOut'; phone: string; optedOut: boolean }
  | { type: 'setIncomingState'; messageId: string; state: IncomingRecord['state']; reason?: string; appointmentId?: string }
  /** A message the engine wanted to send but policy stopped (cap, whitelist, opt-out, quiet hours). Logged, never sent. */
  | { type: 'suppressed'; reason: 'daily-cap' | 'whitelist' | 'opted-out' | 'quiet-hours'; key: string; appointmentId?: string };

export type StepName =
  | 'registration'
  | 'screening'
  | 'screening-reply'
  | 'video-invite'
  | 'joined'
  | 'arrival'
  | 'doctor-ready'
  | 'unknown-phone'
  | 'too-many-appointments'
  | 'unexpected'
  | 'cancellation'
  | 'opt-out'
  | 'opt-in'
  | 'help'
  | 'status-sync'
  | 'room-cleanup'
  | 'staff-reply'
  | 'guest'
  | 'join-code'
  | 'booked-guest'
  | 'refuse-guest'
  | 'confirm-reply'
  | 'cancel'
  | 'which-appointment'
  | 'running-late'
  | 'wait-reply';

/** One unit of work for one appointment (or one incoming message). */
export interface Decision {
  step: StepName;
  appointmentId?: string;
  effects: Effect[];
}

/** A normalised incoming message for the engine. */
export interface EngineMessage {
  id: string;
  /** E.164 (normalised) sender. */
  from: string;
  body: string;
}
