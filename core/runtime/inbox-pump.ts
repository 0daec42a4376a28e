import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Inbox, IncomingMessage } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { IncomingRecord, Store } from '../store/store.js';
import { decideIncoming } from '../engine/decide-incoming.js';
import type { Decision, Effect, EngineMessage, EngineSettings } from '../engine/decisions.js';
import { startPass } from '../engine/pass.js';
import type { DecisionOutcome, Executor } from '../executor/executor.js';
import { toE164 } from '../phone/normalise.js';
import type { AppointmentCycles } from './appointment-cycles.js';
import { Backoff } from '@clinic-arrivals/plugin-kit';
import type { HostCounters, IncomingOutcome } from './host-metrics.js';
import type { SerialLane } from './serial-lane.js';
import type { StatusBoard } from './status-board.js';
import { classify, describeError } from '@clinic-arrivals/plugin-kit';
import { DeliveryStatuses } from './delivery-statuses.js';
import { reportEngineFailures } from './engine-failure-report.js';

/** A reply whose handling keeps waiting (its answer could not be sent) is given to a person after this long. */
export const INCOMING_RETRY_LIMIT_MS = 30 * 60_000;
/** Pause after the inbox stream fails, doubling up to {@link STREAM_MAX_BACKOFF_MS}. */
const STREAM_BACKOFF_MS = 1_000;
const STREAM_MAX_BACKOFF_MS = 5 * 60_000;

export interface InboxPumpDeps {
  inbox: Inbox;
  store: Store;
  clock: Clock;
  logger: Logger;
  executor: Executor;
  settings: EngineSettings;
  lane: SerialLane;
  board: StatusBoard;
  cycles: AppointmentCycles;
  /** Counts what each received text came to, and appointments the engine could not decide for (`/metrics`). */
  counters?: Pick<HostCounters, 'incomingFinished' | 'engineFailed'>;
}

/**
 * SMS in: stores each message (dropping duplicates by id), lets the engine decide what it
 * means, executes that, and acknowledges it to the inbox only once the store holds it.
 * A reply whose answer could not be sent yet stays `pending` in the store and is tried
 * again on later passes; one that failed outright goes to a person (`unprocessed`).
 */
export class InboxPump {
  /** Delivery reports of sent texts, for inbox plugins that pass them on (optional in the contract). */
  readonly deliveryStatuses: DeliveryStatuses;

  constructor(private readonly deps: InboxPumpDeps) {
    this.deliveryStatuses = new DeliveryStatuses(deps);
    deps.inbox.setDeliveryStatusHandler?.(this.deliveryStatuses.handler);
  }

  /** Pulls messages until `signal` aborts, backing off while the inbox is not available. */
  async run(signal: AbortSignal): Promise<void> {
    const backoff = new Backoff({ minDelayMs: STREAM_BACKOFF_MS, maxDelayMs: STREAM_MAX_BACKOFF_MS });
    while (!signal.aborted) {
      try {
        for await (const message of this.deps.inbox.messages(signal)) {
          backoff.reset();
          this.deps.board.markPluginRecovered('inbox');
          await this.receive(message);
          if (signal.aborted) break;
        }
        // Otherwise the stream ended on its own: reconnect after a short pause.
      } catch (error) {
        if (signal.aborted) break;
        const described = describeError(error);
        const run = this.deps.board.loopStarted('inbox');
        this.deps.board.loopFinished(run, described);
        const { kind } = classify(error);
        if (kind === 'auth') this.deps.board.markPluginDown('inbox', described);
        const level = kind === 'not-ready' ? 'info' : 'warn';
        this.deps.logger[level]({ err: described, failuresInARow: backoff.attempts + 1 }, 'inbox stream failed; reconnecting');
      }
      if (signal.aborted) break;
      await sleep(backoff.next(), signal);
    }
  }

  /**
   * Pulls what the inbox holds right now and handles it; `hasMore` says when it is drained
   * (for hosts driven by hand, e.g. tests with loops off). Returns how many were handled.
   */
  async drain(hasMore: () => Promise<boolean>): Promise<number> {
    const controller = new AbortController();
    const iterator = this.deps.inbox.messages(controller.signal)[Symbol.asyncIterator]();
    let handled = 0;
    try {
      while (await hasMore()) {
        const next = await iterator.next();
        if (next.done) break;
        if (!(await this.receive(next.value))) break;
        handled += 1;
      }
    } finally {
      controller.abort();
      await iterator.return?.();
    }
    return handled;
  }

  /** Stores, handles and acknowledges one message; false when it could not (left unacknowledged). Never throws. */
  async receive(message: IncomingMessage): Promise<boolean> {
    const run = this.deps.board.loopStarted('inbox');
    try {
      const outcome = await this.deps.lane.run(() => this.storeAndHandle(message));
      await this.deps.inbox.ack(message.id);
      this.deps.board.loopFinished(run);
      this.deps.counters?.incomingFinished(outcome);
      return true;
    } catch (error) {
      // Not acknowledged: the inbox delivers it again and the stored copy is picked up then.
      this.deps.board.loopFinished(run, describeError(error));
      this.deps.counters?.incomingFinished('not-handled');
      this.deps.logger.warn({ messageId: message.id, err: describeError(error) }, 'incoming message not handled yet');
      return false;
    }
  }

