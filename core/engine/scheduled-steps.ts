import type { AppointmentProgress, PractitionerSettings } from './progress.js';
import { dayIndexOf } from './calendar.js';
import type { Effect, EngineAppointment, EngineSettings, EngineState, TemplateName } from './decisions.js';
import { CLOSED_STATUSES, canOfferVideo, endOf, hasOpenRoom, isVideoConsult, stepKey, videoSetupEffects, wasArrived } from './facts.js';
import { cancelRecorded, planRecordedCancel, shouldAskToConfirm } from './confirm-plan.js';
import { joinLockTerms, liveJoinLock, planJoinCodeText, planJoinLockWithdrawal } from './join-code-plan.js';
import type { PassContext } from './pass.js';
import type { StepPlan } from './plan.js';
import { planRunningLate } from './running-late-plan.js';
import type { SendEffect } from './send-gate.js';

/**
 * What the scheduled-step planner looks at for one appointment in a pass (not the API's
 * AppointmentView, which is a row of today's list as reception sees it).
 */
export interface ScheduledStepInput {
  appointment: EngineAppointment;
  progress: AppointmentProgress;
  practitioner: PractitionerSettings | undefined;
  state: EngineState;
  settings: EngineSettings;
  pass: PassContext;
}

const MINUTE = 60_000;
/*
 * Where DoctorReady sends the patient when the practitioner has no room set, as every
 * practitioner first seen in the PMS has: the template needs a room, and an empty one would
 * fail to render on every pass, so the patient would never be told.
 */
const ROOM_WHEN_UNSET = 'reception';

function send(view: ScheduledStepInput, template: TemplateName, step: Parameters<typeof stepKey>[1], extra: Partial<SendEffect> = {}): SendEffect {
  const { appointment } = view;
  return { type: 'send', key: stepKey(appointment, step), to: appointment.mobileE164!, template, appointment, ...extra };
}

/**
 * The video link fields for a text that carries the link. With video on, the executor fills
 * `url` from the appointment's room. With video off the host has no rooms; a link the PMS
 * already holds (the clinic's own video system) is passed as-is; without one there is no
 * link to send and the caller skips the text. A PMS link the host wrote itself, while video
 * was on, is the practitioner's (a moderator link): never the patient's, so also skipped.
 * With `video.verifyJoin` the room's link goes behind the appointment's join lock.
 */
function linkFields(view: ScheduledStepInput): Partial<SendEffect> | undefined {
  if (view.settings.videoEnabled) {
    const joinLock = joinLockTerms(view.appointment, view.progress, view.settings, view.pass.now);
    return joinLock ? { withVideoUrl: true, joinLock } : { withVideoUrl: true };
  }
  const link = view.appointment.videoLink;
  if (link && link !== view.progress.room?.practitionerLink) return { vars: { url: link } };
  return undefined;
}

function videoSetup(view: ScheduledStepInput): Effect[] {
  return videoSetupEffects(view.appointment, view.progress, view.settings);
}

/** Closing the room, and with it taking its join lock (if any) off the gate. */
function roomClosing(view: ScheduledStepInput): Effect[] {
  const { appointment, state } = view;
  const close: Effect = { type: 'closeVideoRoom', appointmentId: appointment.id };
  return liveJoinLock(state, appointment.id) ? [close, { type: 'withdrawJoinLock', appointmentId: appointment.id }] : [close];
}

