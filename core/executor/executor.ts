import type { AppointmentSource } from '@clinic-arrivals/plugin-kit';
import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { MessageSender } from '@clinic-arrivals/plugin-kit';
import type { Store } from '../store/store.js';
import type { Decision, Effect } from '../engine/decisions.js';
import { DONE, type EffectOutcome } from './effect-outcome.js';
import { describeError, isAuthError } from '@clinic-arrivals/plugin-kit';
import type { PluginRole } from '@clinic-arrivals/plugin-kit';
import type { ExecutionSink } from './execution-sink.js';
import type { MessageRenderer } from './message-renderer.js';
import { OutboxSender } from './outbox-sender.js';
import { ProgressBook } from './progress-book.js';
import type { VideoGateway } from './video-gateway.js';
import { VideoSteps } from './video-steps.js';
import { GuestSteps } from './guest-steps.js';
import { JoinLockSteps } from './join-lock-steps.js';
import { LEASE_LOST_CODE } from '../fleet/lease-lost-error.js';
import type { JoinGate, VideoRoom } from '@clinic-arrivals/plugin-kit';
import type { EngineAppointment, JoinLockTerms } from '../engine/decisions.js';

/** How one decision went. */
export interface DecisionOutcome {
  decision: Decision;
  /** `done`: every effect applied; `deferred`: waiting (send retry); `failed`: stopped at `error`. */
  result: 'done' | 'deferred' | 'failed';
  error?: string;
}

/** Where a recorded decision stands: how many of its effects are done, and who to tell as more are. */
export interface EffectJournal {
  /** Effects (counted from the start) that completed in an earlier run. */
  skip: number;
  /** Called after each effect (with its follow-ups) succeeds, with the number now done. */
  effectDone(done: number): Promise<void>;
}

/** The plugin an effect talks to, for marking it down when it rejects our credentials (send does its own). */
const ROLE_OF_EFFECT: Partial<Record<Effect['type'], PluginRole>> = {
  ensureVideoRoom: 'video',
  closeVideoRoom: 'video',
  grantGuest: 'video',
  issueJoinCode: 'inbox',
  withdrawJoinLock: 'inbox',
  linkBookedGuest: 'video',
  revokeGuests: 'video',
  recordVideoInPms: 'pms',
  markArrived: 'pms',
};

/** Remember at most this many keys logged once, then start afresh. */
const SUPPRESSED_MEMORY = 10_000;

/** Remembers what was seen, up to a bound (then forgets everything, so memory stays flat). */
class OnceSet {
  private readonly seen = new Set<string>();
  constructor(private readonly limit: number) {}
  /** True the first time `key` is seen. */
  firstTime(key: string): boolean {
    if (this.seen.has(key)) return false;
    if (this.seen.size >= this.limit) this.seen.clear();
    this.seen.add(key);
    return true;
  }
}

/**
 * Applies the engine's decisions through the ports, effect by effect in order. A decision
 * stops at its first failed effect (logged and reported); the other decisions go on, so one
 * bad appointment never holds up the rest.
 */
export class Executor {
  private readonly outbox: OutboxSender;
  private readonly videoSteps: VideoSteps;
  private readonly guestSteps: GuestSteps;
  private readonly joinLocks: JoinLockSteps;
  private readonly suppressedLogged = new OnceSet(SUPPRESSED_MEMORY);
  private readonly repeats = new OnceSet(SUPPRESSED_MEMORY);
  /** Set once a write was refused because another replica took the clinic over: sticky (a new lease starts a new executor). */
  private leaseLostError?: Error;

