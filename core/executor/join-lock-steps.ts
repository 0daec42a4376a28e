import { randomBytes, randomInt } from 'node:crypto';
import { ConfigError, type Clock, type JoinGate } from '@clinic-arrivals/plugin-kit';
import type { Effect, EngineAppointment, JoinLockTerms } from '../engine/decisions.js';
import type { JoinLockRecord, Store } from '../store/store.js';
import { DONE, type EffectOutcome } from './effect-outcome.js';

const MINUTE = 60_000;

/** Six digits, leading zeros kept, from the CSPRNG. */
export function newJoinCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/**
 * The join-lock effects (`video.verifyJoin`). The host decides and records; the gate only seals
 * and publishes. Each step is recorded in the store before the gate hears of it, and each gate
 * call is idempotent per lock id, so a crash anywhere finishes the same lock with the same url:
 * a lock is recorded once per appointment, a code once per issue key, and the lock is published
 * again whenever its stored state (code, target) changed since it last was.
 * Codes and secrets never reach a log line or an error message.
 */
export class JoinLockSteps {
  constructor(
    private readonly store: Store,
    private readonly gate: JoinGate | undefined,
    private readonly clock: Clock,
  ) {}

  /**
   * Records the appointment's lock unless it has one. First of all, before the provider is
   * asked for a link, so a crash after it finds the same lock.
   */
  async ensureLock(appointment: EngineAppointment, terms: JoinLockTerms): Promise<JoinLockRecord> {
    const now = this.clock.now();
    const lock = await this.store.recordJoinLock(
      {
        appointmentId: appointment.id,
        lockId: randomBytes(16).toString('base64url'),
        secret: randomBytes(32).toString('base64url'),
        code: newJoinCode(),
        issueKey: terms.issueKey,
        codeIssuedAt: now,
        codeExpiresAt: now + terms.codeMinutes * MINUTE,
        expiresAt: Date.parse(terms.expiresAt),
      },
      now,
    );
    if (lock.withdrawnAt !== undefined) throw new Error('the join lock was withdrawn (its room closed)');
    return lock;
  }

  /**
   * The url to text for `target` (the provider's patient link): the lock pointed at it, kept
   * until `terms.expiresAt` at least (a moved consult closes later), and published if the gate
   * has not seen it so.
   */
  async urlFor(appointmentId: string, target: string, terms: JoinLockTerms, language?: string): Promise<string> {
    const lock = await this.store.setJoinLockTarget(appointmentId, target, Date.parse(terms.expiresAt));
    if (!lock) throw new Error('no join lock for the appointment');
    return this.published(lock, language);
  }

  /** A new code (once per issue key, within the limit), then the lock published with it. */
  async issue(effect: Extract<Effect, { type: 'issueJoinCode' }>): Promise<EffectOutcome> {
    const now = this.clock.now();
    const lock = await this.store.issueJoinCode(
      effect.appointment.id,
      { issueKey: effect.issueKey, code: newJoinCode(), codeIssuedAt: now, codeExpiresAt: now + effect.codeMinutes * MINUTE },
      effect.maxCodes,
    );
    if (!lock) return { kind: 'failed', error: 'no join lock for the appointment' };
    if (lock.withdrawnAt !== undefined) return { kind: 'failed', error: 'the join lock was withdrawn (its room closed)' };
    if (!lock.issueKeys.includes(effect.issueKey)) return { kind: 'failed', error: 'the join lock has all the codes it may have' };
    await this.published(lock, effect.appointment.language);
    return DONE;
  }

  /** The code a JoinCode text carries: the lock's current one. */
  async codeOf(appointmentId: string): Promise<string> {
    const lock = await this.store.getJoinLock(appointmentId);
    if (!lock?.code) throw new Error('the appointment has no join code');
    if (lock.withdrawnAt !== undefined) throw new Error('the join lock was withdrawn (its room closed)');
    return lock.code;
  }

  /** Takes the appointment's lock off the gate (idempotent there), then records it; nothing to do without one. */
  async withdraw(appointmentId: string): Promise<EffectOutcome> {
    const lock = await this.store.getJoinLock(appointmentId);
    if (!lock || lock.withdrawnAt !== undefined) return DONE;
    await this.requireGate().withdrawJoinLock(lock.lockId);
    await this.store.markJoinLockWithdrawn(appointmentId, this.clock.now());
    return DONE;
  }

  /**
   * The lock's url, publishing it first when the gate has not seen it as it stands. The
   * patient's language (from the appointment as it is now) only picks the code page's
   * language in the url; it is not part of the lock's recorded state.
   */
  private async published(lock: JoinLockRecord, language: string | undefined): Promise<string> {
    if (lock.publishedAt !== undefined && lock.url !== undefined) return lock.url;
    const { secret, code, target } = lock;
    if (!secret || !code || !target) throw new Error('the join lock has no secret, code or target left to publish');
    const { url } = await this.requireGate().publishJoinLock({
      lockId: lock.lockId,
      secret,
      target,
      code,
      codeExpiresAt: new Date(lock.codeExpiresAt).toISOString(),
      expiresAt: new Date(lock.expiresAt).toISOString(),
      ...(language ? { language } : {}),
    });
    await this.store.markJoinLockPublished(lock.appointmentId, url, this.clock.now());
    return url;
  }

  private requireGate(): JoinGate {
    if (!this.gate) throw new ConfigError('video.verifyJoin needs an inbox with a join gate, and this one has none', 'video.verifyJoin');
    return this.gate;
  }
}
