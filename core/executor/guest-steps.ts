import { randomBytes } from 'node:crypto';
import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Effect } from '../engine/decisions.js';
import type { Store } from '../store/store.js';
import { DONE, type EffectOutcome } from './effect-outcome.js';
import type { ProgressBook } from './progress-book.js';
import type { VideoGateway } from './video-gateway.js';
import { revokeGuestGrant } from './guest-revocation.js';

/** 144 random bits, base64url: the only id of a guest the provider and the link ever see. */
export function newGuestGrantId(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * The guest effects: record the grant before anything else, then the provider's link, each
 * saved as soon as it exists, so a resumed request (after a crash) finishes the same grant:
 * the store returns the grant of the request, and the provider's `createGuestLink` is
 * idempotent per grant id.
 */
export class GuestSteps {
  constructor(
    private readonly store: Store,
    private readonly video: VideoGateway,
    private readonly clock: Clock,
  ) {}

  async grant(effect: Extract<Effect, { type: 'grantGuest' }>, book: ProgressBook): Promise<EffectOutcome> {
    const existing = await this.store.findGuestGrantByRequest(effect.requestKey);
    if (existing && existing.state !== 'granted') return DONE;
    let grant = existing;
    if (!grant) {
      const progress = await book.get(effect.appointment.id);
      const room = progress?.room;
      if (!room || progress.roomClosedAt !== undefined) return { kind: 'failed', error: 'no open video room for a guest' };
      grant = await this.store.recordGuestGrant(
        {
          grantId: newGuestGrantId(),
          requestKey: effect.requestKey,
          appointmentId: effect.appointment.id,
          roomId: room.roomId,
          grantedBy: 'patient',
          displayName: effect.displayName,
          expiresAt: effect.expiresAt,
        },
        this.clock.now(),
      );
    }
    const room = (await book.get(effect.appointment.id))?.room;
    if (!room || room.roomId !== grant.roomId) return { kind: 'failed', error: 'the video room of the guest grant is gone' };
    const link = await this.video.createGuestLink(room, { grantId: grant.grantId, displayName: grant.displayName, expiresAt: grant.expiresAt });
    await this.store.setGuestLink(grant.grantId, { ...link, grantId: grant.grantId }, this.clock.now());
    return DONE;
  }

  /**
   * A guest reception booked: the grant for the appointment's open room (`booked` → `granted`),
   * then the provider's link (`granted` → `linked`). Each step is a guarded update, and the
   * provider's `createGuestLink` is idempotent per grant id, so a repeat after a crash finishes
   * the same grant. A grant linked, sent, revoked or expired already is left as it is.
   */
  async linkBooked(effect: Extract<Effect, { type: 'linkBookedGuest' }>, book: ProgressBook): Promise<EffectOutcome> {
    let grant = await this.store.getGuestGrant(effect.grantId);
    if (!grant || grant.appointmentId !== effect.appointment.id) return { kind: 'failed', error: 'no such booked guest for the appointment' };
    const progress = await book.get(effect.appointment.id);
    const room = progress?.room;
    if (grant.state === 'booked') {
      if (!room || progress.roomClosedAt !== undefined) return { kind: 'failed', error: 'no open video room for a guest' };
      grant = (await this.store.activateBookedGuest(grant.grantId, room.roomId, effect.expiresAt))!;
    }
    if (grant.state !== 'granted') return DONE;
    if (!room || room.roomId !== grant.roomId) return { kind: 'failed', error: 'the video room of the guest grant is gone' };
    const link = await this.video.createGuestLink(room, { grantId: grant.grantId, displayName: grant.displayName, expiresAt: grant.expiresAt });
    await this.store.setGuestLink(grant.grantId, { ...link, grantId: grant.grantId }, this.clock.now());
    return DONE;
  }

  /** The patient was told of the booked guest. */
  async patientTold(grantId: string): Promise<EffectOutcome> {
    await this.store.markGuestPatientTold(grantId, this.clock.now());
    return DONE;
  }

  /**
   * The patient refused the guests reception booked: each is revoked at the provider, then in
   * the store (by `patient`) with its activity line in the same write. Grants already final are
   * left alone, so a repeat after a crash revokes nothing twice and records nothing twice.
   */
  async revoke(effect: Extract<Effect, { type: 'revokeGuests' }>): Promise<EffectOutcome> {
    for (const grantId of effect.grantIds) {
      const grant = await this.store.getGuestGrant(grantId);
      if (!grant || grant.appointmentId !== effect.appointmentId) continue;
      // The activity line is written with the revocation itself: a crash leaves both or neither.
      await revokeGuestGrant({ store: this.store, video: this.video, clock: this.clock }, grant, effect.by, (removedFromCall) => ({
        at: this.clock.now(),
        actor: effect.by,
        action: 'guest-revoke',
        detail: { appointmentId: effect.appointmentId, grantId, removedFromCall },
      }));
    }
    return DONE;
  }

  /** The link a GuestLink text carries; throws when the grant has none (never linked, or revoked meanwhile). */
  async linkFor(requestKey: string): Promise<string> {
    const grant = await this.store.findGuestGrantByRequest(requestKey);
    if (!grant?.link) throw new Error('the guest grant has no link');
    if (grant.state === 'revoked' || grant.state === 'expired') throw new Error(`the guest grant was ${grant.state} before its link was sent`);
    return grant.link.link;
  }

  /** The room closed: its guests' links are over, and no longer count against `video.maxGuests`. */
  async roomClosed(appointmentId: string): Promise<void> {
    await this.store.expireGuestGrants(appointmentId);
  }

  async sent(requestKey: string): Promise<EffectOutcome> {
    const grant = await this.store.findGuestGrantByRequest(requestKey);
    if (grant) await this.store.markGuestSent(grant.grantId, this.clock.now());
    return DONE;
  }
}