  constructor(
    private readonly store: Store,
    private readonly pms: AppointmentSource,
    sender: MessageSender,
    video: VideoGateway,
    renderer: MessageRenderer,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly sink: ExecutionSink,
    /** The inbox's join gate, for `video.verifyJoin` (absent: texts that need it fail, see JoinLockSteps). */
    joinGate?: JoinGate,
  ) {
    this.videoSteps = new VideoSteps(video, pms, clock, logger);
    this.guestSteps = new GuestSteps(store, video, clock);
    this.joinLocks = new JoinLockSteps(store, joinGate, clock);
    this.outbox = new OutboxSender(
      store,
      sender,
      renderer,
      clock,
      logger,
      sink,
      (appointment, room, rejoin, joinLock) => this.videoLink(appointment, room, rejoin, joinLock),
      (requestKey) => this.guestSteps.linkFor(requestKey),
      (appointmentId) => this.joinLocks.codeOf(appointmentId),
    );
  }

  /**
   * The link a text carries to the patient. Behind a join lock: the lock is recorded first,
   * then the provider's link (a rejoin link may be new each time) becomes its target, and the
   * gate's url (the same for the lock's whole life) is what the patient gets.
   */
  private async videoLink(appointment: EngineAppointment, room: VideoRoom, rejoin: boolean, joinLock?: JoinLockTerms): Promise<string> {
    if (!joinLock) return this.videoSteps.patientLink(appointment, room, rejoin);
    await this.joinLocks.ensureLock(appointment, joinLock);
    const target = await this.videoSteps.patientLink(appointment, room, rejoin);
    return this.joinLocks.urlFor(appointment.id, target, joinLock, appointment.language);
  }

  /** Applies every decision in order and says how each went. Never throws for a failed effect. */
  async execute(decisions: readonly Decision[]): Promise<DecisionOutcome[]> {
    const outcomes: DecisionOutcome[] = [];
    for (const decision of decisions) outcomes.push(await this.apply(decision));
    return outcomes;
  }

  /**
   * Sends one message that belongs to no appointment and no workflow step (the admin's
   * start and stop texts), with the same once-per-key outbox bookkeeping. Returns how it went.
   */
  async sendStandalone(effect: Extract<Effect, { type: 'send' }>): Promise<DecisionOutcome['result']> {
    let outcome: EffectOutcome;
    try {
      outcome = await this.outbox.send(effect, undefined);
    } catch (error) {
      outcome = { kind: 'failed', error: describeError(error) };
    }
    if (outcome.kind === 'failed') {
      this.logger.warn({ template: effect.template, err: outcome.error }, 'message not sent');
      this.sink.recordError(`send ${effect.template}`, outcome.error);
    }
    return outcome.kind === 'done' ? 'done' : outcome.kind;
  }

  /**
   * Applies one decision's effects (and their follow-ups), stopping at the first that does not
   * succeed. With a `journal`, the first `journal.skip` effects count as done already (a
   * recorded plan being finished after a crash) and `journal.effectDone` hears after each one.
   */
  async apply(decision: Decision, journal?: EffectJournal): Promise<DecisionOutcome> {
    const book = new ProgressBook(this.store);
    for (let index = journal?.skip ?? 0; index < decision.effects.length; index++) {
      const stopped = await this.applyWithFollowUps(decision.effects[index]!, decision, book);
      if (stopped) return stopped;
      await journal?.effectDone(index + 1);
    }
    return { decision, result: 'done' };
  }

