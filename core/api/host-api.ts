import type { Appointment } from '@clinic-arrivals/plugin-kit';
import type { AppointmentProgress, PractitionerSettings } from '../engine/progress.js';
import type { ConversationOutboxEntry, ConversationSummary, IncomingRecord, OutboxEntry } from '../store/store.js';
import type { StaffReplyRefusal } from '../engine/staff-reply.js';
import type { HealthReport, PluginRole } from '@clinic-arrivals/plugin-kit';
import type { TemplateView } from '../templates/template-view.js';

/**
 * What the local HTTP API (and later the dashboard) can see and do. Implemented by the
 * runtime (core/runtime); the API layer only translates HTTP to these calls.
 */
/**
 * A plugin's calls over the recent window (`health.windowSeconds`), as the host counted them:
 * `degraded` when calls needed retries or some failed, `down` when all failed or a person must
 * act. Codes and counts only.
 */
export interface PluginWindowView {
  windowSeconds: number;
  status: 'ok' | 'degraded' | 'down';
  /** When `status` last changed (kept across restarts). */
  since: string;
  calls: number;
  retried: number;
  failed: number;
  /** The newest failure or retry, kept after recovery. */
  lastError?: { code: string; at: string };
}

export interface HostStatus {
  version: string;
  startedAt: string;
  /** The host's clock (ISO): what "today" means for the lists, whatever the viewer's own clock says. */
  now: string;
  clinic: { name: string; timeZone: string };
  /** `health.status` is the plugin's own report made no better than its `window`. */
  plugins: Array<{ role: PluginRole; id: string; health: HealthReport; window?: PluginWindowView; notes?: string[] }>;
  loops: Record<string, { lastRunAt?: string; lastDurationMs?: number; lastError?: string; runs: number; errors: number }>;
  /** Appointments today per workflow state name (e.g. `awaiting-screening-reply`: 3). */
  workflowCounts: Record<string, number>;
  /**
   * Texts created today: `sent` (including unknown ones since found or confirmed delivered),
   * `failed`, `unknown` (outcome unknown, not resolved yet); replies `received`, `unprocessed`.
   */
  messagesToday: { sent: number; failed: number; unknown: number; received: number; unprocessed: number };
  /**
   * Sends whose outcome is unknown and that nobody has resolved yet, of any day (from the
   * store, so it survives restarts). Listed at `GET /api/messages/unknown`.
   */
  unknownSends: number;
  /** Skipped appointments from the last PMS poll, by reason. */
  skippedAppointments: Record<string, number>;
  /** Newest first; kept in the store, so they survive a restart. `at` is the latest time, `count` how often since `firstAt`. */
  recentErrors: Array<{ at: string; where: string; error: string; count: number; firstAt: string }>;
  /** Numbers opted out (STOP) now; listed, masked, at `GET /api/opt-outs`. */
  optOuts: number;
  /** The clinic's languages and the languages asked for without texts (kept in the store). */
  languages?: LanguagesStatus;
}

/** Languages patients' texts were asked in and went out in the default language instead. */
export interface LanguageGapView {
  /** BCP 47 tag as asked, e.g. `de`. */
  language: string;
  /** Times, over all its templates. */
  count: number;
  lastSeen: string;
  templates: Array<{ template: string; count: number; lastSeen: string }>;
}

export interface LanguagesStatus {
  default: string;
  offered: string[];
  gaps: LanguageGapView[];
}

/** What a text in one language costs: sample render and worst case (longest plausible values). */
export interface SmsCostView {
  encoding: 'GSM-7' | 'UCS-2';
  characters: number;
  segments: number;
}

/** A template's text in one language, as the editor shows it. */
export interface TemplateLanguageView extends SmsCostView {
  language: string;
  text: string;
  source: 'default' | 'config' | 'edited';
  /** The shipped text in this language ('' when none ships). */
  default: string;
  worstCase: SmsCostView;
}

/** An opted-out number as the status page shows it: masked (`•••678`), with when it opted out. */
export interface OptOutView {
  phoneMasked: string;
  at: number;
}

