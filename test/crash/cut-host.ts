import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BEFORE_ARRIVAL_STATUSES,
  type Appointment,
  type AppointmentListing,
  type AppointmentSource,
  type AppointmentStatus,
  type TimeRange,
} from '@clinic-arrivals/plugin-kit';
import type { Inbox, IncomingMessage } from '@clinic-arrivals/plugin-kit';
import type { AppointmentProgress } from '../../core/engine/progress.js';
import type { Store } from '../../core/store/store.js';
import { Executor } from '../../core/executor/executor.js';
import type { MessageRenderer } from '../../core/executor/message-renderer.js';
import { VideoGateway } from '../../core/executor/video-gateway.js';
import { buildKeywordMap } from '../../core/engine/keywords.js';
import type { EngineSettings } from '../../core/engine/decisions.js';
import type { ConfirmSettings } from '../../core/engine/workflow-settings.js';
import { AppointmentCycles } from '../../core/runtime/appointment-cycles.js';
import { InboxPump } from '../../core/runtime/inbox-pump.js';
import { SerialLane } from '../../core/runtime/serial-lane.js';
import { StatusBoard } from '../../core/runtime/status-board.js';
import { openSqliteStore } from '../../core/store/sqlite-store.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { CountingVideo, RecordingSender, echoRenderer, recordingLogger } from '../executor/fakes.js';
import { MemoryJoinGate } from '../executor/memory-join-gate.js';
import { defaultWorkflow, TZ } from '../workflow/fixtures.js';

/*
 * A host cut short at a chosen effect boundary, for crash-exactness tests. The "world" (the
 * PMS, the SMS provider, the inbox that redelivers what was not acknowledged, the store file)
 * outlives host processes; a process is the host's runtime pieces over that world, each
 * effect counted. Cutting after effect k makes every later call throw, as if the process had
 * died right there: nothing more reaches the world.
 */

/** What a dead process's calls throw. */
export class HostKilled extends Error {
  constructor() {
    super('host process killed');
    this.name = 'HostKilled';
  }
}

/** Methods that change something outside the process: the boundaries a cut can fall between. */
const STORE_EFFECTS = [
  'saveProgress',
  'beginSend',
  'finishSend',
  'recordIncoming',
  'setIncomingState',
  'saveReplyPlan',
  'setOptedOut',
  'savePractitioner',
  'setPluginState',
  'recordGuestGrant',
  'setGuestLink',
  'markGuestSent',
  'recordJoinLock',
  'setJoinLockTarget',
  'issueJoinCode',
  'markJoinLockPublished',
  'markJoinLockWithdrawn',
  'activateBookedGuest',
  'markGuestPatientTold',
  'revokeGuestGrant',
  'recordActivity',
] as const;

/** Counts effects across the wrapped ports; after effect number `cutAfter` every call throws. */
export class Cutter {
  effects = 0;
  dead = false;
  readonly log: string[] = [];

  constructor(private readonly cutAfter?: number) {}

  wrap<T extends object>(target: T, name: string, effects: readonly string[]): T {
    return new Proxy(target, {
      get: (object, property, receiver) => {
        const value = Reflect.get(object, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          if (this.dead) throw new HostKilled();
          const result = await (value as (...a: unknown[]) => unknown).apply(object, args);
          if (effects.includes(String(property))) {
            this.effects += 1;
            this.log.push(`${name}.${String(property)}`);
            if (this.effects === this.cutAfter) this.dead = true;
          }
          return result;
        };
      },
    });
  }
}

/** A PMS that keeps appointments across host processes; reception changes statuses by hand. */
export class ClinicPms implements AppointmentSource {
  readonly appointments = new Map<string, Appointment>();

  add(appointment: Appointment): void {
    this.appointments.set(appointment.id, appointment);
  }

  /** Reception moves the visit on. */
  setStatus(id: string, status: AppointmentStatus): void {
    this.appointments.set(id, { ...this.appointments.get(id)!, status });
  }

  status(id: string): AppointmentStatus | undefined {
    return this.appointments.get(id)?.status;
  }

