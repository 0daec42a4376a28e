import type { AppointmentProgress } from '../engine/progress.js';
import type { ConversationOutboxEntry, IncomingRecord, OutboxEntry } from '../store/store.js';
import { maskPhone } from '../phone/normalise.js';
import type { VideoRoom } from '@clinic-arrivals/plugin-kit';
import { maskNumbers } from '@clinic-arrivals/plugin-kit';
import type { AppointmentView, PractitionerQueueView, ConversationDetail, InboxConversation, LinkableAppointment } from './host-api.js';

/*
 * The API's JSON shapes. Internally times are epoch milliseconds; on the wire every time is
 * an ISO 8601 string (UTC), so a dashboard never has to guess the unit.
 */

/** Envelope for every collection: room for paging fields later without breaking clients. */
export interface ListEnvelope<T> {
  items: T[];
}

/** Envelope for actions that have no resource to return. */
export interface OkEnvelope {
  ok: true;
}

/** Envelope for every error reply. */
export interface ErrorEnvelope {
  error: string;
  code?: string;
}

/** Wraps a collection. */
export function list<T>(items: T[]): ListEnvelope<T> {
  return { items };
}

/** Epoch milliseconds → ISO 8601 (UTC). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Optional epoch milliseconds → ISO 8601, keeping absent values absent. */
function isoTimeOrAbsent(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : isoTime(ms);
}

type IsoTimes<T, K extends keyof T> = Omit<T, K> & { [P in K]: undefined extends T[P] ? string | undefined : string };

export type IncomingMessageView = IsoTimes<IncomingRecord, 'receivedAt'>;
type ResolutionView = IsoTimes<NonNullable<OutboxEntry['resolution']>, 'at'>;
type CheckView = IsoTimes<NonNullable<OutboxEntry['lastCheck']>, 'at' | 'nextAt'>;
export type SentMessageView = Omit<IsoTimes<OutboxEntry, 'createdAt' | 'updatedAt'>, 'resolution' | 'lastCheck' | 'deliveryUpdatedAt'> & {
  resolution?: ResolutionView;
  lastCheck?: CheckView;
  deliveryUpdatedAt?: string;
};

export function incomingMessageView(record: IncomingRecord): IncomingMessageView {
  return { ...record, receivedAt: isoTime(record.receivedAt) };
}

function resolutionAndCheckViews(entry: OutboxEntry): { resolution?: ResolutionView; lastCheck?: CheckView } {
  const views: { resolution?: ResolutionView; lastCheck?: CheckView } = {};
  if (entry.resolution) views.resolution = { ...entry.resolution, at: isoTime(entry.resolution.at) };
  if (entry.lastCheck) {
    const { nextAt, ...check } = entry.lastCheck;
    views.lastCheck = { ...check, at: isoTime(check.at), ...(nextAt === undefined ? {} : { nextAt: isoTime(nextAt) }) };
  }
  return views;
}

export function sentMessageView(entry: OutboxEntry): SentMessageView {
  const { resolution: _r, lastCheck: _c, deliveryUpdatedAt, ...rest } = entry;
  const view: SentMessageView = { ...rest, createdAt: isoTime(entry.createdAt), updatedAt: isoTime(entry.updatedAt), ...resolutionAndCheckViews(entry) };
  if (deliveryUpdatedAt !== undefined) view.deliveryUpdatedAt = isoTime(deliveryUpdatedAt);
  return view;
}

/**
 * A send whose outcome is unknown, for the person who resolves it: what, for which
 * appointment, when, and what has been found or decided. Never the text; the number masked
 * to its country code, first digit and last three digits.
 */
export interface UnknownSendView {
  id: number;
  appointmentId?: string;
  template: string;
  to: string;
  status: OutboxEntry['status'];
  createdAt: string;
  attempts: number;
  /** The provider error that left the outcome unknown, when there was one. */
  error?: string;
  providerId?: string;
  /** The last automatic check with the provider (see `lastCheck.note`). */
  lastCheck?: CheckView;
  /** Absent while the send still needs a look. */
  resolution?: ResolutionView;
}

