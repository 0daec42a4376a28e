import type { Intent } from './workflow-settings.js';
import { BEFORE_ARRIVAL_STATUSES } from '@clinic-arrivals/plugin-kit';
import type { PractitionerSettings } from './progress.js';
import type { EngineAppointment } from './decisions.js';
import { ARRIVED_STATUSES, CLOSED_STATUSES, hasOpenRoom, isVideoConsult } from './facts.js';
import type { SyncedProgress } from './progress-sync.js';

/** The kind of reply an appointment's current step waits for. */
export type Waiting = 'screening-reply' | 'joined' | 'arrival';

/** One of today's appointments on the sender's phone, with its progress brought up to date. */
export interface Candidate {
  appointment: EngineAppointment;
  synced: SyncedProgress;
  practitioner: PractitionerSettings | undefined;
  waiting: Waiting | undefined;
}

/** Where a reply goes. */
export type Route =
  | { kind: 'screening-reply'; target: Candidate; answer: 'yes' | 'no' }
  /** `alreadyArrived`: the host already knows this video patient arrived; thank (once), do not mark again. */
  | { kind: 'joined'; target: Candidate; alreadyArrived: boolean }
  /** `alreadyArrived`: staff (or an earlier text) got there first; thank, do not mark again. */
  | { kind: 'arrival'; target: Candidate; alreadyArrived: boolean }
  | { kind: 'dont-understand'; target: Candidate }
  /** GUEST from the patient of the one video consult whose invite is out and whose room is open. */
  | { kind: 'guest'; target: Candidate }
  /** GUEST with no video invite out (or its room already closed): one clear answer, nothing created. */
  | { kind: 'guest-no-video' }
  /** CODE from the patient of the one video consult whose invite is out and whose room is open. */
  | { kind: 'join-code'; target: Candidate }
  /** CODE with no video invite out: one clear answer, nothing created. */
  | { kind: 'join-code-none' }
  | { kind: 'too-many' }
  | { kind: 'unexpected' };

/** What an appointment waits for now (booked only): screening answer, video join, or arrival. */
export function waitingFor(candidate: Omit<Candidate, 'waiting'>): Waiting | undefined {
  const { appointment } = candidate;
  const progress = candidate.synced.progress;
  if (appointment.status !== 'booked' || progress.arrivedAt !== undefined) return undefined;
  if (isVideoConsult(appointment, progress)) return progress.videoInviteSentAt !== undefined ? 'joined' : undefined;
  return progress.screening === 'asked' ? 'screening-reply' : 'arrival';
}

/** The host knows this patient arrived: it marked them, saw the join, or saw them arrived in the PMS. */
function knownArrived(candidate: Candidate): boolean {
  return candidate.synced.progress.arrivedAt !== undefined || ARRIVED_STATUSES.has(candidate.appointment.status);
}

/**
 * The visit is past the point of arrival and not closed: the host knows the patient arrived,
 * or reception has moved the visit on (arrived, checked in, fulfilled) whether or not the host
 * saw the arrival. A patient who texts ARRIVED or JOINED then means just that (a reply
 * delivered again after the host was down, or a second text), never a text nobody expected.
 */
function isPastArrival(candidate: Candidate): boolean {
  const { status } = candidate.appointment;
  if (CLOSED_STATUSES.has(status)) return false;
  return knownArrived(candidate) || !BEFORE_ARRIVAL_STATUSES.has(status);
}

/**
 * A guest may be invited once the patient has the video link and until the room closes,
 * whether or not the patient joined yet (a guest never counts as the patient's arrival).
 */
function hasVideoInviteOut(candidate: Candidate): boolean {
  const { appointment } = candidate;
  const progress = candidate.synced.progress;
  if (CLOSED_STATUSES.has(appointment.status) || !isVideoConsult(appointment, progress)) return false;
  return progress.videoInviteSentAt !== undefined && hasOpenRoom(progress);
}

function single(candidates: Candidate[], make: (target: Candidate) => Route): Route | undefined {
  if (candidates.length === 1) return make(candidates[0]!);
  if (candidates.length > 1) return { kind: 'too-many' };
  return undefined;
}

/**
 * Picks the appointment a reply is about when one phone has several today (families,
 * carers): yes/no → the one awaiting a screening answer (decideIncoming first weighs it against
 * coming days' confirm questions: several open yes/no questions are settled by a day named in
 * the reply or get one clarifying text, see open-questions.ts); joined → the invited one; arrived →
 * the earliest booked in-person one (a screening question still open does not stop arrival); guest →
 * the video consult whose invite is out and whose room is open.
 * A patient whose visit is past arrival (known to the host, or moved on by reception) who says
 * ARRIVED or JOINED is thanked (once per appointment, by the step's key); when the host did
 * not know of the arrival yet it records it, so the doctor-ready text still follows.
 * Anything else goes to the single appointment waiting for something, which explains what it
 * expects. Ambiguity is never guessed: it becomes `too-many`.
 *
 * @param candidates today's appointments for the phone, sorted by start.
 */
export function routeReply(intent: Intent | undefined, candidates: Candidate[]): Route {
  if (intent === 'guest') return single(candidates.filter(hasVideoInviteOut), (target) => ({ kind: 'guest', target })) ?? { kind: 'guest-no-video' };
  if (intent === 'code') return single(candidates.filter(hasVideoInviteOut), (target) => ({ kind: 'join-code', target })) ?? { kind: 'join-code-none' };
  const waiting = candidates.filter((c) => c.waiting !== undefined);
  if (intent === 'yes' || intent === 'no') {
    const answer = intent;
    const route = single(
      waiting.filter((c) => c.waiting === 'screening-reply'),
      (target) => ({ kind: 'screening-reply', target, answer }),
    );
    if (route) return route;
  } else if (intent === 'joined') {
    const route = single(
      waiting.filter((c) => c.waiting === 'joined'),
      (target) => ({ kind: 'joined', target, alreadyArrived: false }),
    );
    if (route) return route;
    const joinedAlready = candidates.find((c) => isVideoConsult(c.appointment, c.synced.progress) && isPastArrival(c));
    if (joinedAlready) return { kind: 'joined', target: joinedAlready, alreadyArrived: knownArrived(joinedAlready) };
  } else if (intent === 'arrived') {
    const inPerson = waiting.filter((c) => c.waiting === 'arrival' || c.waiting === 'screening-reply');
    if (inPerson.length > 0) {
      const [first, second] = inPerson;
      if (second && second.appointment.startMs === first!.appointment.startMs) return { kind: 'too-many' };
      return { kind: 'arrival', target: first!, alreadyArrived: false };
    }
    const arrivedAlready = candidates.find((c) => !isVideoConsult(c.appointment, c.synced.progress) && isPastArrival(c));
    if (arrivedAlready) return { kind: 'arrival', target: arrivedAlready, alreadyArrived: knownArrived(arrivedAlready) };
  }
  return single(waiting, (target) => ({ kind: 'dont-understand', target })) ?? { kind: 'unexpected' };
}