/** 11: cancellation text (opt-in by config, only if we texted them, within sending hours) and room clean-up. */
function planClosed(view: ScheduledStepInput): StepPlan | undefined {
  const { appointment, progress, settings, pass } = view;
  const closeRoom: Effect[] = hasOpenRoom(progress) ? roomClosing(view) : [];
  const cleanup: StepPlan | undefined = closeRoom.length ? { step: 'room-cleanup', before: closeRoom, patch: { roomClosedAt: pass.now } } : undefined;
  // The patient asked to cancel (by reply, or reception clicked cancel for them): they are told
  // whatever `cancellationMessages` says, under the same key, so never twice.
  const byPatient = cancelRecorded(progress) && appointment.status === 'cancelled';
  const closed: Partial<AppointmentProgress> = closeRoom.length ? { roomClosedAt: pass.now } : {};
  if (byPatient && progress.cancellationSentAt !== undefined) return { step: 'cancel', before: closeRoom, patch: { ...closed, confirm: 'cancelled' } };
  const wantsCancellation =
    appointment.status === 'cancelled' &&
    progress.cancellationSentAt === undefined &&
    (byPatient || (settings.workflow.cancellationMessages && (progress.registrationSentAt !== undefined || progress.screeningSentAt !== undefined)));
  if (!wantsCancellation || !pass.insideSendingHours) return cleanup;
  return {
    step: byPatient ? 'cancel' : 'cancellation',
    before: closeRoom,
    send: send(view, 'Cancellation', 'cancellation'),
    patch: { ...closed, cancellationSentAt: pass.now, ...(byPatient ? { confirm: 'cancelled' as const } : {}) },
    ...(cleanup ? { onSuppressed: cleanup } : {}),
  };
}

/**
 * A video room outlives its appointment by `closeRoomsAfterMinutes` (the doctor may run late),
 * then is closed so its links stop working. Providers also expire links themselves.
 */
function planRoomCleanup(view: ScheduledStepInput): StepPlan | undefined {
  const { appointment, progress, settings, pass } = view;
  if (!hasOpenRoom(progress)) return undefined;
  if (pass.now < endOf(appointment) + settings.workflow.closeRoomsAfterMinutes * MINUTE) return undefined;
  return { step: 'room-cleanup', before: roomClosing(view), patch: { roomClosedAt: pass.now } };
}

/** 7: the PMS moved an arrived patient to the in-progress status. */
function planDoctorReady(view: ScheduledStepInput): StepPlan | undefined {
  const { appointment, progress, settings, practitioner, pass } = view;
  if (appointment.status !== settings.workflow.inProgressStatus || !wasArrived(progress)) return undefined;
  if (progress.doctorReadySentAt !== undefined) return undefined;
  const patch = { doctorReadySentAt: pass.now };
  if (isVideoConsult(appointment, progress)) {
    const link = linkFields(view);
    // The room normally exists since the invite; ensuring it covers a consult the PMS made video late.
    // The patient may have joined with the invite's link already, and some links work once.
    const fields = link?.withVideoUrl ? { ...link, rejoinVideoUrl: true } : link;
    return fields ? { step: 'doctor-ready', before: videoSetup(view), send: send(view, 'DoctorReadyVideo', 'doctor-ready', fields), patch } : undefined;
  }
  return { step: 'doctor-ready', send: send(view, 'DoctorReady', 'doctor-ready', { vars: { room: practitioner?.room?.trim() || ROOM_WHEN_UNSET } }), patch };
}

/**
 * 1: registration text for a coming day, inside sending hours, once. With `workflow.confirm.ask`
 * it asks the patient to confirm or cancel, unless they answered already (an answer outlives a
 * move to another day: the host asks once).
 */
function planRegistration(view: ScheduledStepInput, day: number): StepPlan | undefined {
  const { progress, settings, pass } = view;
  if (day < 1 || day > settings.workflow.registrationDaysAhead) return undefined;
  if (progress.registrationSentAt !== undefined || !pass.insideSendingHours) return undefined;
  if (shouldAskToConfirm(progress, settings)) {
    return { step: 'registration', send: send(view, 'RegistrationConfirm', 'registration'), patch: { registrationSentAt: pass.now, confirm: 'asked' } };
  }
  return { step: 'registration', send: send(view, 'Registration', 'registration'), patch: { registrationSentAt: pass.now } };
}

