import { practitionerQueues } from '../../core/engine/wait/practitioner-queue.js';
import { DEFAULT_RUNNING_LATE } from '../../core/engine/workflow-settings.js';
import type { Answer, ScoredAnswer } from './answers.js';
import { AFTERNOON, MORNING, type SimDay, type SimPatient } from './clinic-day.js';
import { HostView } from './host-view.js';
import type { Random } from './random.js';

const SETTINGS = { ...DEFAULT_RUNNING_LATE, texts: true };
/** A patient in the queue sends WAIT about once in this many minutes. */
const WAIT_EVERY_MINUTES = 40;
const FIRST_MINUTE = 7 * 60;
const LAST_MINUTE = 22 * 60;
const CHANGEOVER = 1;
const LUNCH_AT_LEAST = 20;

export interface DayOptions {
  midnightMs: number;
  today: string;
  /** The clinic records the end of a visit (in progress = `checked-in`, then `fulfilled`); else in progress = `fulfilled`. */
  seesDone: boolean;
}

/**
 * Plays one day minute by minute: patients arrive, practitioners call the earliest-booked
 * patient who is there and due (never before the booked start), consults run their drawn
 * length, and the host view follows. Each minute the host's queues are computed with the
 * engine's own `practitionerQueues`; delay texts go out as the host's rule would send them and
 * WAIT requests come at random. Returns every answer with the patient's actual call-in.
 */
export function runDay(day: SimDay, options: DayOptions, askRandom: Random): ScoredAnswer[] {
  const inProgressStatus = options.seesDone ? 'checked-in' : 'fulfilled';
  const view = new HostView(options.midnightMs, inProgressStatus, options.seesDone);
  const byMinute = eventsByMinute(day.patients);
  const calledAt = new Map<string, number>();
  /** Consult ends still to come, by appointment id (minute from midnight). */
  const ends = new Map<string, number>();
  const practitioners = day.practitioners.map((p, i) => {
    const own = day.patients.filter((x) => x.practitioner === i);
    const firstStart = Math.min(...own.map((x) => x.start));
    return { sim: p, own, freeAt: firstStart + p.lateStart, lunched: false };
  });
  const texts = new Map<string, { sent: number; told: number }>();
  const answers: Answer[] = [];
  const dayStartMs = view.msAt(0);
  const dayEndMs = view.msAt(24 * 60);

  for (const patient of day.patients) if (!patient.walkIn) view.listed(patient);
  const toCall = day.patients.filter((x) => x.arrival !== undefined).length;
  const lastEvent = Math.max(...byMinute.keys());
  for (let t = FIRST_MINUTE; t <= LAST_MINUTE && (calledAt.size < toCall || t <= lastEvent); t++) {
    for (const event of byMinute.get(t) ?? []) {
      if (event.kind === 'listed') view.listed(event.patient);
      else if (event.kind === 'arrived') view.arrived(event.patient.id, t);
      else view.markedNoShow(event.patient.id);
    }
    for (const [id, end] of ends) {
      if (end !== t) continue;
      view.done(id, t);
      ends.delete(id);
    }
    for (const p of practitioners) {
      if (t < p.freeAt) continue;
      const ready = p.own.filter((x) => !calledAt.has(x.id) && x.arrival !== undefined && x.arrival <= t && x.createdAt <= t && x.start <= t);
      if (!p.lunched && t >= MORNING.to - 30 && !ready.some((x) => x.start < MORNING.to)) {
        const morningLeft = p.own.some((x) => x.start < MORNING.to && x.start > t);
        if (!morningLeft) {
          p.lunched = true;
          p.freeAt = Math.max(t + LUNCH_AT_LEAST, AFTERNOON.from + p.sim.lateBack);
          continue;
        }
      }
      const next = ready.sort((a, b) => a.start - b.start)[0];
      if (!next) continue;
      calledAt.set(next.id, t);
      view.called(next.id, t);
      ends.set(next.id, t + next.consult);
      p.freeAt = t + next.consult + CHANGEOVER;
    }
    const queues = practitionerQueues({
      appointments: view.appointments,
      progress: view.progress,
      practitioners: new Map(),
      now: view.msAt(t),
      today: options.today,
      dayStartMs,
      dayEndMs,
      inProgressStatus,
      settings: SETTINGS,
    });
    for (const queue of queues.values()) {
      for (const entry of queue.waiting) {
        const arrived = entry.arrivedAt !== undefined;
        if (!arrived && entry.scheduledMs > view.msAt(t + 60)) continue;
        const answer = (kind: Answer['kind']) =>
          answers.push({ kind, appointmentId: entry.appointmentId, at: t, estimate: minutesOf(entry.estimateMs), scheduled: minutesOf(entry.scheduledMs) });
        const told = texts.get(entry.appointmentId) ?? { sent: 0, told: 0 };
        const due = told.sent === 0 ? entry.delayMinutes >= SETTINGS.thresholdMinutes : entry.delayMinutes >= told.told + SETTINGS.stepMinutes;
        if (due && told.sent < SETTINGS.maxTexts) {
          texts.set(entry.appointmentId, { sent: told.sent + 1, told: entry.delayMinutes });
          answer('delay-text');
        }
        if (askRandom.chance(1 / WAIT_EVERY_MINUTES)) answer('wait-reply');
      }
    }
  }
  return answers.flatMap((a) => (calledAt.has(a.appointmentId) ? [{ ...a, actual: calledAt.get(a.appointmentId)! }] : []));

  function minutesOf(ms: number): number {
    return (ms - options.midnightMs) / 60_000;
  }
}

type DayEvent = { kind: 'listed' | 'arrived' | 'no-show'; patient: SimPatient };

function eventsByMinute(patients: readonly SimPatient[]): Map<number, DayEvent[]> {
  const events = new Map<number, DayEvent[]>();
  const add = (minute: number, event: DayEvent) => {
    const at = Math.max(minute, FIRST_MINUTE);
    events.set(at, [...(events.get(at) ?? []), event]);
  };
  for (const patient of patients) {
    if (patient.walkIn) add(patient.createdAt, { kind: 'listed', patient });
    if (patient.arrival !== undefined) add(Math.max(patient.arrival, patient.createdAt), { kind: 'arrived', patient });
    if (patient.markedNoShowAt !== undefined) add(patient.markedNoShowAt, { kind: 'no-show', patient });
  }
  return events;
}
