import { confirmAsked } from '../engine/confirm-plan.js';
import { bookedGuestFacts } from './booked-guest-facts.js';
import type { AppointmentListing, AppointmentSource, TimeRange } from '@clinic-arrivals/plugin-kit';
import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { JoinLockRecord, Store } from '../store/store.js';
import { clinicCalendar } from '../engine/calendar.js';
import { decideScheduled } from '../engine/decide-scheduled.js';
import type { EngineAppointment, EngineSettings, EngineState, JoinLockFacts } from '../engine/decisions.js';
import { startPass } from '../engine/pass.js';
import { prepareAppointments } from '../engine/prepare.js';
import type { Executor } from '../executor/executor.js';
import type { VideoGateway } from '../executor/video-gateway.js';
import type { SerialLane } from './serial-lane.js';
import type { StatusBoard } from './status-board.js';
import { PractitionerRoster } from './practitioner-roster.js';
import { PractitionerDirectory } from './practitioner-directory.js';
import type { HostEvents } from './host-events.js';
import type { HostCounters } from './host-metrics.js';
import { reportEngineFailures } from './engine-failure-report.js';
import { describeError, isAuthError } from '@clinic-arrivals/plugin-kit';

export interface AppointmentCyclesDeps {
  pms: AppointmentSource;
  store: Store;
  clock: Clock;
  logger: Logger;
  executor: Executor;
  settings: EngineSettings;
  lane: SerialLane;
  board: StatusBoard;
  video: VideoGateway;
  /** Hears which appointments a poll found new, changed or gone. */
  events?: Pick<HostEvents, 'emit'>;
  /** Settings from the config and the store; the store's alone when left out. */
  practitioners?: PractitionerDirectory;
  /** Counts appointments the engine could not decide for (`/metrics`). */
  counters?: Pick<HostCounters, 'engineFailed'>;
}

/** What reception sees of an appointment from the PMS; a change in any of it is announced. */
function pmsFingerprint(a: EngineAppointment): string {
  return [
    a.status,
    a.start,
    a.end ?? '',
    a.practitioner.id,
    a.isVideo ? 'video' : '',
    a.videoLink ?? '',
    a.patient.name,
    a.patient.firstName ?? '',
    a.patient.mobile ?? '',
    a.interpreterRequired ? 'interpreter' : '',
  ].join('\u0000');
}

/** Ids of appointments new, changed or gone between two polls of the same range. */
export function changedAppointmentIds(before: readonly EngineAppointment[], after: readonly EngineAppointment[]): string[] {
  const old = new Map(before.map((a) => [a.id, pmsFingerprint(a)]));
  const changed: string[] = [];
  for (const a of after) {
    if (old.get(a.id) !== pmsFingerprint(a)) changed.push(a.id);
    old.delete(a.id);
  }
  return [...changed, ...old.keys()];
}

/**
 * The scheduled engine passes: read the PMS, build the engine's state from it and the store,
 * decide, execute. `today` covers the clinic's current day (often); `upcoming` the coming days
 * up to `registrationDaysAhead` (less often). Both run through the host's single lane.
 */
export class AppointmentCycles {
  private today?: EngineAppointment[];
  private upcoming: EngineAppointment[] = [];
  /** The coming days were read at least once (a reply may answer a confirm question about them). */
  private upcomingPolled = false;
  private readonly skipped: { today: Record<string, number>; upcoming: Record<string, number> } = { today: {}, upcoming: {} };
  /** Appointments whose patient the video provider saw join (fed to the engine). */
  private readonly patientJoined = new Set<string>();
  private readonly roster: PractitionerRoster;
  private readonly practitioners: PractitionerDirectory;

  constructor(private readonly deps: AppointmentCyclesDeps) {
    this.roster = new PractitionerRoster(deps.store);
    this.practitioners = deps.practitioners ?? new PractitionerDirectory(deps.store);
  }

