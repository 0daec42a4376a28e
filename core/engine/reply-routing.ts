import type { Intent } from '../config/types.js';
import type { PractitionerSettings } from '../contracts/progress.js';
import type { EngineAppointment } from './decisions.js';
import { ARRIVED_STATUSES, CLOSED_STATUSES, isVideoConsult } from './facts.js';
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

/**
 * The host knows this patient arrived (by text, video join or staff), and the visit is not
 * closed: it may have moved on to in progress or fulfilled since. A repeated ARRIVED or JOINED
 * then still reads as that, not as a text nobody expected.
 */
function hasArrived(candidate: Candidate): boolean {
  const { status } = candidate.appointment;
  if (CLOSED_STATUSES.has(status)) return false;
  return ARRIVED_STATUSES.has(status) || candidate.synced.progress.arrivedAt !== undefined;
}

function single(candidates: Candidate[], make: (target: Candidate) => Route): Route | undefined {
  if (candidates.length === 1) return make(candidates[0]!);
  if (candidates.length > 1) return { kind: 'too-many' };
  return undefined;
}

/**
 * Picks the appointment a reply is about when one phone has several today (families,
 * carers): yes/no → the one awaiting a screening answer; joined → the invited one; arrived →
 * the earliest booked in-person one (a screening question still open does not stop arrival).
 * A patient the host already knows arrived who says so again is thanked (once per appointment,
 * by the step's key), whatever the visit's status now, short of cancelled.
 * Anything else goes to the single appointment waiting for something, which explains what it
 * expects. Ambiguity is never guessed: it becomes `too-many`.
 *
 * @param candidates today's appointments for the phone, sorted by start.
 */
export function routeReply(intent: Intent | undefined, candidates: Candidate[]): Route {
  const waiting = candidates.filter((c) => c.waiting !== undefined);
  if (intent === 'yes' || intent === 'no') {
    const answer = intent;
    const route = single(waiting.filter((c) => c.waiting === 'screening-reply'), (target) => ({ kind: 'screening-reply', target, answer }));
    if (route) return route;
  } else if (intent === 'joined') {
    const route = single(waiting.filter((c) => c.waiting === 'joined'), (target) => ({ kind: 'joined', target, alreadyArrived: false }));
    if (route) return route;
    const joinedAlready = candidates.find((c) => isVideoConsult(c.appointment, c.synced.progress) && hasArrived(c));
    if (joinedAlready) return { kind: 'joined', target: joinedAlready, alreadyArrived: true };
  } else if (intent === 'arrived') {
    const inPerson = waiting.filter((c) => c.waiting === 'arrival' || c.waiting === 'screening-reply');
    if (inPerson.length > 0) {
      const [first, second] = inPerson;
      if (second && second.appointment.startMs === first!.appointment.startMs) return { kind: 'too-many' };
      return { kind: 'arrival', target: first!, alreadyArrived: false };
    }
    const arrivedAlready = candidates.find((c) => !isVideoConsult(c.appointment, c.synced.progress) && hasArrived(c));
    if (arrivedAlready) return { kind: 'arrival', target: arrivedAlready, alreadyArrived: true };
  }
  return single(waiting, (target) => ({ kind: 'dont-understand', target })) ?? { kind: 'unexpected' };
}