export function unknownSendView(entry: OutboxEntry): UnknownSendView {
  const view: UnknownSendView = {
    id: entry.id,
    template: entry.template,
    to: maskPhone(entry.to),
    status: entry.status,
    createdAt: isoTime(entry.createdAt),
    attempts: entry.attempts,
    ...resolutionAndCheckViews(entry),
  };
  if (entry.appointmentId !== undefined) view.appointmentId = entry.appointmentId;
  if (entry.error !== undefined) view.error = entry.error;
  if (entry.providerId !== undefined) view.providerId = entry.providerId;
  return view;
}

const PROGRESS_TIMES = [
  'registrationSentAt',
  'screeningSentAt',
  'videoInviteSentAt',
  'arrivedAt',
  'doctorReadySentAt',
  'cancellationSentAt',
  'roomClosedAt',
  'confirmAnsweredAt',
  'replyUnclearAt',
  'calledAt',
  'doneAt',
  'waitAnsweredAt',
] as const satisfies ReadonlyArray<keyof AppointmentProgress>;

type ProgressTime = (typeof PROGRESS_TIMES)[number];

/** Room as shown to clients: provider data (connection ids and the like) stays inside the host. */
export type RoomView = Omit<VideoRoom, 'providerData'>;

export type ProgressView = Omit<IsoTimes<AppointmentProgress, ProgressTime>, 'room'> & { room?: RoomView };

export function progressView(progress: AppointmentProgress): ProgressView {
  const { room, ...rest } = progress;
  const view: Record<string, unknown> = { ...rest };
  for (const key of PROGRESS_TIMES) {
    if (key in view) view[key] = isoTimeOrAbsent(progress[key]);
  }
  if (room) {
    const { providerData: _hidden, ...visible } = room;
    view.room = visible;
  }
  return view as ProgressView;
}

/** Shown instead of all but the last digits of a number. */
const MASK = '\u2022\u2022\u2022';

/** Last three digits of a phone number, e.g. "•••678": enough to tell two patients apart, never the number. */
export function maskedPhone(phone: string): string {
  return MASK + phone.replace(/\D/g, '').slice(-3);
}

/** The appointment as the PMS gave it, minus the patient's number (shown masked instead). */
type AppointmentWithoutMobile = Omit<AppointmentView['appointment'], 'patient'> & {
  patient: Omit<AppointmentView['appointment']['patient'], 'mobile'>;
};

/** One row of reception's Today list. Times are ISO (UTC) except `startLocal`, the clinic's "HH:MM". */
export interface AppointmentStateView {
  appointment: AppointmentWithoutMobile;
  state: string;
  progress?: ProgressView;
  startLocal: string;
  patientFirstName: string;
  phoneMasked?: string;
  practitioner: { id: string; name: string };
  pmsStatus: string;
  /** A video consult: booked as one in the PMS or chosen by the patient. */
  isVideo: boolean;
  stateText: string;
  lastText?: { template: string; at: string; status: string; deliveryStatus?: string; deliveryErrorCode?: string };
  nextStep?: { step: string; template?: string; at: string };
  attention?: 'failed' | 'unknown' | 'undelivered';
  textProblem?: { status: 'failed' | 'unknown' | 'retry' | 'retried-out'; code?: string; at: string; attempts: number };
  /** The confirm question's state and when the patient answered (`workflow.confirm.ask`). */
  confirm?: { state: string; answeredAt?: string };
  /** A reply to the confirm question the host could not read (reception should call). */
  replyUnclearAt?: string;
  /** Running-late texts sent, and the delay the last one told (minutes). */
  lateTexts?: { count: number; toldMinutes?: number };
  /** When the practitioner is expected to call the patient in (today's waiting patients). */
  estimate?: { at: string; delayMinutes: number };
  /** The patient needs an interpreter and none is booked into this video consult yet. */
  interpreterNeeded?: boolean;
}

