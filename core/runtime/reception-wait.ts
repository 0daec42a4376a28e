import type { Clock } from '@clinic-arrivals/plugin-kit';
import { ConflictError, NotFoundError } from '@clinic-arrivals/plugin-kit';
import type { AppointmentView, AppointmentWaitView, PatientCancelOutcome, PractitionerQueueView, WaitControl } from '../api/host-api.js';
import type { AppointmentProgress } from '../engine/progress.js';
import { clinicCalendar, clinicDateOf } from '../engine/calendar.js';
import type { EngineAppointment, EngineSettings } from '../engine/decisions.js';
import type { PractitionerSettings } from '../engine/progress.js';
import { practitionerQueues, type PractitionerQueue } from '../engine/wait/practitioner-queue.js';
import { runningLateSettingsOf } from '../engine/workflow-settings.js';
import { replyUnclearOpen } from '../engine/confirm-plan.js';
import type { Store } from '../store/store.js';
import type { AppointmentCycles } from './appointment-cycles.js';
import type { PractitionerDirectory } from './practitioner-directory.js';
import type { SerialLane } from './serial-lane.js';

/** The inbox reason of a NO to the confirm question that waits for reception. */
export const WANTS_CANCEL_REASON = 'wants-cancel';

export interface ReceptionWaitDeps {
  settings: EngineSettings;
  store: Store;
  clock: Clock;
  lane: SerialLane;
  cycles: AppointmentCycles;
  practitioners: PractitionerDirectory;
  /** Reception's rows for these appointments (as today's list makes them). */
  views(appointments: EngineAppointment[]): Promise<AppointmentView[]>;
  runTodayCycle(): Promise<void>;
  runUpcomingCycle?(): Promise<void>;
}

/** Today's clinic date and day bounds at `now`. */
function clinicToday(now: number, timeZone: string): { today: string; dayStartMs: number; dayEndMs: number } {
  const { dayStarts } = clinicCalendar(now, timeZone, 0);
  return { today: clinicDateOf(now, timeZone), dayStartMs: dayStarts[0]!, dayEndMs: dayStarts[1]! };
}

/**
 * Reception's side of the wait estimate and the confirm-by-reply flow: the queues as the today
 * screen shows them, the running-late override and mute (one clinic day each), and the
 * one-click cancel of a patient who replied NO. Writes go through the host's lane, so they never
 * interleave with a pass reading the same records.
 */
export class ReceptionWait implements WaitControl {
  constructor(private readonly deps: ReceptionWaitDeps) {}

  /** Every practitioner with an appointment today, an override or a mute today; sorted by name. */
  async queues(): Promise<PractitionerQueueView[]> {
    const appointments = await this.deps.cycles.todaysAppointments();
    return this.queueViews(appointments);
  }

  /** Appointments after today that the last poll of the coming days read. */
  async comingAppointments(): Promise<AppointmentView[]> {
    const { clock, settings } = this.deps;
    const tomorrow = clinicToday(clock.now(), settings.clinic.timeZone).dayEndMs;
    const known = await this.deps.lane.run(() => this.deps.cycles.knownAppointments());
    return this.deps.views(known.filter((a) => a.startMs >= tomorrow));
  }

  /** A pass now, so a recorded cancel is carried out without waiting for the loop; a failure is the loop's to report. */
  async nudge(today: boolean): Promise<void> {
    const run = today ? this.deps.runTodayCycle : (this.deps.runUpcomingCycle ?? this.deps.runTodayCycle);
    await run().catch(() => undefined);
  }

  /** The engine's queues for these appointments, with reception's settings of today. */
  async queueMap(appointments: readonly EngineAppointment[]): Promise<Map<string, PractitionerQueue>> {
    const { settings, store, clock } = this.deps;
    const now = clock.now();
    const [progress, practitioners] = await Promise.all([store.loadProgress(appointments.map((a) => a.id)), this.deps.practitioners.map()]);
    return practitionerQueues({
      appointments,
      progress,
      practitioners,
      now,
      ...clinicToday(now, settings.clinic.timeZone),
      inProgressStatus: settings.workflow.inProgressStatus,
      settings: runningLateSettingsOf(settings.workflow),
    });
  }

