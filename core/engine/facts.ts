import type { AppointmentStatus } from '@clinic-arrivals/plugin-kit';
import type { AppointmentProgress, PractitionerSettings } from './progress.js';
import type { Effect, EngineAppointment, EngineSettings, StepName } from './decisions.js';

/** Small, pure questions about one appointment that several steps ask. */

/** How long a visit is assumed to last when the PMS gives no end. */
export const DEFAULT_VISIT_MS = 15 * 60_000;

/** Statuses after which nothing more happens (except the cancellation text and room clean-up). */
export const CLOSED_STATUSES: ReadonlySet<AppointmentStatus> = new Set(['cancelled', 'noshow', 'entered-in-error']);

/** PMS statuses that mean staff have arrived the patient. */
export const ARRIVED_STATUSES: ReadonlySet<AppointmentStatus> = new Set(['arrived', 'checked-in']);

/** Idempotency key of an appointment step: stable across passes and restarts, new when the appointment moves. */
export function stepKey(appointment: EngineAppointment, step: StepName): string {
  return `${appointment.id}:${step}:${appointment.start}`;
}

/** The appointment's end, or its start plus {@link DEFAULT_VISIT_MS} when the PMS has none. */
export function endOf(appointment: EngineAppointment): number {
  return appointment.endMs ?? appointment.startMs + DEFAULT_VISIT_MS;
}

/** A video consult: the PMS says so, or the patient chose video at screening. */
export function isVideoConsult(appointment: EngineAppointment, progress: AppointmentProgress | undefined): boolean {
  return appointment.isVideo || progress?.screening === 'video';
}

/** The host knows the patient arrived (it marked them, or saw them arrived in the PMS). */
export function wasArrived(progress: AppointmentProgress | undefined): boolean {
  return progress?.arrivedAt !== undefined || (progress?.lastStatus !== undefined && ARRIVED_STATUSES.has(progress.lastStatus));
}

/** The host may offer video for this practitioner right now. */
export function canOfferVideo(settings: EngineSettings, practitioner: PractitionerSettings | undefined): boolean {
  return settings.videoEnabled && !practitioner?.noVideo;
}

/** The room still needs closing. */
export function hasOpenRoom(progress: AppointmentProgress | undefined): boolean {
  return progress?.room !== undefined && progress.roomClosedAt === undefined;
}

/** Room and PMS record before a text that relies on them; nothing with video off. */
export function videoSetupEffects(appointment: EngineAppointment, progress: AppointmentProgress, settings: EngineSettings): Effect[] {
  if (!settings.videoEnabled) return [];
  const effects: Effect[] = [{ type: 'ensureVideoRoom', appointment }];
  if (!progress.videoRecordedInPms) effects.push({ type: 'recordVideoInPms', appointment });
  return effects;
}