export function appointmentStateView(view: AppointmentView): AppointmentStateView {
  const { appointment, progress, lastText, nextStep } = view;
  const { mobile, ...patient } = appointment.patient;
  const row: AppointmentStateView = {
    appointment: { ...appointment, patient },
    state: view.state,
    startLocal: view.startLocal,
    patientFirstName: patient.firstName ?? patient.name.trim().split(/\s+/)[0] ?? '',
    practitioner: { id: appointment.practitioner.id, name: appointment.practitioner.name },
    pmsStatus: appointment.status,
    isVideo: appointment.isVideo || progress?.screening === 'video',
    stateText: view.stateText,
  };
  if (progress) row.progress = progressView(progress);
  if (mobile) row.phoneMasked = maskedPhone(mobile);
  if (lastText) row.lastText = { ...lastText, at: isoTime(lastText.at) };
  if (nextStep) row.nextStep = { ...nextStep, at: isoTime(nextStep.at) };
  if (view.attention) row.attention = view.attention;
  if (view.textProblem) row.textProblem = { ...view.textProblem, at: isoTime(view.textProblem.at) };
  if (view.interpreterNeeded) row.interpreterNeeded = true;
  const { wait } = view;
  if (wait?.confirm)
    row.confirm = { state: wait.confirm.state, ...(wait.confirm.answeredAt !== undefined ? { answeredAt: isoTime(wait.confirm.answeredAt) } : {}) };
  if (wait?.replyUnclearAt !== undefined) row.replyUnclearAt = isoTime(wait.replyUnclearAt);
  if (wait?.lateTexts) row.lateTexts = { ...wait.lateTexts };
  if (wait?.estimate) row.estimate = { at: isoTime(wait.estimate.at), delayMinutes: wait.estimate.delayMinutes };
  return row;
}

/** A practitioner's queue on the wire: times as ISO. */
export interface PractitionerQueueWireView {
  practitionerId: string;
  name?: string;
  delayMinutes: number;
  source: 'estimate' | 'override';
  consultMinutes: number;
  samples: number;
  muted: boolean;
  override?: { minutes: number; setAt: string };
  current?: { appointmentId: string; calledAt: string };
  waiting: Array<{ appointmentId: string; scheduledAt: string; arrivedAt?: string; estimateAt: string; delayMinutes: number }>;
}

export function practitionerQueueView(queue: PractitionerQueueView): PractitionerQueueWireView {
  const view: PractitionerQueueWireView = {
    practitionerId: queue.practitionerId,
    ...(queue.name !== undefined ? { name: queue.name } : {}),
    delayMinutes: queue.delayMinutes,
    source: queue.source,
    consultMinutes: queue.consultMinutes,
    samples: queue.samples,
    muted: queue.muted,
    waiting: queue.waiting.map((entry) => ({
      appointmentId: entry.appointmentId,
      scheduledAt: isoTime(entry.scheduledMs),
      ...(entry.arrivedAt !== undefined ? { arrivedAt: isoTime(entry.arrivedAt) } : {}),
      estimateAt: isoTime(entry.estimateMs),
      delayMinutes: entry.delayMinutes,
    })),
  };
  if (queue.override) view.override = { minutes: queue.override.minutes, setAt: isoTime(queue.override.setAt) };
  if (queue.current) view.current = { appointmentId: queue.current.appointmentId, calledAt: isoTime(queue.current.calledAt) };
  return view;
}

// Reception's inbox. A conversation is named by its opaque id and the number's last three
// digits; the full number is only in the reveal-number answer.

/** `•••678`: enough to tell two numbers apart on screen, not enough to dial. */
export function phoneTail(e164: string): string {
  return `•••${e164.replace(/\D/g, '').slice(-3)}`;
}

export interface InboxConversationView {
  id: string;
  phoneMasked: string;
  patientFirstName?: string;
  appointmentId?: string;
  lastAt: string;
  /** Texts from the patient still waiting for a person. */
  unread: number;
  reasons: string[];
}

export function inboxConversationView(conversation: InboxConversation): InboxConversationView {
  const view: InboxConversationView = {
    id: conversation.id,
    phoneMasked: phoneTail(conversation.phone),
    lastAt: isoTime(conversation.lastAt),
    unread: conversation.unprocessed,
    reasons: conversation.reasons,
  };
  if (conversation.patientFirstName !== undefined) view.patientFirstName = conversation.patientFirstName;
  if (conversation.appointmentId !== undefined) view.appointmentId = conversation.appointmentId;
  return view;
}