/** One row of today's appointments as reception sees it (the engine's per-appointment input is ScheduledStepInput). */
export interface AppointmentView {
  appointment: Appointment;
  /** Workflow state name, e.g. `awaiting-screening-reply`, `invited`, `arrived`. */
  state: string;
  progress?: AppointmentProgress;
  /** Start as "HH:MM" in the clinic's time zone. */
  startLocal: string;
  /** The state in words for reception, at clinic time ("asked about video 09:12, no answer yet"). */
  stateText: string;
  /** The appointment's latest outbox entry. */
  lastText?: { template: string; at: number; status: OutboxEntry['status']; deliveryStatus?: OutboxEntry['deliveryStatus']; deliveryErrorCode?: string };
  /** The next planned text and when it is due (epoch ms). */
  nextStep?: { step: string; template?: string; at: number };
  /** A row that must stand out. */
  attention?: 'failed' | 'unknown' | 'undelivered';
  /**
   * The latest text did not (surely) go: `failed`, `unknown` (outcome unknown, not resolved),
   * `retry` (waiting for another try) or `retried-out` (no tries left). `code` is the host's
   * error code (e.g. `CA_ERR_INVALID_NUMBER`), `at` epoch ms of the last try.
   */
  textProblem?: { status: 'failed' | 'unknown' | 'retry' | 'retried-out'; code?: string; at: number; attempts: number };
  /** A video consult whose patient needs an interpreter (the PMS says so) and has no live interpreter guest booked yet. */
  interpreterNeeded?: boolean;
  /** Confirm state, reply unclear, running-late texts and the wait estimate. */
  wait?: AppointmentWaitView;
}

/** The wait, per appointment, as today's rows show it (issue 18). Times are epoch ms. */
export interface AppointmentWaitView {
  /** The confirm question's state (`workflow.confirm.ask`) and when the patient answered. */
  confirm?: { state: NonNullable<AppointmentProgress['confirm']>; answeredAt?: number };
  /** A reply to the confirm question the host could not read, waiting for reception. */
  replyUnclearAt?: number;
  /** Running-late texts sent, and the delay the last one told. */
  lateTexts?: { count: number; toldMinutes?: number };
  /** When the practitioner is expected to call the patient in, and how far past the start that is. */
  estimate?: { at: number; delayMinutes: number };
}

/** A waiting patient in a practitioner's queue: ids and times only (the app has the names). */
export interface QueuePatientView {
  appointmentId: string;
  scheduledMs: number;
  arrivedAt?: number;
  estimateMs: number;
  delayMinutes: number;
}

/** One practitioner's queue today, as the today screen shows it. Times are epoch ms. */
export interface PractitionerQueueView {
  practitionerId: string;
  name?: string;
  /** Minutes behind: reception's override when set today, else the estimate's. */
  delayMinutes: number;
  source: 'estimate' | 'override';
  /** The consult length the estimate uses (median today, or the configured default). */
  consultMinutes: number;
  /** Consults measured today. */
  samples: number;
  /** Running-late texts muted for today. */
  muted: boolean;
  /** Reception's "running late by N minutes", when set today. */
  override?: { minutes: number; setAt: number };
  current?: { appointmentId: string; calledAt: number };
  waiting: QueuePatientView[];
}

/** How reception's one-click cancel went: inbox texts closed, and whether the appointment is today's. */
export interface PatientCancelOutcome {
  closedTexts: number;
  today: boolean;
}

/** Reception's side of the wait estimate and confirm by reply (issue 18). */
export interface WaitControl {
  /** Every practitioner with an appointment, an override or a mute today. */
  queues(): Promise<PractitionerQueueView[]>;
  /** Sets (0–240) or clears (`null`) today's override. NotFoundError for an unknown practitioner. */
  setRunningLate(practitionerId: string, minutes: number | null): Promise<PractitionerQueueView>;
  /** Mutes or unmutes running-late texts for today. NotFoundError for an unknown practitioner. */
  setLateTextsMuted(practitionerId: string, muted: boolean): Promise<PractitionerQueueView>;
  /**
   * Carries out a patient's NO waiting for reception (`confirm: 'wants-cancel'`): records
   * `confirm: 'cancel'` for the next pass and closes the inbox texts that asked. ConflictError
   * otherwise; NotFoundError for an appointment the host does not know.
   */
  cancelForPatient(appointmentId: string): Promise<PatientCancelOutcome>;
  /** The coming days' appointments (after today), as rows like today's. */
  comingAppointments(): Promise<AppointmentView[]>;
  /** Runs a pass now so a recorded cancel is carried out without waiting (failures are the loop's to report). */
  nudge(today: boolean): Promise<void>;
}

/** Templates as the API lists them; the template service makes them. */
export type { TemplateView };

/** A practitioner's settings in effect (config, then changes made in the app), and whether a PMS poll has seen them yet. */
export interface PractitionerView extends PractitionerSettings {
  seen: boolean;
}

/** A change made in the app; `room: null` clears the room (a room from the config no longer applies either). */
export interface PractitionerPatch {
  room?: string | null;
  ignore?: boolean;
  noVideo?: boolean;
}

