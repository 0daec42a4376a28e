import { Drop } from 'liquidjs';
import { DateTime } from 'luxon';
import type { Appointment } from '@clinic-arrivals/plugin-kit';
import type { TemplateName } from '../engine/decisions.js';
import type { ClinicInfo } from '@clinic-arrivals/plugin-kit';
import { toE164 } from '../phone/normalise.js';

/** Variables every template may use. */
export const CLINIC_VARIABLES = ['clinic.name', 'clinic.phone'] as const;

/** Variables of the appointment a message is about. */
export const APPOINTMENT_VARIABLES = [
  'Patient.name',
  'Patient.firstName',
  'Patient.id',
  'Patient.telecom.mobile',
  'Practitioner.name',
  'Practitioner.id',
  'Appointment.id',
  'Appointment.start',
  'Appointment.start.date',
  'Appointment.start.time',
  'Appointment.status',
] as const;

/**
 * Messages that are not about one known appointment: replies to unknown numbers or to
 * patients with several appointments, help, and the admin's start/stop texts (no patient
 * data at all). These may only use the clinic's variables.
 */
const WITHOUT_APPOINTMENT: ReadonlySet<TemplateName> = new Set<TemplateName>([
  'UnknownPhone',
  'TooManyAppointments',
  'Unexpected',
  'Help',
  'StaffReply',
  // Guest texts carry no patient or appointment detail: the link text is passed on to someone else.
  'GuestLink',
  'GuestNoVideo',
  'GuestLimit',
  'GuestUnavailable',
  // Join-code answers without a code say nothing about the appointment (one may go to a number with no lock).
  'JoinCodeLimit',
  'JoinCodeNone',
  // To the booked guest (not the patient): the clinic, the name they join as and their link.
  'GuestBooked',
  'GuestNoneToRefuse',
  // Lists the phone's own open questions by day and time only (`choices`), never a name.
  'WhichAppointment',
  'HostStarted',
  'HostStopped',
  'AlertFailing',
  'AlertRecovered',
]);

/**
 * A variable the step supplies itself: the video link, the room, reception's own words, or for
 * alerts what is failing (`system`), its error code and since when (clinic time); for JoinCode
 * the 6-digit `code` and the `minutes` it works.
 */
export type StepVariable =
  'url' | 'room' | 'text' | 'system' | 'code' | 'since' | 'minutes' | 'guestName' | 'guestKind' | 'guestNames' | 'choices' | 'delay' | 'estimate';

/** Every step variable, in the order checks report them. */
export const STEP_VARIABLE_NAMES: readonly StepVariable[] = [
  'url',
  'room',
  'text',
  'system',
  'code',
  'since',
  'minutes',
  'guestName',
  'guestKind',
  'guestNames',
  'choices',
  'delay',
  'estimate',
];

const ALERT_VARIABLES: readonly StepVariable[] = ['system', 'code', 'since'];

/** Variables the step supplies itself, per template. */
const STEP_VARIABLES: Partial<Record<TemplateName, readonly StepVariable[]>> = {
  VideoInvite: ['url'],
  DoctorReadyVideo: ['url'],
  // The guest's own link (never the patient's).
  GuestLink: ['url'],
  // A booked guest: reception's name for them (never the patient's), their kind, their own link.
  GuestBooked: ['url', 'guestName'],
  GuestAdded: ['guestName', 'guestKind'],
  GuestRefused: ['guestNames'],
  DoctorReady: ['room'],
  // A staff reply's text is a value, never template source: it is printed as written.
  StaffReply: ['text'],
  AlertFailing: ALERT_VARIABLES,
  AlertRecovered: ALERT_VARIABLES,
  JoinCode: ['code', 'minutes'],
  // Issue 18: the open questions by day and time; a delay in minutes and this patient's own estimate.
  WhichAppointment: ['choices'],
  RunningLate: ['delay', 'estimate'],
  WaitEstimate: ['delay', 'estimate'],
  WaitOnTime: ['estimate'],
};