  /** One pass over today's appointments. */
  runToday(): Promise<void> {
    return this.deps.lane.run(async () => {
      const appointments = await this.pollToday();
      await this.detectVideoJoins(appointments);
      await this.decideAndExecute(appointments);
    });
  }

  /** One pass over the coming days (registration texts). */
  runUpcoming(): Promise<void> {
    return this.deps.lane.run(async () => {
      const appointments = await this.pollUpcoming();
      await this.decideAndExecute(appointments);
    });
  }

  /**
   * Every appointment last read from the PMS (today and coming days), for replies. Reads
   * today's first when no poll has happened yet. Call inside the lane.
   */
  async knownAppointments(): Promise<EngineAppointment[]> {
    const today = this.today ?? (await this.pollToday());
    // A reply is decided once: right after a start it must not miss tomorrow's confirm question
    // (so with confirm questions on, a reply waits for the PMS rather than be decided without them).
    const upcoming = this.upcomingPolled || !confirmAsked(this.deps.settings) ? this.upcoming : await this.pollUpcoming();
    return [...today, ...upcoming];
  }

  /** Today's appointments as last polled (reads them when no poll happened yet). */
  async todaysAppointments(): Promise<EngineAppointment[]> {
    return this.today ?? this.deps.lane.run(() => this.pollToday());
  }

  /** Today's appointments as last polled, without polling (undefined before the first poll). */
  lastPolledToday(): EngineAppointment[] | undefined {
    return this.today;
  }

  /** Skipped appointments of the latest polls, by reason. */
  skippedAppointments(): Record<string, number> {
    const total: Record<string, number> = { ...this.skipped.today };
    for (const [reason, count] of Object.entries(this.skipped.upcoming)) total[reason] = (total[reason] ?? 0) + count;
    return total;
  }

  /** What the engine decides from, for these appointments, now. */
  async engineState(appointments: EngineAppointment[]): Promise<EngineState> {
    const { store, clock, settings } = this.deps;
    const now = clock.now();
    const dayStart = clinicCalendar(now, settings.clinic.timeZone, 0).dayStarts[0]!;
    const ids = appointments.map((a) => a.id);
    const [progress, practitioners, sentToday, optedOut, guestGrants, joinLocks, bookedGuests] = await Promise.all([
      store.loadProgress(ids),
      // Config and store together: a practitioner ignored in the config is ignored from the first pass.
      this.practitioners.map(),
      store.countSendsSince(dayStart),
      store.listOptedOut(),
      store.countLiveGuestGrants(),
      store.listJoinLocks(ids),
      store.listLiveBookedGuests(),
    ]);
    return {
      now,
      appointments,
      progress,
      practitioners,
      sentToday,
      optedOut,
      patientJoined: new Set(this.patientJoined),
      guestGrants,
      joinLocks: joinLockFactsOf(joinLocks),
      bookedGuests: bookedGuestFacts(bookedGuests),
    };
  }

  private async decideAndExecute(appointments: EngineAppointment[]): Promise<void> {
    const state = await this.engineState(appointments);
    const pass = startPass(state, this.deps.settings);
    const decisions = decideScheduled(state, this.deps.settings, pass);
    reportEngineFailures(pass.failures, this.deps);
    if (decisions.length > 0) await this.deps.executor.execute(decisions);
  }

  private async pollToday(): Promise<EngineAppointment[]> {
    const calendar = this.calendar();
    const listing = await this.list({ from: calendar.dayStarts[0]!, to: calendar.dayStarts[1]! });
    this.skipped.today = listing.skipped ?? {};
    const before = this.today ?? [];
    this.today = await this.prepare(listing);
    this.announceChanges(before, this.today);
    // Forget joins of appointments no longer listed today, so the set stays small.
    const listed = new Set(this.today.map((a) => a.id));
    for (const id of this.patientJoined) if (!listed.has(id)) this.patientJoined.delete(id);
    return this.today;
  }

