import type { TemplateName } from '../engine/decisions.js';

/*
 * The texts patients get unless the clinic changes them. Written for someone unwell and not
 * technical: short (one SMS segment where the content allows), plain GSM characters only (one
 * curly quote or dash would halve the segment size), the least personal detail that still
 * makes sense (first name, practitioner, time), and only reply words the engine accepts by
 * default (YES, NO, ARRIVED, JOINED, CODE). STOP appears only in Help: it is the carrier's opt-out
 * word, never a workflow word.
 */

/** Sentence tail "…call reception on 02 9999 9999" that reads well without a clinic phone. */
const CALL_RECEPTION = 'call reception{% if clinic.phone %} on {{ clinic.phone }}{% endif %}';

/** Default Liquid template for every message the host sends. */
export const DEFAULT_TEMPLATES: Readonly<Record<TemplateName, string>> = Object.freeze({
  Registration:
    'Hi {{ Patient.firstName }}, your appointment at {{ clinic.name }} with {{ Practitioner.name }} is on' +
    ' {{ Appointment.start.date }} at {{ Appointment.start.time }}. We will text you on the day.',
  ConsiderTeleHealth:
    'Hi {{ Patient.firstName }}, about your {{ Appointment.start.time }} appointment with {{ Practitioner.name }}:' +
    ' reply YES for a video consult from home, or NO to come in to the clinic.',
  CantConsiderTeleHealth:
    'Hi {{ Patient.firstName }}, for your {{ Appointment.start.time }} appointment with {{ Practitioner.name }},' +
    ' please reply ARRIVED when you are in the car park or waiting room.',
  VideoWelcome:
    'Hi {{ Patient.firstName }}, your {{ Appointment.start.time }} appointment with {{ Practitioner.name }} is a video' +
    ' consult. We will text you the link a few minutes before it starts.',
  ScreeningYesToVideo:
    'Thanks. Your appointment with {{ Practitioner.name }} will be a video consult. We will text you the link a few' +
    ' minutes before {{ Appointment.start.time }}.',
  ScreeningNoToVideo:
    'Thanks. Please come in for your {{ Appointment.start.time }} appointment with {{ Practitioner.name }}, and reply' + ' ARRIVED when you get here.',
  ScreeningDontUnderstand: `Sorry, we did not understand. Please reply YES for a video consult or NO to come in, or ${CALL_RECEPTION}.`,
  VideoInvite: 'Your video consult with {{ Practitioner.name }} is ready to join:\n{{ url }}\nPlease reply JOINED once you are in.',
  VideoThanks: 'Thanks. {{ Practitioner.name }} will be with you soon. Please keep the video open.',
  VideoDontUnderstand: `Sorry, we did not understand. Please reply JOINED once you are in the video consult, or ${CALL_RECEPTION}.`,
  ArrivedThanks: 'Thanks, {{ Patient.firstName }}. We will text you when {{ Practitioner.name }} is ready for you.',
  ArrivingDontUnderstand: `Sorry, we did not understand. Please reply ARRIVED when you get here, or ${CALL_RECEPTION}.`,
  DoctorReady: '{{ Practitioner.name }} is ready for you now. Please come to {{ room }}.',
  DoctorReadyVideo: '{{ Practitioner.name }} is ready for you now. Please join your video consult:\n{{ url }}',
  UnknownPhone: `{{ clinic.name }}: sorry, we could not find an appointment for this number. Please ${CALL_RECEPTION}.`,
  TooManyAppointments:
    `{{ clinic.name }}: you have more than one appointment with us, so we could not tell which one you meant.` + ` Please ${CALL_RECEPTION}.`,
  Unexpected: `{{ clinic.name }}: sorry, we were not expecting a text from you just now. Please ${CALL_RECEPTION}.`,
  Cancellation:
    'Hi {{ Patient.firstName }}, your appointment with {{ Practitioner.name }} on {{ Appointment.start.date }} at' +
    ` {{ Appointment.start.time }} has been cancelled. To book again, please ${CALL_RECEPTION}.`,
  // Guests (issue 15): no names, no appointment details; the link text is meant to be passed on.
  GuestLink: 'Here is a link for your guest to join your video consult. Please pass it on to them only:\n{{ url }}\nIt works for this consult only.',
  GuestNoVideo: `Sorry, we can send a link for a guest only once your video consult link has been sent. For help, please ${CALL_RECEPTION}.`,
  GuestLimit: `Sorry, no more guests can join this video consult. For help, please ${CALL_RECEPTION}.`,
  GuestUnavailable: `Sorry, guests cannot be added to video consults at {{ clinic.name }} just now. For help, please ${CALL_RECEPTION}.`,
  // Join codes (video.verifyJoin): the code goes to the patient's registered number only, in a text of its own.
  JoinCode: 'Your code for the video consult: {{ code }}. Enter it on the page the link opens. It works for {{ minutes }} minutes. Reply CODE for a new one.',
  JoinCodeLimit: `Sorry, we cannot send more codes for this video consult. Please ${CALL_RECEPTION}.`,
  JoinCodeNone: `Sorry, there is no video consult code to send you just now. For help, please ${CALL_RECEPTION}.`,
  // Guests booked by reception: the guest's own text names the clinic and the name they join as, never the patient.
  GuestBooked: 'You are invited to join a video consult at {{ clinic.name }} as {{ guestName }}:\n{{ url }}',
  GuestAdded: '{{ guestName }} ({{ guestKind }}) will join your video consult. Reply NO GUEST if you do not want them to.',
  GuestRefused: `Thanks. {{ guestNames }} will not join your video consult. For help, please ${CALL_RECEPTION}.`,
  GuestNoneToRefuse: `No one has been added to your video consult by the clinic, so nothing has changed. For help, please ${CALL_RECEPTION}.`,
  // Confirm or cancel by reply (workflow.confirm.ask). NO, never CANCEL: that is a carrier opt-out word.
  RegistrationConfirm:
    'Hi {{ Patient.firstName }}, your appointment at {{ clinic.name }} with {{ Practitioner.name }} is on' +
    ' {{ Appointment.start.date }} at {{ Appointment.start.time }}. Reply YES to confirm or NO to cancel.',
  ConfirmThanks:
    'Thanks, {{ Patient.firstName }}. Your appointment on {{ Appointment.start.date }} at {{ Appointment.start.time }} is confirmed. We will text you on the day.',
  CancelRequested:
    'Thanks, {{ Patient.firstName }}. Reception will cancel your appointment on {{ Appointment.start.date }} at' +
    ` {{ Appointment.start.time }} and text you. To book again, please ${CALL_RECEPTION}.`,
  ConfirmDontUnderstand:
    'Sorry, we did not understand. Reply YES to confirm your appointment on {{ Appointment.start.date }} at' +
    ` {{ Appointment.start.time }} or NO to cancel, or ${CALL_RECEPTION}.`,
  // Several open questions on one phone: list them by day and time, never guess.
  WhichAppointment: '{{ clinic.name }}: which appointment do you mean, {{ choices }}? Reply with the day, for example YES TODAY or NO TOMORROW.',
  // Running late: only this patient's own estimate, never anyone else's.
  RunningLate: '{{ Practitioner.name }} is running about {{ delay }} minutes late. We now expect to see you at about {{ estimate }}. Sorry for the wait.',
  WaitEstimate: '{{ Practitioner.name }} is running about {{ delay }} minutes late. We expect to see you at about {{ estimate }}.',
  WaitOnTime: '{{ Practitioner.name }} is running on time. We expect to see you at about {{ estimate }}.',
  // Signed with the clinic's name: the patient sees a number, and should know who answered.
  StaffReply: '{{ clinic.name }}: {{ text }}',
  Help: `{{ clinic.name }} appointment texts. For help, please ${CALL_RECEPTION}. Reply STOP to stop these texts.`,
  HostStarted: 'Clinic Arrivals has started at {{ clinic.name }}. Patients will get appointment texts.',
  HostStopped: 'Clinic Arrivals has stopped at {{ clinic.name }}. Patients will get no texts until it starts again.',
  // To the admin (and by email): what fails, since when, the error code. Never anything about a patient.
  AlertFailing: 'Clinic Arrivals alert, {{ clinic.name }}: {{ system }} has been failing since {{ since }} ({{ code }}). Please check the status page.',
  AlertRecovered: 'Clinic Arrivals, {{ clinic.name }}: {{ system }} works again (it had been failing since {{ since }}, {{ code }}).',
});

/**
 * Appended to the last text a number may get today (daily cap), so the patient knows why
 * the texts stop. Starts with a space; plain GSM characters.
 */
export const LAST_MESSAGE_NOTICE = ' This is the last text we can send you today. Please call reception if you need us.';