  /**
   * Sets (`minutes`) or clears (`null`) today's "running late by N minutes" for a practitioner
   * the host knows. Answers their queue as it reads now.
   */
  setRunningLate(practitionerId: string, minutes: number | null): Promise<PractitionerQueueView> {
    return this.change(practitionerId, (settings, today, now) => {
      if (minutes === null) delete settings.lateOverride;
      else settings.lateOverride = { minutes, day: today, setAt: now };
    });
  }

  /** Mutes (or unmutes) running-late texts for a practitioner today. */
  setLateTextsMuted(practitionerId: string, muted: boolean): Promise<PractitionerQueueView> {
    return this.change(practitionerId, (settings, today) => {
      if (muted) settings.lateTextsMutedOn = today;
      else delete settings.lateTextsMutedOn;
    });
  }

  /**
   * Reception carries out a patient's NO: only for an appointment waiting for reception
   * (`confirm: 'wants-cancel'`), else ConflictError. Records `confirm: 'cancel'` (the scheduled
   * pass cancels it in the PMS and sends the Cancellation) and closes the inbox texts that asked
   * for it. Saved before the texts are closed: cut between the two, a second click closes the
   * texts left open and answers 409 (already being cancelled), so nothing is done twice.
   */
  cancelForPatient(appointmentId: string): Promise<PatientCancelOutcome> {
    return this.deps.lane.run(async () => {
      const { store } = this.deps;
      const progress = (await store.loadProgress([appointmentId])).get(appointmentId);
      if (progress?.confirm !== 'wants-cancel') {
        const known = (await this.deps.cycles.knownAppointments()).some((a) => a.id === appointmentId);
        if (!progress && !known) throw new NotFoundError(`no appointment with id ${appointmentId} among the appointments the host knows`);
        // A first click cut off after its save left the texts open: this one closes them, then says why it did nothing else.
        if (progress?.confirm === 'cancel' || progress?.confirm === 'cancelled') await this.closeCancelTexts(appointmentId);
        throw new ConflictError(cancelRefusal(appointmentId, progress?.confirm));
      }
      await store.saveProgress({ ...progress, confirm: 'cancel' });
      const closedTexts = await this.closeCancelTexts(appointmentId);
      const today = (this.deps.cycles.lastPolledToday() ?? []).some((a) => a.id === appointmentId);
      return { closedTexts, today };
    });
  }

  /** Marks the open "wants to cancel" texts of an appointment handled; returns how many. */
  private async closeCancelTexts(appointmentId: string): Promise<number> {
    const { store } = this.deps;
    const waiting = await store.listIncoming({ state: 'unprocessed' });
    const asked = waiting.filter((m) => m.reason === WANTS_CANCEL_REASON && m.appointmentId === appointmentId);
    for (const message of asked) await store.setIncomingState(message.id, 'handled', { reason: WANTS_CANCEL_REASON, appointmentId });
    return asked.length;
  }

  private change(practitionerId: string, edit: (settings: PractitionerSettings, today: string, now: number) => void): Promise<PractitionerQueueView> {
    return this.deps.lane.run(async () => {
      const { store, clock, settings } = this.deps;
      const known = (await this.deps.practitioners.list()).some((p) => p.practitionerId === practitionerId);
      if (!known) throw new NotFoundError(`no practitioner with id ${practitionerId}`);
      const now = clock.now();
      const stored = (await store.listPractitioners()).find((p) => p.practitionerId === practitionerId) ?? { practitionerId };
      const updated: PractitionerSettings = { ...stored };
      edit(updated, clinicDateOf(now, settings.clinic.timeZone), now);
      await store.savePractitioner(updated);
      const appointments = this.deps.cycles.lastPolledToday() ?? [];
      const views = await this.queueViews(appointments, practitionerId);
      return views.find((v) => v.practitionerId === practitionerId)!;
    });
  }