  private async pollUpcoming(): Promise<EngineAppointment[]> {
    const calendar = this.calendar();
    const daysAhead = this.deps.settings.workflow.registrationDaysAhead;
    if (daysAhead < 1) {
      this.upcoming = [];
      this.upcomingPolled = true;
      return this.upcoming;
    }
    const listing = await this.list({ from: calendar.dayStarts[1]!, to: calendar.dayStarts[daysAhead + 1]! });
    this.skipped.upcoming = listing.skipped ?? {};
    const before = this.upcoming;
    this.upcoming = await this.prepare(listing);
    this.upcomingPolled = true;
    this.announceChanges(before, this.upcoming);
    return this.upcoming;
  }

  private announceChanges(before: readonly EngineAppointment[], after: readonly EngineAppointment[]): void {
    const { events } = this.deps;
    if (!events) return;
    for (const id of changedAppointmentIds(before, after)) events.emit('appointments', id);
  }

  private calendar() {
    const { clock, settings } = this.deps;
    return clinicCalendar(clock.now(), settings.clinic.timeZone, settings.workflow.registrationDaysAhead);
  }

  private async list(range: TimeRange): Promise<AppointmentListing> {
    let listing: AppointmentListing;
    try {
      listing = await this.deps.pms.listAppointments(range);
    } catch (error) {
      if (isAuthError(error)) this.deps.board.markPluginDown('pms', describeError(error));
      throw error;
    }
    this.deps.board.markPluginRecovered('pms');
    return listing;
  }

  private async prepare(listing: AppointmentListing): Promise<EngineAppointment[]> {
    await this.roster.noticeAll(listing.appointments);
    return prepareAppointments(listing.appointments, this.deps.settings.clinic.region);
  }

  /**
   * Asks the provider about invited rooms: whether the patient joined (when it can tell), and
   * which guests are in the call (when it can name them), so each guest's join is recorded.
   */
  private async detectVideoJoins(appointments: EngineAppointment[]): Promise<void> {
    const { video, store } = this.deps;
    if (!video.detectsJoin && !video.detectsGuestJoins) return;
    const [progress, liveGuests] = await Promise.all([store.loadProgress(appointments.map((a) => a.id)), store.countLiveGuestGrants()]);
    for (const appointment of appointments) {
      const p = progress.get(appointment.id);
      if (!p?.room || p.roomClosedAt !== undefined || p.videoInviteSentAt === undefined) continue;
      if (video.detectsJoin && p.arrivedAt === undefined && !this.patientJoined.has(appointment.id)) {
        await this.askVideo(appointment.id, 'whether the patient joined', async () => {
          if (await video.hasPatientJoined(p.room!)) this.patientJoined.add(appointment.id);
        });
      }
      if (video.detectsGuestJoins && (liveGuests.get(appointment.id) ?? 0) > 0) {
        await this.askVideo(appointment.id, 'which guests are in the call', async () => {
          const inCall = await video.guestsInCall(p.room!);
          if (inCall.length > 0) await store.markGuestsJoined(appointment.id, inCall, this.deps.clock.now());
        });
      }
    }
  }

  /** One question to the video provider; a failure is logged and asked again next pass. */
  private async askVideo(appointmentId: string, what: string, ask: () => Promise<void>): Promise<void> {
    try {
      await ask();
    } catch (error) {
      this.deps.logger.warn({ appointmentId, err: describeError(error) }, `could not ask the video provider ${what}`);
    }
  }
}

/** What the engine may know of join locks: counts and whether withdrawn, never codes or secrets. */
function joinLockFactsOf(locks: readonly JoinLockRecord[]): Map<string, JoinLockFacts> {
  return new Map(locks.map((lock) => [lock.appointmentId, { codesIssued: lock.codesIssued, withdrawn: lock.withdrawnAt !== undefined }]));
}