  async listAppointments(range: TimeRange): Promise<AppointmentListing> {
    const appointments = [...this.appointments.values()].filter((a) => Date.parse(a.start) >= range.from && Date.parse(a.start) < range.to);
    return { appointments: appointments.map((a) => ({ ...a })) };
  }

  async markArrived(id: string): Promise<void> {
    const current = this.appointments.get(id)!;
    if (BEFORE_ARRIVAL_STATUSES.has(current.status)) this.setStatus(id, 'arrived');
  }

  async recordVideoConsult(id: string, practitionerLink: string): Promise<void> {
    this.appointments.set(id, { ...this.appointments.get(id)!, isVideo: true, videoLink: practitionerLink });
  }

  /** Confirmations recorded per appointment (the contract keeps the first one; a repeat changes nothing). */
  readonly confirmations = new Map<string, string>();
  /** Every confirm and cancel call, to see that a repeat wrote nothing new. */
  readonly writes: string[] = [];

  async confirmAppointment(id: string, confirmedAt: string): Promise<void> {
    this.writes.push(`confirm ${id} ${confirmedAt}`);
    if (!this.confirmations.has(id)) this.confirmations.set(id, confirmedAt);
  }

  async cancelAppointment(id: string): Promise<void> {
    this.writes.push(`cancel ${id}`);
    if (BEFORE_ARRIVAL_STATUSES.has(this.appointments.get(id)!.status)) this.setStatus(id, 'cancelled');
  }
}

/** An inbox that hands out one message until it is acknowledged (as the reply proxy does). */
export class RedeliveringInbox implements Inbox {
  readonly acked = new Set<string>();
  constructor(readonly message: IncomingMessage) {}

  get delivered(): boolean {
    return this.acked.has(this.message.id);
  }

  async *messages(): AsyncIterable<IncomingMessage> {
    if (!this.delivered) yield this.message;
  }

  async ack(id: string): Promise<void> {
    this.acked.add(id);
  }
}

/** Everything that outlives one host process. */
export class World {
  readonly dir = mkdtempSync(join(tmpdir(), 'ca-cut-'));
  readonly storePath = join(this.dir, 'store.sqlite');
  readonly clock: ManualClock;
  readonly pms = new ClinicPms();
  readonly sender = new RecordingSender();
  readonly video = new CountingVideo();
  readonly inbox: RedeliveringInbox;
  readonly settings: EngineSettings;
  /** The inbox's join gate (`video.verifyJoin`), which keeps what was published across processes. */
  readonly gate = new MemoryJoinGate();
  /** How texts are rendered (the echo renderer: template first, then the link and room). */
  renderer: MessageRenderer = echoRenderer;

  /** `verifyJoin`: the patient's video link goes behind a join lock (codes work 15 minutes, at most 5). */
  constructor(now: string, message: IncomingMessage, options: { verifyJoin?: boolean; confirm?: ConfirmSettings } = {}) {
    this.clock = new ManualClock(now);
    this.inbox = new RedeliveringInbox(message);
    const workflow = { ...defaultWorkflow(), ...(options.confirm ? { confirm: options.confirm } : {}) };
    this.settings = {
      clinic: { name: 'Harbour Clinic', timeZone: TZ, region: 'AU', locale: 'en-AU' },
      workflow,
      videoEnabled: true,
      keywords: buildKeywordMap(workflow.keywords),
      whitelist: new Set(),
      guests: { max: 2, linksAvailable: true },
      ...(options.verifyJoin ? { joinCode: { minutes: 15, maxCodes: 5 } } : {}),
      // The clinic's PMS can record confirmations and cancel (ClinicPms).
      ...(options.confirm ? { pms: { canConfirm: true, canCancel: true } } : {}),
    };
  }

  /** Seeds stored progress, as earlier steps of the day left it. */
  async seedProgress(progress: AppointmentProgress): Promise<void> {
    const store = await openSqliteStore(this.storePath, { clock: this.clock });
    await store.saveProgress(progress);
    await store.close();
  }