/** Step variables the template must contain, or the message would be useless. */
const REQUIRED_VARIABLES: Partial<Record<TemplateName, readonly string[]>> = {
  VideoInvite: ['url'],
  DoctorReadyVideo: ['url'],
  GuestLink: ['url'],
  GuestBooked: ['url'],
  GuestAdded: ['guestName'],
  StaffReply: ['text'],
  // An alert that does not say what fails is no use.
  AlertFailing: ['system'],
  AlertRecovered: ['system'],
  // A code text without the code is no use.
  JoinCode: ['code'],
  WhichAppointment: ['choices'],
  RunningLate: ['estimate'],
  WaitEstimate: ['estimate'],
  WaitOnTime: ['estimate'],
};

/** True when the template is rendered with an appointment. */
export function templateHasAppointment(name: TemplateName): boolean {
  return !WITHOUT_APPOINTMENT.has(name);
}

/** The variables a template may use, in display order. */
export function variablesFor(name: TemplateName): string[] {
  return [...(templateHasAppointment(name) ? APPOINTMENT_VARIABLES : []), ...CLINIC_VARIABLES, ...(STEP_VARIABLES[name] ?? [])];
}

/** The step variables (`url`, `room`) a template may use. */
export function stepVariablesFor(name: TemplateName): readonly string[] {
  return STEP_VARIABLES[name] ?? [];
}

/** Variables that must appear in the template. */
export function requiredVariablesFor(name: TemplateName): readonly string[] {
  return REQUIRED_VARIABLES[name] ?? [];
}

/** An appointment start as texts show it, in the clinic's zone and locale. */
export interface FormattedStart {
  /** e.g. `Mon 23 Nov, 9:30 am` */
  full: string;
  /** e.g. `Monday 23 November` */
  date: string;
  /** e.g. `9:30 am` */
  time: string;
}

// Some ICU versions put narrow or no-break spaces in times; they are not in the GSM alphabet
// and would make every text a (shorter, dearer) UCS-2 message.
const plainSpaces = (text: string): string => text.replace(/[\u00a0\u2007\u2009\u202f]/g, ' ');

