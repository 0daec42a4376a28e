import { randomBytes } from 'node:crypto';
import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Effect } from '../engine/decisions.js';
import type { Store } from '../store/store.js';
import { DONE, type EffectOutcome } from './effect-outcome.js';
import type { ProgressBook } from './progress-book.js';
import type { VideoGateway } from './video-gateway.js';

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