  /** Templates of the texts the provider accepted for `to`, in order (the echo renderer starts each body with its template). */
  textsTo(to: string): string[] {
    return this.sender.sent.filter((m) => m.to === to).map((m) => m.body.split('|')[0]!);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** One host process over the world; `cutAfter` kills it after that many effects. */
export class HostProcess {
  readonly cutter: Cutter;
  readonly pump: InboxPump;
  readonly cycles: AppointmentCycles;
  readonly logger = recordingLogger();

  private constructor(
    readonly world: World,
    readonly store: Store,
    cutAfter?: number,
  ) {
    this.cutter = new Cutter(cutAfter);
    const { clock, settings } = world;
    const cutStore = this.cutter.wrap(store, 'store', STORE_EFFECTS);
    const pms = this.cutter.wrap(world.pms, 'pms', ['markArrived', 'recordVideoConsult', 'confirmAppointment', 'cancelAppointment']);
    const sender = this.cutter.wrap(world.sender, 'sms', ['send']);
    const inbox = this.cutter.wrap(world.inbox, 'inbox', ['ack']);
    const video = new VideoGateway(this.cutter.wrap(world.video, 'video', ['createRoom', 'closeRoom', 'createGuestLink', 'revokeGuest']));
    const board = new StatusBoard(() => clock.now());
    const lane = new SerialLane();
    const gate = this.cutter.wrap(world.gate, 'gate', ['publishJoinLock', 'withdrawJoinLock']);
    const executor = new Executor(cutStore, pms, sender, video, world.renderer, clock, this.logger, board, gate);
    this.cycles = new AppointmentCycles({ pms, store: cutStore, clock, logger: this.logger, executor, settings, lane, board, video });
    this.pump = new InboxPump({ inbox, store: cutStore, clock, logger: this.logger, executor, settings, lane, board, cycles: this.cycles });
  }

  /** Starts a process as the host does: open the store, turn sends cut off mid-way into `unknown`. */
  static async start(world: World, cutAfter?: number): Promise<HostProcess> {
    const store = await openSqliteStore(world.storePath, { clock: world.clock });
    await store.markUnfinishedUnknown(world.clock.now());
    return new HostProcess(world, store, cutAfter);
  }

  /** What the inbox loop does: take what the inbox hands out, then retry replies still pending. */
  async pullReplies(): Promise<void> {
    for await (const message of this.world.inbox.messages()) await this.pump.receive(message);
    await this.pump.retryPending();
  }

  /** One pass over the coming days (as the host's upcoming loop does). */
  async upcomingPass(): Promise<void> {
    await this.cycles.runUpcoming();
  }

  /** One today pass, then the pending replies (as the host's today loop does). */
  async todayPass(): Promise<void> {
    await this.cycles.runToday();
    await this.pump.retryPending();
  }

  /** The process is gone: its store connection closes (SQLite keeps what was committed). */
  async exit(): Promise<void> {
    await this.store.close();
  }
}

/** What a restarted host does with a reply in flight: take what the inbox redelivers, then a today pass. */
export async function repliesThenPass(host: HostProcess): Promise<void> {
  await host.pullReplies();
  await host.todayPass();
}

/**
 * The crash every cut test stands for: a process does `work` and is killed after `cutAfter`
 * effects (or finishes, uncut); `gapMs` later a new process on the same store does `resume`.
 * Returns both processes, for the first one's effect count and log and both ones' log lines.
 */
export async function cutThenRestart(
  world: World,
  cutAfter: number | undefined,
  work: (host: HostProcess) => Promise<void>,
  resume: (host: HostProcess) => Promise<void>,
  gapMs = 60_000,
): Promise<{ first: HostProcess; second: HostProcess }> {
  const first = await HostProcess.start(world, cutAfter);
  await untilKilled(() => work(first));
  await first.exit();

  world.clock.advance(gapMs);
  const second = await HostProcess.start(world);
  await resume(second);
  await second.exit();
  return { first, second };
}

/** Runs `phase` and swallows only the kill (a dead process's calls fail; the world is what counts). */
export async function untilKilled(phase: () => Promise<void>): Promise<void> {
  try {
    await phase();
  } catch (error) {
    if (!(error instanceof HostKilled)) throw error;
  }
}
