import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { StaffRole, Store } from '../store/store.js';
import { UNKNOWN_NAME_ACTOR, type ActivityAction, type ActivityDetail } from './activity.js';
import { prepareDummyHash, verifyAgainstDummy, verifyPassword, MAX_PASSWORD_LENGTH } from './passwords.js';
import { SessionBook } from './sessions.js';
import type { SignInSettings } from './settings.js';
import { SignInThrottle } from './sign-in-throttle.js';
import { isValidUserName } from './staff-users.js';

/** Who is making a request, and how they proved it. */
export interface Staff {
  name: string;
  role: StaffRole;
  /** `session`: signed in with a cookie; `token`: the machine bearer token; `open`: no sign-in needed. */
  via: 'session' | 'token' | 'open';
  /** The session's CSRF token (`via: 'session'` only). */
  csrfToken?: string;
}

export type SignInOutcome = { kind: 'ok'; staff: Staff; sessionId: string } | { kind: 'wrong' } | { kind: 'locked'; retryAfterSeconds: number };

export interface StaffAuthOptions {
  store: Store;
  clock: Clock;
  settings: SignInSettings;
  /** The API listens on a loopback address only. */
  loopbackOnly: boolean;
  /** `api.token` is set. */
  tokenConfigured: boolean;
  logger: Logger;
  throttle?: SignInThrottle;
}

/**
 * Staff sign-in for the local API: whether it is needed, passwords, sessions, backoff, and the
 * activity log. HTTP details (cookies, headers, status codes) stay in core/api.
 */
export class StaffAuth {
  readonly sessions: SessionBook;
  private readonly throttle: SignInThrottle;

  constructor(private readonly options: StaffAuthOptions) {
    this.sessions = new SessionBook(options.store, options.clock, options.settings);
    this.throttle = options.throttle ?? new SignInThrottle(options.clock);
    prepareDummyHash();
  }

  get store(): Store {
    return this.options.store;
  }

  now(): number {
    return this.options.clock.now();
  }

  get logger(): Logger {
    return this.options.logger;
  }

  get settings(): SignInSettings {
    return this.options.settings;
  }

  /**
   * Open only in the desktop case: loopback, no token, no staff account, not forced by
   * `api.signIn: required`. Read per request, so an account added with the CLI while the host
   * runs closes the door at once.
   */
  async signInRequired(): Promise<boolean> {
    const { settings, loopbackOnly, tokenConfigured, store } = this.options;
    if (settings.mode === 'required' || !loopbackOnly || tokenConfigured) return true;
    return (await store.countStaffUsers()) > 0;
  }

  /**
   * Checks a name and password. Unknown names cost the same scrypt work as known ones and get
   * the same answer; while a name or address is locked the password is not even checked.
   */
  async signIn(name: string, password: string, address: string): Promise<SignInOutcome> {
    const waitMs = this.throttle.waitMs(name, address);
    if (waitMs > 0) return { kind: 'locked', retryAfterSeconds: Math.ceil(waitMs / 1000) };
    const user = isValidUserName(name) ? await this.options.store.getStaffUser(name) : undefined;
    const matches =
      password.length <= MAX_PASSWORD_LENGTH && user
        ? await verifyPassword(password, user.passwordHash)
        : await verifyAgainstDummy(password.slice(0, MAX_PASSWORD_LENGTH));
    if (!user || !matches) {
      this.throttle.failed(name, address);
      // An unknown name is not recorded: it may be a password typed into the wrong field.
      await this.record(user ? user.name : UNKNOWN_NAME_ACTOR, 'sign-in-failed', { address });
      this.options.logger.warn({ address }, 'staff sign-in failed');
      return { kind: 'wrong' };
    }
    this.throttle.succeeded(name);
    const { id, csrfToken } = await this.sessions.open(user.name);
    await this.record(user.name, 'sign-in', { address });
    this.options.logger.info({ user: user.name }, 'staff signed in');
    return { kind: 'ok', sessionId: id, staff: { name: user.name, role: user.role, via: 'session', csrfToken } };
  }

  /** The signed-in staff member behind a session cookie value, or undefined. */
  async staffForSession(sessionId: string | undefined): Promise<Staff | undefined> {
    const active = await this.sessions.find(sessionId);
    if (!active) return undefined;
    return { name: active.user.name, role: active.user.role, via: 'session', csrfToken: active.session.csrfToken };
  }

  async signOut(sessionId: string | undefined, staff: Staff | undefined): Promise<void> {
    await this.sessions.close(sessionId);
    if (staff?.via === 'session') await this.record(staff.name, 'sign-out');
  }

  /** Appends to the activity log. `detail` holds ids only (see {@link ActivityDetail}). */
  async record(actor: string, action: ActivityAction, detail?: ActivityDetail): Promise<void> {
    await this.options.store.recordActivity({ at: this.options.clock.now(), actor, action, ...(detail ? { detail } : {}) });
  }
}
