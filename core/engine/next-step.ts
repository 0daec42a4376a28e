import { DateTime } from 'luxon';
import type { AppointmentProgress, PractitionerSettings } from './progress.js';
import { clinicDayStart, insideWindow, parseClockTime } from './calendar.js';
import type { EngineAppointment, EngineSettings, TemplateName } from './decisions.js';
import { shouldAskToConfirm } from './confirm-plan.js';
import { CLOSED_STATUSES, canOfferVideo, endOf, isVideoConsult, wasArrived } from './facts.js';

/** The next text the scheduled planner will send for an appointment, and when it is due. */
export interface NextStep {
  step: 'registration' | 'screening' | 'video-invite' | 'doctor-ready';
  template?: TemplateName;
  /** Epoch ms when it is due (may be past: the next pass sends it). */
  at: number;
}

const MINUTE = 60_000;

/**
 * The first instant at or after `from` inside the sending window (clinic time). A malformed
 * window allows every minute, as the planner reads it.
 */
export function nextSendingTime(from: number, timeZone: string, window: { start: string; end: string }): number {
  const local = DateTime.fromMillis(from, { zone: timeZone });
  if (insideWindow(local.hour * 60 + local.minute, window)) return from;
  const start = parseClockTime(window.start) ?? 0;
  const opening = local.set({ hour: Math.floor(start / 60) % 24, minute: start % 60, second: 0, millisecond: 0 });
  return (opening.toMillis() > from ? opening : opening.plus({ days: 1 })).toMillis();
}

/** Registration goes out 1 to `registrationDaysAhead` clinic days before the visit, inside sending hours. */
function registrationStep(appointment: EngineAppointment, progress: AppointmentProgress, settings: EngineSettings, now: number): NextStep | undefined {
  const { timeZone } = settings.clinic;
  const daysAhead = settings.workflow.registrationDaysAhead;
  if (daysAhead < 1) return undefined;
  const visitDay = DateTime.fromMillis(clinicDayStart(appointment.startMs, timeZone), { zone: timeZone });
  const firstDay = visitDay.minus({ days: daysAhead }).toMillis();
  const at = nextSendingTime(Math.max(now, firstDay), timeZone, settings.workflow.quietHours);
  const template: TemplateName = shouldAskToConfirm(progress, settings) ? 'RegistrationConfirm' : 'Registration';
  return at < visitDay.toMillis() ? { step: 'registration', template, at } : undefined;
}

/** The video link the invite can carry: the host's rooms, or a link the PMS holds that the host did not write. */
function hasPatientLink(appointment: EngineAppointment, progress: AppointmentProgress, settings: EngineSettings): boolean {
  if (settings.videoEnabled) return true;
  return !!appointment.videoLink && appointment.videoLink !== progress.room?.practitionerLink;
}

function screeningTemplate(appointment: EngineAppointment, settings: EngineSettings, practitioner: PractitionerSettings | undefined): TemplateName {
  if (appointment.isVideo) return 'VideoWelcome';
  return canOfferVideo(settings, practitioner) ? 'ConsiderTeleHealth' : 'CantConsiderTeleHealth';
}

/**
 * The next planned text for reception's list, read from the same settings and facts as the
 * scheduled planner (core/engine/scheduled-steps.ts): screening `screeningMinutes` before the
 * start, the video invite `videoInviteMinutes` before, registration in the next sending window
 * of the days before, doctor-ready once reception starts an arrived visit. Undefined when
 * nothing is planned: closed, done, ignored, no mobile, or waiting for the patient or reception.
 * Policy stops (opt-out, daily cap, test whitelist) are not predicted.
 */
export function nextStepOf(
  appointment: EngineAppointment,
  progress: AppointmentProgress | undefined,
  settings: EngineSettings,
  now: number,
  practitioner?: PractitionerSettings,
): NextStep | undefined {
  if (practitioner?.ignore || !appointment.mobileE164 || CLOSED_STATUSES.has(appointment.status)) return undefined;
  const { timeZone } = settings.clinic;
  const today = clinicDayStart(now, timeZone);
  if (appointment.startMs < today) return undefined;
  const isToday = clinicDayStart(appointment.startMs, timeZone) === today;
  const p: AppointmentProgress = progress ?? { appointmentId: appointment.id };
  const video = isVideoConsult(appointment, p);

  if (isToday && appointment.status === settings.workflow.inProgressStatus && wasArrived(p) && p.doctorReadySentAt === undefined) {
    if (video && !hasPatientLink(appointment, p, settings)) return undefined;
    return { step: 'doctor-ready', template: video ? 'DoctorReadyVideo' : 'DoctorReady', at: now };
  }
  if (appointment.status !== 'booked') return undefined;
  if (!isToday) return p.registrationSentAt === undefined ? registrationStep(appointment, p, settings, now) : undefined;
  if (now >= endOf(appointment) || p.arrivedAt !== undefined) return undefined;

  const inviteAt = appointment.startMs - settings.workflow.videoInviteMinutes * MINUTE;
  // The planner tries the invite before the screening: a PMS video consult not screened by then skips the welcome.
  if (video && p.videoInviteSentAt === undefined && hasPatientLink(appointment, p, settings) && (p.screening !== undefined || now >= inviteAt)) {
    return { step: 'video-invite', template: 'VideoInvite', at: inviteAt };
  }
  if (p.screening === undefined) {
    return {
      step: 'screening',
      template: screeningTemplate(appointment, settings, practitioner),
      at: appointment.startMs - settings.workflow.screeningMinutes * MINUTE,
    };
  }
  // Asked: waiting for the patient's answer. In person: waiting for them to arrive.
  return undefined;
}
