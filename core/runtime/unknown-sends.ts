import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { OutboxEntry, Store, UnknownSendResolution } from '../store/store.js';
import { clinicDayStart } from '../engine/calendar.js';
import type { EngineSettings, TemplateName } from '../engine/decisions.js';
import { SendGate } from '../engine/send-gate.js';
import type { OutboxSender } from '../executor/outbox-sender.js';
import { ClinicArrivalsError, CODES, ConflictError, NotFoundError } from '@clinic-arrivals/plugin-kit';
import type { SerialLane } from './serial-lane.js';

/** Keys of copies sent again: `<original key>#resend-<n>`, n from 1. */
const RESEND_MARK = '#resend-';

/** Who decided, when the caller gave no name. */
export const UNNAMED_PERSON = 'api';

/** Why the gate stopped a copy, in words for the person who asked. */
const SUPPRESSED_BECAUSE: Record<string, string> = {
  'opted-out': 'the number has opted out of texts (STOP)',
  whitelist: 'the number is not on the whitelist (test mode)',
  'daily-cap': "the number has had today's maximum of texts (workflow.dailyCapPerNumber)",
};

/**
 * "Send again" could not hand the copy to the provider. Nothing is recorded as resent; the
 * unknown send stays open. Kind `not-ready` when the provider was unavailable (try again later), else `permanent`.
 */
export class SendAgainFailedError extends ClinicArrivalsError {
  constructor(message: string, retryable: boolean) {
    super(CODES.SEND_FAILED, message, { kind: retryable ? 'not-ready' : 'permanent' });
  }
}

export interface UnknownSendsDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Decisions go through the host's lane, so they never interleave with a pass or the provider check. */
  lane: SerialLane;
  settings: Pick<EngineSettings, 'whitelist' | 'workflow' | 'clinic'>;
  outbox: OutboxSender;
}

/**
 * What a person can do about a send whose outcome is unknown. Each action is an explicit,
 * recorded decision (who, when, what) and is idempotent: asking twice gives the same answer.
 */
export class UnknownSends {
  constructor(private readonly deps: UnknownSendsDeps) {}

  list(state: 'open' | 'resolved' | 'all' = 'open'): Promise<OutboxEntry[]> {
    return this.deps.store.listUnknownSends({ state });
  }

  /** The person knows the text arrived (the patient said so, the phone shows it). */
  markDelivered(id: number, by: string): Promise<OutboxEntry> {
    return this.settle(id, 'delivered', by, 'a person confirmed it arrived');
  }

  /** The person chose to do nothing (e.g. the appointment is over). The outcome stays unknown. */
  dismiss(id: number, by: string): Promise<OutboxEntry> {
    return this.settle(id, 'dismissed', by, 'a person chose not to act');
  }

  /**
   * Sends the stored text again, through the outbox under `<key>#resend-<n>` (so the copy is
   * itself sent at most once), past the same opt-out, whitelist and daily-cap checks as any
   * text, then records the original as `resent`. A copy that went (or may have gone) earlier
   * is never sent twice: asking again answers with it.
   *
   * @throws NotFoundError: no unknown send with this id.
   * @throws ConflictError: resolved otherwise already, the text was purged, or a check stops the copy.
   * @throws SendAgainFailedError: the provider did not take the copy (the original stays open).
   */
  sendAgain(id: number, by: string): Promise<{ original: OutboxEntry; resend: OutboxEntry }> {
    return this.deps.lane.run(async () => {
      const { outbox, logger } = this.deps;
      const original = await this.unknownSend(id);
      const copies = await this.copiesOf(original);
      const latest = copies.at(-1);
      // A copy that went, or may have gone, after this entry: the decision was carried out
      // already (asked twice, or the host stopped between sending it and recording it).
      const earlier = latest && latest.id !== original.id && ['sent', 'pending', 'unknown'].includes(latest.status) ? latest : undefined;
      if (original.resolution) {
        if (original.resolution.outcome === 'resent' && earlier) return { original, resend: earlier };
        throw alreadyResolved(original);
      }
      if (earlier) return { original: await this.recordResent(original, earlier, by), resend: earlier };

      if (original.body === null) {
        throw new ConflictError(
          `the text of unknown send ${id} was removed by the retention purge (store.retentionDays), so it cannot be sent again; mark it delivered or dismiss it, and reach the patient another way`,
        );
      }
      const key = latest?.status === 'retry' && latest.id !== original.id ? latest.key : `${rootKey(original.key)}${RESEND_MARK}${copies.length + 1}`;
      const passed = await this.gate(original, key);
      const resend = await outbox.sendAgain({ ...original, body: original.body }, key, { lastToday: passed.lastToday === true });
      logger.info({ id, appointmentId: original.appointmentId, template: original.template, status: resend.status }, 'unknown send: sent again on request');
      if (resend.status === 'sent' || resend.status === 'unknown') {
        return { original: await this.recordResent(original, resend, by), resend };
      }
      throw new SendAgainFailedError(
        `the provider did not take the copy of unknown send ${id} (${resend.error ?? resend.status}); it is not recorded as resent` +
          (resend.status === 'retry' ? '; try again later' : ''),
        resend.status === 'retry',
      );
    });
  }