/** 5 (no text): the video provider saw the patient join → arrived. */
function planVideoJoin(view: ScheduledStepInput): StepPlan | undefined {
  const { appointment, progress, state, pass } = view;
  if (!isVideoConsult(appointment, progress) || progress.arrivedAt !== undefined) return undefined;
  if (!state.patientJoined.has(appointment.id)) return undefined;
  return {
    step: 'joined',
    before: [{ type: 'markArrived', appointment }],
    patch: { arrivedAt: pass.now, arrivedBy: 'video-join' },
  };
}

/** 4: the video link, shortly before the start, once. An unscreened PMS video consult skips the welcome. */
function planVideoInvite(view: ScheduledStepInput): StepPlan | undefined {
  const { appointment, progress, settings, pass } = view;
  if (!isVideoConsult(appointment, progress) || progress.videoInviteSentAt !== undefined) return undefined;
  if (progress.arrivedAt !== undefined || pass.now < appointment.startMs - settings.workflow.videoInviteMinutes * MINUTE) return undefined;
  const link = linkFields(view);
  if (!link) return undefined;
  const patch: Partial<AppointmentProgress> = { videoInviteSentAt: pass.now };
  if (progress.screening === undefined) Object.assign(patch, { screening: 'video', screeningSentAt: pass.now });
  return { step: 'video-invite', before: videoSetup(view), send: send(view, 'VideoInvite', 'video-invite', link), patch };
}

/** 2: the screening question (or its video / in-person variants), within screeningMinutes of the start. */
function planScreening(view: ScheduledStepInput): StepPlan | undefined {
  const { appointment, progress, settings, practitioner, pass } = view;
  if (progress.screening !== undefined || progress.arrivedAt !== undefined) return undefined;
  if (pass.now < appointment.startMs - settings.workflow.screeningMinutes * MINUTE) return undefined;
  if (appointment.isVideo) {
    // The PMS already books this as video: never ask to come in. With video off the host
    // makes no room; the welcome (whose text says the link follows) still prepares the patient,
    // and the invite later passes on a link the PMS holds, if any.
    return {
      step: 'screening',
      before: videoSetup(view),
      send: send(view, 'VideoWelcome', 'screening'),
      patch: { screening: 'video', screeningSentAt: pass.now },
    };
  }
  if (!canOfferVideo(settings, practitioner)) {
    return { step: 'screening', send: send(view, 'CantConsiderTeleHealth', 'screening'), patch: { screening: 'in-person', screeningSentAt: pass.now } };
  }
  return { step: 'screening', send: send(view, 'ConsiderTeleHealth', 'screening'), patch: { screening: 'asked', screeningSentAt: pass.now } };
}

/**
 * The one step due for this appointment now, or undefined. At most one step per appointment
 * per pass: the next pass (seconds later) sees the saved progress and goes on.
 */
export function planScheduledStep(view: ScheduledStepInput): StepPlan | undefined {
  const { appointment, pass } = view;
  const day = dayIndexOf(pass.calendar, appointment.startMs);
  if (day < 0) return undefined;
  const withdrawal = planJoinLockWithdrawal(appointment, view.progress, view.state);
  if (withdrawal) return withdrawal;
  if (CLOSED_STATUSES.has(appointment.status)) return planClosed(view);
  const cancel = planRecordedCancel(view);
  if (cancel) return cancel;
  const roomCleanup = planRoomCleanup(view);
  if (roomCleanup) return roomCleanup;
  if (day === 0) {
    // The code follows the link that needs it at once, whatever the PMS has done meanwhile.
    const code = planJoinCodeText(appointment, view.progress, view.state, view.settings, pass.now);
    if (code) return code;
    const ready = planDoctorReady(view);
    if (ready) return ready;
  }
  if (day > 0) return appointment.status === 'booked' ? planRegistration(view, day) : undefined;
  if (appointment.status === 'booked' && pass.now < endOf(appointment)) {
    const step = planVideoJoin(view) ?? planVideoInvite(view) ?? planScreening(view);
    if (step) return step;
  }
  // Last: a patient with a step due gets it first, and the delay text a pass later.
  return planRunningLate(view);
}