/** What a live client refetches after a change event. */
export const CHANGE_TOPICS = ['appointments', 'messages', 'sends', 'status', 'practitioners', 'templates', 'activity'] as const;
export type ChangeTopic = (typeof CHANGE_TOPICS)[number];

/** "Something in `topic` changed", with the record's id when one is known. Ids only: never names, numbers or bodies. */
export interface ChangeEvent {
  topic: ChangeTopic;
  id?: string;
}

export type ChangeListener = (event: ChangeEvent) => void;

/** Subscribes to the host's changes; the returned function unsubscribes. */
export interface ChangeFeed {
  subscribe(listener: ChangeListener): () => void;
  /** Live subscribers (the stream's clients), for the status page and tests. */
  readonly subscriberCount: number;
}

/** A conversation in reception's inbox, with the first name from its matched appointment when the host knows it. */
export interface InboxConversation extends ConversationSummary {
  patientFirstName?: string;
}

/** An appointment of the conversation's number, offered for linking. */
export interface LinkableAppointment {
  id: string;
  start: string;
  status: string;
  patientFirstName: string;
  practitionerName: string;
}

/** One conversation: the texts both ways since a time, oldest first. */
export interface ConversationDetail extends InboxConversation {
  incoming: IncomingRecord[];
  outgoing: ConversationOutboxEntry[];
  /** Appointments the host knows (today and the coming days) for this number. */
  appointments: LinkableAppointment[];
}

/** How a staff reply went: the outbox entry (sent, failed, retry, unknown), or why nothing was sent. */
export type StaffReplyResult =
  { outcome: 'recorded'; entry: ConversationOutboxEntry; repeated: boolean } | { outcome: 'refused'; reason: StaffReplyRefusal; message: string };

/** Reception's inbox: texts the workflow left for a person, one conversation per number. */
export interface InboxControl {
  /** `open`: waiting for a person; otherwise closed ones with a text in the last `days` days. */
  listConversations(filter: { open: boolean; days?: number; limit?: number }): Promise<InboxConversation[]>;
  /** The texts of the last `days` days. Throws NotFoundError for an unknown id. */
  conversation(id: string, days: number): Promise<ConversationDetail>;
  /** The full number (E.164). Throws NotFoundError for an unknown id. */
  revealNumber(id: string): Promise<string>;
  /** Sends reception's text through the outbox, at most once per `requestId`. */
  reply(id: string, reply: { text: string; by: string; requestId: string }): Promise<StaffReplyResult>;
  /** Marks the conversation's unprocessed texts dismissed; returns how many. */
  markDone(id: string, by: string): Promise<number>;
  /** Links the conversation's texts of the last `days` days to a known appointment; NotFoundError for an unknown one. */
  link(id: string, appointmentId: string, days: number): Promise<number>;
}

/** A staff action worth an entry in the activity list (who, what, on which conversation). */
export interface ActivityEntry {
  action: 'inbox.reply' | 'inbox.done' | 'inbox.link' | 'inbox.reveal-number';
  by: string;
  /** Ids only (conversation, appointment): never a number or a text. */
  detail: Record<string, string>;
}

/** One guest of a video consult, as reception sees it: never the link, never a full number. */
export interface GuestGrantView {
  grantId: string;
  /** `booked`: reception booked the guest; the link is made and texted at the patient's video invite. */
  state: 'booked' | 'granted' | 'linked' | 'sent' | 'revoked' | 'expired';
  grantedBy: 'patient' | 'reception';
  displayName: string;
  /** Guests booked by reception: what they are there for. */
  kind?: 'interpreter' | 'clinician';
  /** Guests booked by reception: the last digits of their mobile, e.g. `•••123`. */
  phoneMasked?: string;
  /** Guests booked by reception: when the patient was told (`GuestAdded`). */
  patientToldAt?: string;
  /** ISO times. */
  createdAt: string;
  expiresAt: string;
  sentAt?: string;
  /** When the guest was first seen in the call (providers that can tell). */
  joinedAt?: string;
  revokedAt?: string;
  /** Staff name, `local` or `api-token`. */
  revokedBy?: string;
}

/** How a revoke went: `changed` false when the guest was revoked (or expired) already. */
export interface GuestRevocation {
  grant: GuestGrantView;
  changed: boolean;
  /** The provider took a guest who was in the call out of it. */
  removedFromCall: boolean;
}

/** A guest reception books into a video consult. */
export interface BookedGuestInput {
  kind: 'interpreter' | 'clinician';
  /** Shown to the others in the call and in the patient's text; never the patient's name. */
  displayName: string;
  /** The guest's mobile, national or international; normalised in the clinic's region. */
  phone: string;
}