  private settle(id: number, outcome: 'delivered' | 'dismissed', by: string, note: string): Promise<OutboxEntry> {
    return this.deps.lane.run(async () => {
      await this.unknownSend(id);
      const entry = await this.deps.store.resolveUnknownSend(id, { outcome, by, note }, this.deps.clock.now());
      if (entry.resolution?.outcome !== outcome) throw alreadyResolved(entry);
      return entry;
    });
  }

  private async unknownSend(id: number): Promise<OutboxEntry> {
    const entry = await this.deps.store.getOutboxEntry(id);
    if (!entry || entry.status !== 'unknown') throw new NotFoundError(`no unknown send with id ${id}`);
    return entry;
  }

  /** The copies sent again of the entry's original text, oldest first (`#resend-1`, `-2`, …). */
  private async copiesOf(entry: OutboxEntry): Promise<OutboxEntry[]> {
    const root = rootKey(entry.key);
    const copies: OutboxEntry[] = [];
    for (let n = 1; ; n++) {
      const copy = await this.deps.store.findOutbox(`${root}${RESEND_MARK}${n}`);
      if (!copy) return copies;
      copies.push(copy);
    }
  }

  /** The copy passes the checks every text passes (the engine's own gate), or a ConflictError says why not. */
  private async gate(original: OutboxEntry, key: string): Promise<{ lastToday?: boolean }> {
    const { store, clock, settings } = this.deps;
    const [sentToday, optedOut] = await Promise.all([store.countSendsSince(clinicDayStart(clock.now(), settings.clinic.timeZone)), store.listOptedOut()]);
    const checked = new SendGate({ sentToday, optedOut }, settings).check({
      type: 'send',
      key,
      to: original.to,
      template: original.template as TemplateName,
    });
    if (checked.type === 'suppressed') {
      throw new ConflictError(`unknown send ${original.id} was not sent again: ${SUPPRESSED_BECAUSE[checked.reason] ?? checked.reason}`);
    }
    return checked;
  }

  private recordResent(original: OutboxEntry, copy: OutboxEntry, by: string): Promise<OutboxEntry> {
    const note = `resent as ${copy.key} (${copy.status}${copy.providerId ? `, ${copy.providerId}` : ''})`;
    return this.deps.store.resolveUnknownSend(original.id, { outcome: 'resent', by, note }, this.deps.clock.now());
  }
}

function rootKey(key: string): string {
  const mark = key.indexOf(RESEND_MARK);
  return mark === -1 ? key : key.slice(0, mark);
}

function alreadyResolved(entry: OutboxEntry): ConflictError {
  const r = entry.resolution as UnknownSendResolution;
  return new ConflictError(`unknown send ${entry.id} was already resolved as ${r.outcome} by ${r.by} at ${new Date(r.at).toISOString()}`);
}