  /** Retries stored replies still waiting (their answer could not be sent). Runs in the lane. */
  retryPending(): Promise<void> {
    return this.deps.lane.run(async () => {
      const pending = await this.deps.store.listIncoming({ state: 'pending' });
      for (const record of pending.reverse()) {
        try {
          await this.handle(record);
        } catch (error) {
          // Left pending: tried again next pass. One reply never holds up the others.
          this.deps.logger.warn({ messageId: record.id, err: describeError(error) }, 'waiting reply not handled yet');
        }
      }
    });
  }

  private async storeAndHandle(message: IncomingMessage): Promise<IncomingOutcome> {
    const { store, clock, settings } = this.deps;
    const from = toE164(message.from, settings.clinic.region) ?? message.from;
    const receivedAt = Date.parse(message.receivedAt);
    const fresh = await store.recordIncoming({
      id: message.id,
      from,
      body: message.body,
      receivedAt: Number.isFinite(receivedAt) ? receivedAt : clock.now(),
    });
    const record = await store.getIncoming(message.id);
    if (!record) throw new Error(`incoming message ${message.id} was not stored`);
    // A redelivered duplicate is only handled again if it never was (a crash mid-way).
    if (!fresh && record.state !== 'pending') return 'duplicate';
    await this.handle(record);
    // Only for counting: a failed read must not leave a handled text unacknowledged.
    return outcomeOf(await store.getIncoming(message.id).catch(() => undefined));
  }

  private async handle(record: IncomingRecord): Promise<void> {
    const { store, clock, logger } = this.deps;
    if (record.state !== 'pending') return;
    if (record.body === null) {
      await store.setIncomingState(record.id, 'unprocessed', { reason: 'body-purged' });
      return;
    }
    const plan = await this.planFor(record.id, { id: record.id, from: record.from, body: record.body });
    const outcomes = await this.finish(record.id, plan);

    const after = await store.getIncoming(record.id);
    if (after?.state !== 'pending') return;
    const failed = outcomes.find((o) => o.result === 'failed');
    if (failed) {
      // A person follows up: with the engine's own reason when it meant to hand it over anyway.
      const meant = intendedState(plan.decisions, record.id);
      const reason = meant?.state === 'unprocessed' && meant.reason ? meant.reason : 'host-error';
      await store.setIncomingState(record.id, 'unprocessed', { reason, appointmentId: meant?.appointmentId ?? failed.decision.appointmentId });
      return;
    }
    if (outcomes.some((o) => o.result === 'deferred')) {
      if (clock.now() - record.receivedAt > INCOMING_RETRY_LIMIT_MS) {
        await store.setIncomingState(record.id, 'unprocessed', { reason: 'reply-not-sent' });
        return;
      }
      logger.debug({ messageId: record.id }, 'reply handling waits for a send retry');
      return;
    }
    // The engine always sets a state; this only covers a decision list that did not.
    await store.setIncomingState(record.id, 'handled');
  }

  /**
   * The plan recorded for this message, or a new one decided now and recorded before any of
   * its effects. A reply is decided once: after a crash or a redelivery the recorded plan is
   * finished, never decided again against a PMS that has moved on meanwhile.
   */
  private async planFor(messageId: string, message: EngineMessage): Promise<ReplyPlan> {
    const { store, clock, settings, cycles } = this.deps;
    const recorded = await store.getReplyPlan<ReplyPlan>(messageId);
    if (recorded) return recorded;
    const appointments = await cycles.knownAppointments();
    const state = await cycles.engineState(appointments);
    const pass = startPass(state, settings);
    const decisions = decideIncoming(state, settings, message, pass);
    reportEngineFailures(pass.failures, this.deps);
    const plan: ReplyPlan = { decisions, done: decisions.map(() => 0) };
    await store.saveReplyPlan(messageId, plan, clock.now());
    return plan;
  }

  /** Applies what is left of the plan, recording each effect as it completes (effects done earlier are skipped). */
  private async finish(messageId: string, plan: ReplyPlan): Promise<DecisionOutcome[]> {
    const { store, clock, executor } = this.deps;
    const outcomes: DecisionOutcome[] = [];
    for (const [index, decision] of plan.decisions.entries()) {
      const skip = plan.done[index] ?? 0;
      if (skip >= decision.effects.length) continue;
      outcomes.push(
        await executor.apply(decision, {
          skip,
          effectDone: async (done) => {
            plan.done[index] = done;
            await store.saveReplyPlan(messageId, plan, clock.now());
          },
        }),
      );
    }
    return outcomes;
  }
}

/**
 * What was decided for one incoming message, as recorded in the store: the decisions, and per
 * decision how many of its effects are done. Plain JSON.
 */
export interface ReplyPlan {
  decisions: Decision[];
  done: number[];
}

/** What a handled text came to, from its stored state (`pending`: its answer waits for a retry). */
function outcomeOf(record: IncomingRecord | undefined): IncomingOutcome {
  if (record?.state === 'pending') return 'waiting';
  return record?.state === 'unprocessed' ? 'unprocessed' : 'handled';
}

/** The state the engine meant the message to end in (its `setIncomingState` effect). */
function intendedState(decisions: Decision[], messageId: string): Extract<Effect, { type: 'setIncomingState' }> | undefined {
  for (const decision of decisions) {
    for (const effect of decision.effects) {
      if (effect.type === 'setIncomingState' && effect.messageId === messageId) return effect;
    }
  }
  return undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