/** Formats an ISO start time; undefined when the time, zone or locale is unusable. */
export function formatStart(iso: string, timeZone: string, locale: string): FormattedStart | undefined {
  const start = DateTime.fromISO(iso, { zone: timeZone, locale });
  if (!start.isValid) return undefined;
  // "Mon 23 Nov" rather than the locale's "Mon, 23 Nov": the full form already has a comma
  // before the time, and two read as a list.
  const shortDate = plainSpaces(
    start
      .toLocaleParts({ weekday: 'short', day: 'numeric', month: 'short' })
      .map((part, i, parts) => (part.type === 'literal' && parts[i - 1]?.type === 'weekday' && part.value.trim() === ',' ? ' ' : part.value))
      .join(''),
  );
  const time = plainSpaces(start.toLocaleString({ hour: 'numeric', minute: '2-digit' }));
  return {
    full: `${shortDate}, ${time}`,
    date: plainSpaces(start.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' })),
    time,
  };
}

/**
 * `{{ Appointment.start }}` prints the full form; `.date` and `.time` print the parts; the
 * `date` filter formats the instant itself (`{{ Appointment.start | date: "%A %e %B" }}`).
 */
export class StartDrop extends Drop {
  readonly date: string;
  readonly time: string;
  readonly #full: string;
  readonly #instant: Date;
  constructor(formatted: FormattedStart, instant: Date) {
    super();
    this.date = formatted.date;
    this.time = formatted.time;
    this.#full = formatted.full;
    this.#instant = instant;
  }
  override valueOf(): string {
    return this.#full;
  }
  /** The start as a Date, for the `date` filter. */
  instant(): Date {
    return new Date(this.#instant.getTime());
  }
}

/**
 * The given name, or when the PMS has none, the first word of the display name
 * (after the comma for "Family, Given" names).
 */
export function firstNameOf(patient: Appointment['patient']): string {
  const given = patient.firstName?.trim();
  if (given) return given;
  const name = patient.name.trim();
  const comma = name.indexOf(',');
  const givenPart = comma >= 0 && name.slice(comma + 1).trim() !== '' ? name.slice(comma + 1) : name;
  return givenPart.trim().split(/\s+/)[0] ?? '';
}

/** What a template is rendered with. */
export interface RenderContext {
  appointment?: Appointment;
  /** The video link, for templates that need one. */
  url?: string;
  /** Where to go, e.g. `room 7`, for DoctorReady. */
  room?: string;
  /** What reception wrote, for StaffReply (untrusted: printed, never parsed). */
  text?: string;
  /** Alerts: what is failing, e.g. `texting`. */
  system?: string;
  /** Alerts: the newest error code, e.g. `CA_ERR_NOT_READY`; JoinCode: the 6-digit join code. */
  code?: string;
  /** JoinCode: minutes the code works. */
  minutes?: string;
  /** Alerts: since when it has been failing, in clinic time. */
  since?: string;
  /** A booked guest's name as reception typed it (GuestBooked, GuestAdded). */
  guestName?: string;
  /** A booked guest's kind in words, e.g. `interpreter` (GuestAdded). */
  guestKind?: string;
  /** The names of the guests a patient refused, e.g. `Ana (interpreter)` (GuestRefused). */
  guestNames?: string;
  /** The open questions on a phone, by day and time in the message's language (WhichAppointment). */
  choices?: string;
  /** How many minutes late the practitioner runs (RunningLate, WaitEstimate). */
  delay?: string;
  /** When this patient is expected to be called in, a clinic time in the message's language. */
  estimate?: string;
  /** Instants (epoch ms) to format in the text's locale and the clinic's zone: they fill `estimate` and `choices` (see format-times.ts). */
  times?: { estimate?: number; choices?: number[] };
}

/**
 * The Liquid scope for a render. Optional values the PMS may lack become null (they print
 * as nothing) so that strict variables still catch misspelt names. Throws a plain Error
 * (the caller adds the template name) when the start time cannot be read.
 */
export function buildScope(clinic: ClinicInfo, ctx: RenderContext): Record<string, unknown> {
  const scope: Record<string, unknown> = {
    clinic: { name: clinic.name, phone: clinic.phone ?? null },
  };
  const appointment = ctx.appointment;
  if (appointment) {
    const start = formatStart(appointment.start, clinic.timeZone, clinic.locale);
    if (!start) throw new Error(`the appointment start "${appointment.start}" is not a usable time`);
    const mobile = appointment.patient.mobile;
    scope.Patient = {
      name: appointment.patient.name,
      firstName: firstNameOf(appointment.patient),
      id: appointment.patient.id,
      telecom: { mobile: mobile ? (toE164(mobile, clinic.region) ?? mobile) : null },
    };
    scope.Practitioner = { name: appointment.practitioner.name, id: appointment.practitioner.id };
    const instant = new Date(Date.parse(appointment.start));
    scope.Appointment = { id: appointment.id, start: new StartDrop(start, instant), status: appointment.status };
  }
  if (ctx.url !== undefined) scope.url = ctx.url;
  if (ctx.room !== undefined) scope.room = ctx.room;
  if (ctx.text !== undefined) scope.text = ctx.text;
  if (ctx.system !== undefined) scope.system = ctx.system;
  if (ctx.code !== undefined) scope.code = ctx.code;
  if (ctx.since !== undefined) scope.since = ctx.since;
  if (ctx.minutes !== undefined) scope.minutes = ctx.minutes;
  if (ctx.guestName !== undefined) scope.guestName = ctx.guestName;
  if (ctx.guestKind !== undefined) scope.guestKind = ctx.guestKind;
  if (ctx.guestNames !== undefined) scope.guestNames = ctx.guestNames;
  if (ctx.choices !== undefined) scope.choices = ctx.choices;
  if (ctx.delay !== undefined) scope.delay = ctx.delay;
  if (ctx.estimate !== undefined) scope.estimate = ctx.estimate;
  return scope;
}
