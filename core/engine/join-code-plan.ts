import type { AppointmentProgress } from './progress.js';
import type { EngineAppointment, EngineMessage, EngineSettings, EngineState, JoinLockFacts, JoinLockTerms, TemplateName } from './decisions.js';
import { endOf, stepKey } from './facts.js';
import type { IncomingOutcome, StepPlan } from './plan.js';
import type { Candidate } from './reply-routing.js';
import type { SendEffect } from './send-gate.js';

const HANDLED: IncomingOutcome = { state: 'handled' };
const MINUTE = 60_000;
/** The gate keeps nothing longer than a day (see the JoinGate contract). */
const MAX_LOCK_MS = 24 * 60 * MINUTE;

/** Codes per appointment, the first included, before a CODE reply gets `JoinCodeLimit`. */
export const MAX_JOIN_CODES = 5;

/** The key of the one text a CODE message gets (its code, or why not); also the code's issue key. */
export function joinCodeReplyKey(message: EngineMessage): string {
  return `join-code:${message.id}`;
}

/** The lock of an appointment that can still take codes, or undefined. */
export function liveJoinLock(state: EngineState, appointmentId: string): JoinLockFacts | undefined {
  const lock = state.joinLocks?.get(appointmentId);
  return lock && !lock.withdrawn ? lock : undefined;
}

/**
 * The join lock a text with the patient's video link goes behind, or undefined with
 * `video.verifyJoin` off. The lock lasts until the room closes (the appointment's end plus
 * `closeRoomsAfterMinutes`, or the room's own expiry if sooner), never more than a day.
 */
export function joinLockTerms(appointment: EngineAppointment, progress: AppointmentProgress, settings: EngineSettings, now: number): JoinLockTerms | undefined {
  const joinCode = settings.joinCode;
  if (!joinCode) return undefined;
  const closes = endOf(appointment) + settings.workflow.closeRoomsAfterMinutes * MINUTE;
  const roomExpiry = Date.parse(progress.room?.expiresAt ?? '');
  const until = Math.min(Number.isFinite(roomExpiry) ? Math.min(closes, roomExpiry) : closes, now + MAX_LOCK_MS);
  return { expiresAt: new Date(until).toISOString(), codeMinutes: joinCode.minutes, issueKey: stepKey(appointment, 'join-code') };
}

/**
 * The JoinCode text: a code for the appointment's lock (issued once per `issueKey`; the first
 * one was made with the lock, so normally nothing new), then the text with the lock's code.
 */
function codeSend(appointment: EngineAppointment, key: string, settings: EngineSettings, minutes: number): Pick<StepPlan, 'before' | 'send'> {
  return {
    before: [{ type: 'issueJoinCode', appointment, issueKey: key, codeMinutes: minutes, maxCodes: settings.joinCode?.maxCodes ?? MAX_JOIN_CODES }],
    send: {
      type: 'send',
      key,
      // The registered number, never just whoever asked.
      to: appointment.mobileE164!,
      template: 'JoinCode',
      appointment,
      vars: { minutes: String(minutes) },
      joinCodeOf: appointment.id,
    },
  };
}

/**
 * Scheduled, right after the video invite (or the doctor-ready link) went behind a join lock:
 * the first code, in a text of its own, once per appointment start.
 */
export function planJoinCodeText(
  appointment: EngineAppointment,
  progress: AppointmentProgress,
  state: EngineState,
  settings: EngineSettings,
  now: number,
): StepPlan | undefined {
  const joinCode = settings.joinCode;
  if (!joinCode || progress.joinCodeSentAt !== undefined || !liveJoinLock(state, appointment.id)) return undefined;
  if (progress.videoInviteSentAt === undefined && progress.doctorReadySentAt === undefined) return undefined;
  if (progress.room === undefined || progress.roomClosedAt !== undefined) return undefined;
  return { step: 'join-code', ...codeSend(appointment, stepKey(appointment, 'join-code'), settings, joinCode.minutes), patch: { joinCodeSentAt: now } };
}

/** The room closed but its lock is still on the gate (withdrawing failed then): withdraw it. */
export function planJoinLockWithdrawal(appointment: EngineAppointment, progress: AppointmentProgress, state: EngineState): StepPlan | undefined {
  if (!liveJoinLock(state, appointment.id) || progress.room === undefined || progress.roomClosedAt === undefined) return undefined;
  return { step: 'room-cleanup', before: [{ type: 'withdrawJoinLock', appointmentId: appointment.id }] };
}

function answer(message: EngineMessage, template: TemplateName, target?: Candidate): SendEffect {
  const send: SendEffect = { type: 'send', key: joinCodeReplyKey(message), to: message.from, template };
  if (target) send.appointment = target.appointment;
  return send;
}

/**
 * CODE from a patient whose video invite is out: a new code for the consult's lock (recorded
 * first, then republished, which also unlocks a link locked by wrong tries), texted to the
 * registered number, keyed by the message id so a repeat or a crash sends it once. Without a
 * lock (verifyJoin off, or the invite went out without one) `JoinCodeNone`; after
 * `maxCodes` codes `JoinCodeLimit`. Nothing is created when policy stops the text.
 */
export function planJoinCodeReply(target: Candidate, message: EngineMessage, state: EngineState, settings: EngineSettings): [StepPlan, IncomingOutcome] {
  const joinCode = settings.joinCode;
  const lock = liveJoinLock(state, target.appointment.id);
  if (!joinCode || !lock) return [{ step: 'join-code', send: answer(message, 'JoinCodeNone', target) }, HANDLED];
  if (lock.codesIssued >= joinCode.maxCodes) return [{ step: 'join-code', send: answer(message, 'JoinCodeLimit', target) }, HANDLED];
  return [{ step: 'join-code', ...codeSend(target.appointment, joinCodeReplyKey(message), settings, joinCode.minutes), onlyWithSend: true }, HANDLED];
}

/** CODE with no video invite out: one clear answer, nothing created. */
export function planJoinCodeNone(message: EngineMessage): [StepPlan, IncomingOutcome] {
  return [{ step: 'join-code', send: answer(message, 'JoinCodeNone') }, HANDLED];
}