  /** One effect and the follow-ups it asks for (they belong to it: done only together). Undefined when all went well. */
  private async applyWithFollowUps(first: Effect, decision: Decision, book: ProgressBook): Promise<DecisionOutcome | undefined> {
    const queue = [first];
    for (let effect = queue.shift(); effect !== undefined; effect = queue.shift()) {
      let outcome: EffectOutcome;
      try {
        // A replica that lost the clinic's lease does nothing more for it, not even the effects
        // (PMS, video) that come before a store write the fence would refuse.
        if (this.leaseLostError) throw this.leaseLostError;
        outcome = await this.applyEffect(effect, decision, book);
      } catch (error) {
        if (error instanceof Error && (error as { code?: unknown }).code === LEASE_LOST_CODE) this.leaseLostError = error;
        outcome = { kind: 'failed', error: describeError(error) };
        const role = ROLE_OF_EFFECT[effect.type];
        if (role && isAuthError(error)) this.sink.markPluginDown(role, outcome.error);
      }
      if (outcome.kind === 'deferred') {
        this.logger.debug({ step: decision.step, appointmentId: decision.appointmentId, effect: effect.type, why: outcome.why }, 'decision deferred');
        return { decision, result: 'deferred' };
      }
      if (outcome.kind === 'failed') {
        const where = `${decision.step}${decision.appointmentId ? ` (${decision.appointmentId})` : ''}: ${effect.type}`;
        // The engine decides the same step again next pass: warn once, then only at debug.
        const level = this.repeats.firstTime(`${where}\u0000${outcome.error}`) ? 'warn' : 'debug';
        this.logger[level](
          { step: decision.step, appointmentId: decision.appointmentId, effect: effect.type, err: outcome.error },
          'decision stopped at a failed effect',
        );
        this.sink.recordError(where, outcome.error);
        return { decision, result: 'failed', error: outcome.error };
      }
      if (outcome.followUp) queue.unshift(...outcome.followUp);
    }
    return undefined;
  }

  private async applyEffect(effect: Effect, decision: Decision, book: ProgressBook): Promise<EffectOutcome> {
    switch (effect.type) {
      case 'send': {
        const appointmentId = effect.appointment?.id ?? decision.appointmentId;
        const progress = appointmentId ? await book.get(appointmentId) : undefined;
        return this.outbox.send(effect, progress);
      }
      case 'ensureVideoRoom':
        return this.videoSteps.ensureRoom(effect.appointment, book);
      case 'recordVideoInPms':
        return this.videoSteps.recordInPms(effect.appointment, book);
      case 'markArrived':
        await this.pms.markArrived(effect.appointment.id);
        return DONE;
      case 'confirmInPms':
        // The engine asks only when the PMS plugin can record it (EngineSettings.pms).
        await this.pms.confirmAppointment!(effect.appointment.id, effect.confirmedAt);
        return DONE;
      case 'cancelInPms':
        await this.pms.cancelAppointment!(effect.appointment.id);
        return DONE;
      case 'closeVideoRoom': {
        const outcome = await this.videoSteps.closeRoom(effect.appointmentId, book);
        if (outcome.kind === 'done') await this.guestSteps.roomClosed(effect.appointmentId);
        return outcome;
      }
      case 'grantGuest':
        return this.guestSteps.grant(effect, book);
      case 'guestSent':
        return this.guestSteps.sent(effect.requestKey);
      case 'issueJoinCode':
        return this.joinLocks.issue(effect);
      case 'withdrawJoinLock':
        return this.joinLocks.withdraw(effect.appointmentId);
      case 'linkBookedGuest':
        return this.guestSteps.linkBooked(effect, book);
      case 'bookedGuestTold':
        return this.guestSteps.patientTold(effect.grantId);
      case 'revokeGuests':
        return this.guestSteps.revoke(effect);
      case 'saveProgress':
        await book.merge(effect.appointmentId, effect.patch);
        return DONE;
      case 'setOptOut':
        await this.store.setOptedOut(effect.phone, effect.optedOut, this.clock.now());
        return DONE;
      case 'setIncomingState':
        await this.store.setIncomingState(effect.messageId, effect.state, {
          reason: effect.reason,
          appointmentId: effect.appointmentId,
        });
        return DONE;
      case 'suppressed':
        this.logSuppressedOnce(effect);
        return DONE;
    }
  }

  /** Policy stops are normal; say so once per key, with no phone or text (keys may hold numbers). */
  private logSuppressedOnce(effect: Extract<Effect, { type: 'suppressed' }>): void {
    if (!this.suppressedLogged.firstTime(effect.key)) return;
    this.logger.info({ appointmentId: effect.appointmentId, reason: effect.reason }, 'message suppressed by policy');
  }
}