/** Why a booking was refused. */
export type GuestBookingRefusal =
  | 'not-found'
  | 'closed'
  | 'not-video'
  | 'guests-off'
  | 'limit'
  | 'invalid-name'
  | 'invalid-phone'
  /** The name typed is the patient's own (never shown to the others in the call as a guest). */
  | 'patient-name'
  /** The number is the patient's own. */
  | 'patient-phone';

/** How a booking went. `inviteOut`: the patient's invite is out, so the guest is texted straight away. */
export type GuestBookingOutcome<G = GuestGrantView> = { ok: true; grant: G; inviteOut: boolean } | { ok: false; reason: GuestBookingRefusal; message: string };

/** Guests of video consults (issue 15). */
export interface GuestControl {
  /**
   * Books a guest (interpreter or clinician) for a video consult of today or a coming day:
   * recorded as `booked`; texted their own link at the patient's invite, or at once when the
   * invite is out already. Refused past `video.maxGuests` live guests.
   */
  book?(appointmentId: string, input: BookedGuestInput, by: string): Promise<GuestBookingOutcome>;
  /** An appointment's guests, oldest first (empty for an unknown appointment). */
  list(appointmentId: string): Promise<GuestGrantView[]>;
  /**
   * Stops a guest's link at the provider (removing them from the call where it can), then
   * records who and when. Idempotent. Throws NotFoundError for a grant not of this appointment.
   */
  revoke(appointmentId: string, grantId: string, by: string): Promise<GuestRevocation>;
}

export interface HostControl {
  status(): Promise<HostStatus>;
  todaysAppointments(): Promise<AppointmentView[]>;

  listUnprocessed(): Promise<IncomingRecord[]>;
  /** Throws NotFoundError when the id is unknown. */
  dismissUnprocessed(id: string): Promise<void>;
  listSent(filter?: { since?: number; limit?: number }): Promise<OutboxEntry[]>;

  /** Sends whose outcome is unknown: `open` ones (the default) need a person; newest first. */
  listUnknownSends(state?: 'open' | 'resolved' | 'all'): Promise<OutboxEntry[]>;
  /**
   * A person says the text arrived. Idempotent. Throws NotFoundError (no unknown send with
   * that id) or ConflictError (resolved otherwise already).
   */
  markUnknownSendDelivered(id: number, by: string): Promise<OutboxEntry>;
  /** A person chose to do nothing about it. Idempotent; errors as {@link markUnknownSendDelivered}. */
  dismissUnknownSend(id: number, by: string): Promise<OutboxEntry>;
  /**
   * A person has the stored text sent again (once, past opt-out and cap checks) and the original
   * recorded as resent. Idempotent. Throws NotFoundError, ConflictError (resolved otherwise, text
   * purged, or a check stops it) or an error coded `CA_ERR_SEND_FAILED` (the provider did not take it).
   */
  sendUnknownAgain(id: number, by: string): Promise<{ original: OutboxEntry; resend: OutboxEntry }>;

  /** Every practitioner seen in a poll, configured, or set in the app; sorted by id. */
  listPractitioners(): Promise<PractitionerView[]>;
  /** Stores the change (creating the record for an id not seen yet); returns the settings in effect. */
  updatePractitioner(id: string, patch: PractitionerPatch): Promise<PractitionerView>;

  listTemplates(): Promise<TemplateView[]>;
  /**
   * Validates first; throws TemplateError (naming the template) for bad syntax or unknown variables. `null` restores the default.
   * `language` (an offered one) edits that language's text; absent, the default language's.
   */
  updateTemplate(name: string, text: string | null, language?: string): Promise<TemplateView>;
  /** Renders `text` (or the current template) with a sample appointment, in `language` (default: the clinic's). */
  previewTemplate(name: string, text?: string, language?: string): Promise<string>;
  /** The clinic's languages and the gaps; absent in hosts without languages. */
  templateLanguages?(): Promise<LanguagesStatus>;

  /** Numbers that opted out (STOP), masked, newest first. */
  listOptOuts(): Promise<OptOutView[]>;

  /** Runs the today loop now (the dashboard's "refresh"). */
  runCycleNow(): Promise<void>;

  /** Changes as they happen, for the live event stream (`GET /api/events`). */
  events?: ChangeFeed;

  inbox: InboxControl;

  /** Guests of video consults; absent on hosts that do not offer them. */
  guests?: GuestControl;

  /** The wait estimate, running late and confirm by reply; absent on hosts without them. */
  wait?: WaitControl;
}