/** One text of a conversation, either way. */
export interface ConversationMessageView {
  /** `in:<message id>` or `out:<outbox id>`. */
  id: string;
  at: string;
  direction: 'in' | 'out';
  /** `patient`, `host` (a workflow text) or `staff` (a reply from the inbox). */
  author: 'patient' | 'host' | 'staff';
  /** Null once the retention period has blanked it. */
  text: string | null;
  /** In words: `template Unexpected`, `staff reply by Robin`, `from the patient`. */
  label: string;
  appointmentId?: string;
  // Incoming only
  state?: IncomingRecord['state'];
  reason?: string;
  closedBy?: string;
  closedAt?: string;
  // Outgoing only
  template?: string;
  sentBy?: string;
  status?: OutboxEntry['status'];
  error?: string;
  /** From the provider's delivery reports: queued, sent, delivered, undelivered, failed. */
  deliveryStatus?: OutboxEntry['deliveryStatus'];
  /** The provider's error code with an undelivered or failed report (digits, e.g. `30003`). */
  deliveryErrorCode?: string;
}

export interface ConversationView extends InboxConversationView {
  /** At least one text is still waiting for a person. */
  open: boolean;
  /** Oldest first (newest last). */
  messages: ConversationMessageView[];
  /** Known appointments of this number, for linking. */
  appointments: LinkableAppointment[];
}

/** The number itself never appears, even inside a text (a custom template could print it). */
function withoutNumber(text: string | null, phone: string): string | null {
  return text === null ? null : text.split(phone).join(phoneTail(phone));
}

/**
 * A join code is the patient's alone (`video.verifyJoin`): reception sees that it went, never
 * the digits, so a screen or a screenshot next to the invite's link does not open the consult.
 */
function withoutJoinCode(text: string | null, template: string): string | null {
  return text === null || template !== 'JoinCode' ? text : text.replace(/\d{6}/g, '••••••');
}

function incomingTextView(record: IncomingRecord, phone: string): ConversationMessageView {
  const view: ConversationMessageView = {
    id: `in:${record.id}`,
    at: isoTime(record.receivedAt),
    direction: 'in',
    author: 'patient',
    text: withoutNumber(record.body, phone),
    label: 'from the patient',
    state: record.state,
  };
  if (record.appointmentId !== undefined) view.appointmentId = record.appointmentId;
  if (record.reason !== undefined) view.reason = record.reason;
  if (record.closedBy !== undefined) view.closedBy = record.closedBy;
  if (record.closedAt !== undefined) view.closedAt = isoTime(record.closedAt);
  return view;
}

export function outgoingTextView(entry: ConversationOutboxEntry, phone: string): ConversationMessageView {
  const staff = entry.sentBy !== undefined;
  const view: ConversationMessageView = {
    id: `out:${entry.id}`,
    at: isoTime(entry.createdAt),
    direction: 'out',
    author: staff ? 'staff' : 'host',
    text: withoutJoinCode(withoutNumber(entry.body, phone), entry.template),
    label: staff ? `staff reply by ${entry.sentBy}` : `template ${entry.template}`,
    template: entry.template,
    status: entry.status,
  };
  if (entry.sentBy !== undefined) view.sentBy = entry.sentBy;
  if (entry.appointmentId !== undefined) view.appointmentId = entry.appointmentId;
  if (entry.error !== undefined) view.error = maskNumbers(entry.error);
  if (entry.deliveryStatus !== undefined) view.deliveryStatus = entry.deliveryStatus;
  if (entry.deliveryErrorCode !== undefined) view.deliveryErrorCode = entry.deliveryErrorCode;
  return view;
}

export function conversationView(detail: ConversationDetail): ConversationView {
  const { incoming, outgoing, appointments, phone } = detail;
  const messages = [...incoming.map((record) => incomingTextView(record, phone)), ...outgoing.map((entry) => outgoingTextView(entry, phone))].sort(
    (a, b) => a.at.localeCompare(b.at) || (a.direction === b.direction ? 0 : a.direction === 'in' ? -1 : 1),
  );
  return { ...inboxConversationView(detail), open: detail.unprocessed > 0, messages, appointments };
}
