import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { Store } from '../store/store.js';
import type { HostConfig } from '../config/types.js';
import type { AppointmentCycles } from './appointment-cycles.js';
import type { HostCounters } from './host-metrics.js';
import type { InboxPump } from './inbox-pump.js';
import { RepeatingTask } from './repeating-task.js';
import type { StatusBoard } from './status-board.js';

const DAY_MS = 24 * 60 * 60_000;
/** Bodies past the retention period are blanked this often (and once at start). */
const PURGE_EVERY_MS = 6 * 60 * 60_000;
/** How long stop() waits for the inbox stream to end after the abort. */
const INBOX_STOP_WAIT_MS = 5_000;

export interface HostLoopsDeps {
  config: HostConfig;
  store: Store;
  clock: Clock;
  logger: Logger;
  board: StatusBoard;
  cycles: AppointmentCycles;
  pump: InboxPump;
  /** Loop durations and last successes (`/metrics`). */
  counters?: HostCounters;
}

/**
 * The host's loops: today (every `pollSeconds`), upcoming (every `upcomingPollSeconds`),
 * the inbox stream, and the daily purge of old message bodies. Each can also be run by
 * hand (tests with `startLoops: false`, the API's "refresh").
 */
export class HostLoops {
  private readonly today: RepeatingTask;
  private readonly upcoming: RepeatingTask;
  private readonly purge: RepeatingTask;
  private readonly abort = new AbortController();
  private inbox?: Promise<void>;

  constructor(private readonly deps: HostLoopsDeps) {
    const { config, board, logger, cycles, pump, counters } = deps;
    const task = (name: string, intervalMs: number, run: () => Promise<void>) => new RepeatingTask({ name, intervalMs, run, board, counters, logger });
    this.today = task('today', config.workflow.pollSeconds * 1000, async () => {
      const startedAt = Date.now();
      await cycles.runToday();
      await pump.retryPending();
      // Which process worked the clinic when (a fleet's logger carries the clinic and replica).
      logger.debug({ durationMs: Date.now() - startedAt }, 'today pass done');
    });
    this.upcoming = task('upcoming', config.workflow.upcomingPollSeconds * 1000, () => cycles.runUpcoming());
    this.purge = task('purge', PURGE_EVERY_MS, () => this.purgeOldBodies());
  }

  start(): void {
    this.today.start(0);
    this.upcoming.start(0);
    this.purge.start(0);
    this.inbox = this.deps.pump.run(this.abort.signal);
  }

  runToday(): Promise<void> {
    return this.today.runOnce();
  }

  runUpcoming(): Promise<void> {
    return this.upcoming.runOnce();
  }

  /** Stops the timers and the inbox stream, waiting for runs in progress. Idempotent. */
  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all([this.today.stop(), this.upcoming.stop(), this.purge.stop(), this.inboxEnded()]);
  }

  /** An inbox plugin should end its stream on abort; one that does not is ended by its stop() later. */
  private async inboxEnded(): Promise<void> {
    if (!this.inbox) return;
    let timer: NodeJS.Timeout | undefined;
    const giveUp = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, INBOX_STOP_WAIT_MS);
    });
    await Promise.race([this.inbox, giveUp]);
    clearTimeout(timer);
  }

  private async purgeOldBodies(): Promise<void> {
    const { store, clock, config, logger } = this.deps;
    const blanked = await store.purgeBodiesBefore(clock.now() - config.store.retentionDays * DAY_MS);
    if (blanked > 0) logger.info({ blanked }, 'message bodies past the retention period removed');
  }
}