  private async queueViews(appointments: readonly EngineAppointment[], alsoId?: string): Promise<PractitionerQueueView[]> {
    const { clock, settings } = this.deps;
    const today = clinicDateOf(clock.now(), settings.clinic.timeZone);
    const [queues, practitioners] = await Promise.all([this.queueMap(appointments), this.deps.practitioners.map()]);
    const names = new Map<string, string>();
    for (const a of appointments) names.set(a.practitioner.id, a.practitioner.name);
    const ids = new Set([...names.keys(), ...queues.keys()]);
    for (const p of practitioners.values()) {
      if (p.lateOverride?.day === today || p.lateTextsMutedOn === today) ids.add(p.practitionerId);
    }
    if (alsoId !== undefined) ids.add(alsoId);
    const fallback = runningLateSettingsOf(settings.workflow).defaultConsultMinutes;
    return [...ids]
      .filter((id) => !practitioners.get(id)?.ignore)
      .map((id) => queueView(id, queues.get(id), practitioners.get(id), names.get(id), today, fallback))
      .sort((a, b) => (a.name ?? a.practitionerId).localeCompare(b.name ?? b.practitionerId));
  }
}

/** Why a cancel is refused, in words reception can act on. */
function cancelRefusal(appointmentId: string, confirm: string | undefined): string {
  switch (confirm) {
    case 'cancel':
    case 'cancelled':
      return `appointment ${appointmentId} is already being cancelled (or is cancelled)`;
    case 'confirmed':
      return `appointment ${appointmentId} was confirmed by the patient; cancel it in the PMS if they have changed their mind`;
    default:
      return `appointment ${appointmentId} has no "wants to cancel" reply waiting; cancel it in the PMS instead`;
  }
}

/** One practitioner's queue as the today screen shows it: ids and times only, never names of patients. */
function queueView(
  practitionerId: string,
  queue: PractitionerQueue | undefined,
  settings: PractitionerSettings | undefined,
  name: string | undefined,
  today: string,
  defaultConsultMinutes: number,
): PractitionerQueueView {
  const override = settings?.lateOverride?.day === today ? settings.lateOverride : undefined;
  const practitionerName = name ?? settings?.name;
  return {
    practitionerId,
    ...(practitionerName !== undefined ? { name: practitionerName } : {}),
    delayMinutes: override && queue?.source !== 'override' ? override.minutes : (queue?.delayMinutes ?? 0),
    source: override ? 'override' : (queue?.source ?? 'estimate'),
    consultMinutes: queue?.consultMinutes ?? defaultConsultMinutes,
    samples: queue?.samples ?? 0,
    muted: settings?.lateTextsMutedOn === today,
    ...(override ? { override: { minutes: override.minutes, setAt: override.setAt } } : {}),
    ...(queue?.current ? { current: { ...queue.current } } : {}),
    waiting: (queue?.waiting ?? []).map((entry) => ({ ...entry })),
  };
}

/** What today's row shows of the wait: confirm state, reply unclear, running-late texts, the estimate. */
export function appointmentWaitView(
  progress: AppointmentProgress | undefined,
  queue: PractitionerQueue | undefined,
  appointmentId: string,
): AppointmentWaitView | undefined {
  const view: AppointmentWaitView = {};
  if (progress?.confirm)
    view.confirm = { state: progress.confirm, ...(progress.confirmAnsweredAt !== undefined ? { answeredAt: progress.confirmAnsweredAt } : {}) };
  // Only while the question is still open: an answer settles it even when a resumed reply plan left the time behind.
  if (replyUnclearOpen(progress)) view.replyUnclearAt = progress!.replyUnclearAt!;
  if (progress?.lateTexts)
    view.lateTexts = { count: progress.lateTexts, ...(progress.lateToldMinutes !== undefined ? { toldMinutes: progress.lateToldMinutes } : {}) };
  const entry = queue?.waiting.find((w) => w.appointmentId === appointmentId);
  if (entry) view.estimate = { at: entry.estimateMs, delayMinutes: entry.delayMinutes };
  return Object.keys(view).length > 0 ? view : undefined;
}
