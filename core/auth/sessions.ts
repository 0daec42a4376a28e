import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { StaffSession, StaffUser, Store } from '../store/store.js';
import type { SignInSettings } from './settings.js';

const MINUTE = 60_000;

/** A live session and its user, as found from a cookie. */
export interface ActiveSession {
  user: StaffUser;
  session: StaffSession;
}

/** The store keeps only this hash of a session id, so a copy of the store cannot sign anyone in. */
export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}

/** Constant-time comparison of a sent CSRF token with the session's. */
export function csrfMatches(sent: string | undefined, expected: string): boolean {
  const a = createHash('sha256')
    .update(sent ?? '')
    .digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && sent !== undefined && sent.length > 0;
}

/**
 * Staff sessions kept in the store (so they survive a restart of the host). The cookie holds
 * a random 256-bit id; the store holds its hash, the user, a CSRF token (synchronizer token)
 * and when it was created and last used.
 */
export class SessionBook {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly settings: Pick<SignInSettings, 'idleMinutes' | 'maxHours'>,
  ) {}

  /** Starts a session for `userName`; returns the cookie value (the id itself) and the CSRF token. */
  async open(userName: string): Promise<{ id: string; csrfToken: string }> {
    const now = this.clock.now();
    await this.store.deleteExpiredStaffSessions(now - this.idleMs(), now - this.maxMs());
    const id = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    await this.store.createStaffSession({ idHash: hashSessionId(id), userName, csrfToken, createdAt: now, lastSeenAt: now });
    return { id, csrfToken };
  }

  /** The live session behind a cookie value, marked as used now; undefined (and deleted) when over. */
  async find(id: string | undefined): Promise<ActiveSession | undefined> {
    if (!id || id.length > 100) return undefined;
    const idHash = hashSessionId(id);
    const session = await this.store.getStaffSession(idHash);
    if (!session) return undefined;
    const now = this.clock.now();
    const user = await this.store.getStaffUser(session.userName);
    if (!user || now - session.lastSeenAt > this.idleMs() || now - session.createdAt > this.maxMs()) {
      await this.store.deleteStaffSession(idHash);
      return undefined;
    }
    await this.store.touchStaffSession(idHash, now);
    return { user, session: { ...session, lastSeenAt: now } };
  }

  async close(id: string | undefined): Promise<void> {
    if (id) await this.store.deleteStaffSession(hashSessionId(id));
  }

  /** Seconds the cookie may live: the absolute lifetime (the idle limit is enforced here). */
  get cookieMaxAgeSeconds(): number {
    return this.maxMs() / 1000;
  }

  private idleMs(): number {
    return this.settings.idleMinutes * MINUTE;
  }

  private maxMs(): number {
    return this.settings.maxHours * 60 * MINUTE;
  }
}
