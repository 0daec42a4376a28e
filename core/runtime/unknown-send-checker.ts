import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { MessageSender, SentMessageMatch } from '@clinic-arrivals/plugin-kit';
import type { OutboxEntry, Store, UnknownSendCheck } from '../store/store.js';
import { RepeatingTask } from './repeating-task.js';
import type { SerialLane } from './serial-lane.js';
import type { StatusBoard } from './status-board.js';
import type { HostCounters } from './host-metrics.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Allowance for the host's clock and the provider's disagreeing. */
export const CLOCK_ALLOWANCE_MS = 2 * MINUTE;
/**
 * How long "not in the provider's records" may still mean "not there yet": Twilio keeps a
 * message queued for up to 10 hours (its largest ValidityPeriod) before it sends or drops it,
 * and a queued message is missing from a list filtered by date sent. After this the checks end.
 */
export const CHECKS_END_AFTER_MS = 11 * HOUR;
/** Pause between two checks of one entry. */
export const CHECK_AGAIN_AFTER_MS = 15 * MINUTE;
/** Entries checked per pass at most, so a backlog never floods the provider. */
export const CHECKS_PER_PASS = 20;
/** How often the host runs a pass. */
export const CHECK_PASS_EVERY_MS = 5 * MINUTE;

export interface UnknownSendCheckerDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Resolutions go through the host's lane, so a person's "send again" never crosses one. */
  lane: SerialLane;
  sender: MessageSender;
  /** The SMS plugin's id, for `auto:<id>` in the record. */
  senderId: string;
}

/**
 * Settles sends whose outcome is unknown from the provider's own records (MessageSender.findSent),
 * a few per pass, each again every {@link CHECK_AGAIN_AFTER_MS} until
 * {@link CHECKS_END_AFTER_MS} after the send:
 * - the provider sent it (one unclaimed match, sent or delivered): resolved `delivered`,
 *   by `auto:<plugin>`, with the provider's id and how it was found;
 * - it is queued there, or not there yet: checked again later;
 * - anything else (not there in the end, failed at the provider, several matches, cannot
 *   tell, text purged): the checks end with a note, and the entry waits for a person.
 *
 * It never sends anything again: a message may show in the provider's records late (queued,
 * or the records lag), and a second copy of a screening question or a "doctor is ready" text
 * confuses a patient more than a missing one that a person follows up.
 *
 * The provider's delivery-status callback (Twilio's statusCallback) would settle these as it
 * happens; that path does not reach the host yet, so this look-up is the only one.
 */
export class UnknownSendChecker {
  constructor(private readonly deps: UnknownSendCheckerDeps) {}

  /** False when the SMS plugin cannot look its messages up: entries then wait for a person. */
  get enabled(): boolean {
    return typeof this.deps.sender.findSent === 'function';
  }

  /** One pass: checks the entries that are due. Throws (after recording what it did) when the provider cannot be asked. */
  async runOnce(): Promise<{ checked: number; resolved: number }> {
    const tally = { checked: 0, resolved: 0 };
    if (!this.enabled) return tally;
    const { store, clock } = this.deps;
    const now = clock.now();
    const due = await store.listUnknownSendsDueForCheck(now, CHECKS_PER_PASS);
    if (due.length === 0) return tally;
    // Provider ids the outbox already owns: such a message is another entry's, not a lost one.
    const since = Math.min(...due.map((e) => e.createdAt)) - CLOCK_ALLOWANCE_MS;
    const claimed = new Set((await store.listOutbox({ since })).flatMap((e) => (e.providerId ? [e.providerId] : [])));
    for (const entry of due) {
      tally.checked += 1;
      if (await this.check(entry, claimed, now)) tally.resolved += 1;
    }
    return tally;
  }

  /** Checks one entry; true when it was resolved. */
  private async check(entry: OutboxEntry, claimed: Set<string>, now: number): Promise<boolean> {
    const { store, lane, logger, senderId } = this.deps;
    const again = now < entry.createdAt + CHECKS_END_AFTER_MS ? now + CHECK_AGAIN_AFTER_MS : undefined;
    const record = (note: string, nextAt?: number) => {
      const check: UnknownSendCheck = nextAt === undefined ? { at: now, note } : { at: now, note, nextAt };
      return store.recordUnknownSendCheck(entry.id, check);
    };
    if (entry.body === null) {
      await record(`the text was removed by the retention purge, so ${senderId} cannot be asked; a person decides`);
      return false;
    }

    const found = await this.deps.sender.findSent!({
      to: entry.to,
      body: entry.body,
      after: entry.createdAt - CLOCK_ALLOWANCE_MS,
      // The provider cannot have taken it after the host stopped waiting for the answer
      // (`updatedAt`: the failed send, or the start-up that found it cut off).
      before: Math.min(now, entry.updatedAt + CLOCK_ALLOWANCE_MS),
    });
    if (found === 'cannot-tell') {
      await record(`${senderId} cannot tell whether it has this message; a person decides`);
      return false;
    }
    const unclaimed = found.filter((m) => !claimed.has(m.providerId));
    const went = unclaimed.filter((m) => m.state === 'sent' || m.state === 'delivered');
    if (went.length === 1) {
      const [match] = went as [SentMessageMatch];
      claimed.add(match.providerId);
      const note = `auto: ${senderId} message ${match.providerId} found (status ${match.providerStatus ?? match.state})`;
      await lane.run(() => store.resolveUnknownSend(entry.id, { outcome: 'delivered', by: `auto:${senderId}`, note, providerId: match.providerId }, now));
      logger.info(
        { id: entry.id, appointmentId: entry.appointmentId, template: entry.template, providerId: match.providerId },
        'unknown send resolved: the provider has it',
      );
      return true;
    }
    if (went.length > 1) {
      await record(`${went.length} matching messages at ${senderId} (${went.map((m) => m.providerId).join(', ')}); a person decides`);
      return false;
    }
    const queued = unclaimed.find((m) => m.state === 'accepted');
    if (queued) {
      await record(`message ${queued.providerId} is queued at ${senderId} (status ${queued.providerStatus ?? 'accepted'})`, now + CHECK_AGAIN_AFTER_MS);
      return false;
    }
    const failed = unclaimed.find((m) => m.state === 'failed');
    if (failed) {
      await record(
        `message ${failed.providerId} found at ${senderId} with status ${failed.providerStatus ?? 'failed'}: it did not reach the phone; a person decides`,
      );
      return false;
    }
    if (again !== undefined) {
      await record(`no matching message at ${senderId} yet`, again);
    } else {
      const hours = Math.floor((now - entry.createdAt) / HOUR);
      await record(`no matching message at ${senderId} ${hours} h after the send; a person decides`);
    }
    return false;
  }
}

/**
 * The host's loop of provider checks, shown on the status page as `unknown-sends`: a pass at
 * start-up, then every {@link CHECK_PASS_EVERY_MS}. Start it only when `checker.enabled`.
 */
export function unknownSendCheckLoop(checker: UnknownSendChecker, board: StatusBoard, logger: Logger, counters?: HostCounters): RepeatingTask {
  return new RepeatingTask({
    name: 'unknown-sends',
    intervalMs: CHECK_PASS_EVERY_MS,
    board,
    counters,
    logger,
    run: async () => {
      const { checked, resolved } = await checker.runOnce();
      if (checked > 0) logger.debug({ checked, resolved }, 'unknown sends checked with the provider');
    },
  });
}
