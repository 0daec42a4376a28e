import type { AppointmentProgress, PractitionerSettings } from './progress.js';

/** One outgoing message: its intent is recorded before sending, its result after. */
export interface OutboxEntry {
  id: number;
  /** Idempotency key, e.g. `appt-17:screening:2026-11-23T09:00:00+11:00`. One send per key. */
  key: string;
  appointmentId?: string;
  /** E.164 destination. */
  to: string;
  template: string;
  /** Rendered text; purged after the retention period (then null). */
  body: string | null;
  /**
   * `pending`: intent recorded, result unknown yet (or the host crashed mid-send);
   * `sent`; `failed` (permanent); `retry` (transient failure, may be retried);
   * `unknown`: found pending at start-up, reported and never blindly re-sent.
   */
  status: 'pending' | 'sent' | 'failed' | 'retry' | 'unknown';
  providerId?: string;
  /** Error code and message of the last failure. */
  error?: string;
  attempts: number;
  createdAt: number;
  updatedAt: number;
}

export interface NewOutboxEntry {
  key: string;
  appointmentId?: string;
  to: string;
  template: string;
  body: string;
}

export type SendResult =
  | { status: 'sent'; providerId: string }
  /** `unknown`: the provider may have delivered it (e.g. connection dropped mid-request): reported, never re-sent. */
  | { status: 'failed' | 'retry' | 'unknown'; error: string };

/** An incoming message as the host stored it. */
export interface IncomingRecord {
  id: string;
  /** E.164 (normalised) sender. */
  from: string;
  body: string | null;
  receivedAt: number;
  /** `pending` until handled; `handled`; `unprocessed` (kept for a person); `dismissed`. */
  state: 'pending' | 'handled' | 'unprocessed' | 'dismissed';
  /** Why it is unprocessed: `dont-understand`, `unknown-phone`, `too-many-appointments`, … */
  reason?: string;
  appointmentId?: string;
}

/** What a staff member may do: reception runs the day; admin also edits templates, practitioners, users and settings. */
export type StaffRole = 'reception' | 'admin';

/** A staff account of the reception web app. */
export interface StaffUser {
  /** Unique, compared without regard to case. */
  name: string;
  role: StaffRole;
  /** `scrypt$N$r$p$salt$key` (see core/auth/passwords.ts); never leaves the host. */
  passwordHash: string;
  createdAt: number;
  updatedAt: number;
}

/** A signed-in browser. The cookie holds the id; the store only its hash. */
export interface StaffSession {
  idHash: string;
  userName: string;
  /** Synchronizer token the browser must echo in `x-csrf-token` on state-changing requests. */
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
}

/** One line of the activity log: who did what, when. No SMS bodies or phone numbers in `detail`. */
export interface ActivityEntry {
  id: number;
  at: number;
  /** Staff user name, or `local` / `api-token`. */
  actor: string;
  /** e.g. `sign-in`, `reply`, `template-change` (see core/auth/activity.ts). */
  action: string;
  /** Ids and labels (appointment id, message id, template name), never patient data. */
  detail?: Record<string, string | number | boolean>;
}

/**
 * The host's local store (SQLite by default). Async so that other backends fit.
 * Plugins may keep their own state under their id with get/setPluginState.
 */
export interface Store {
  // Progress
  loadProgress(appointmentIds?: string[]): Promise<Map<string, AppointmentProgress>>;
  saveProgress(progress: AppointmentProgress): Promise<void>;

  // Outbox: intent before, result after
  findOutbox(key: string): Promise<OutboxEntry | undefined>;
  /** Records a pending intent. A key already present with status `retry` is reused (attempts+1). Throws if the key is taken otherwise. */
  beginSend(entry: NewOutboxEntry, now: number): Promise<OutboxEntry>;
  finishSend(id: number, result: SendResult, now: number): Promise<void>;
  /** Marks every `pending` entry `unknown` (called at start-up) and returns them. */
  markUnfinishedUnknown(now: number): Promise<OutboxEntry[]>;
  listOutbox(filter?: { since?: number; status?: OutboxEntry['status']; limit?: number }): Promise<OutboxEntry[]>;
  /** Messages sent or attempted per destination since `since`, for the daily cap. */
  countSendsSince(since: number): Promise<Map<string, number>>;

  // Incoming
  /** Stores a message; false if its id was already stored (a duplicate). */
  recordIncoming(message: { id: string; from: string; body: string; receivedAt: number }): Promise<boolean>;
  getIncoming(id: string): Promise<IncomingRecord | undefined>;
  setIncomingState(id: string, state: IncomingRecord['state'], detail?: { reason?: string; appointmentId?: string }): Promise<void>;
  listIncoming(filter?: { state?: IncomingRecord['state']; since?: number; limit?: number }): Promise<IncomingRecord[]>;

  // Reply plans: what was decided for an incoming message, recorded before its first effect
  /** Creates or replaces the plan of `messageId` (any JSON value; the store does not read it). */
  saveReplyPlan(messageId: string, plan: unknown, now: number): Promise<void>;
  /** The plan last saved for `messageId`, or undefined (never decided, or purged). */
  getReplyPlan<T = unknown>(messageId: string): Promise<T | undefined>;

  // Opt-outs (STOP/START)
  setOptedOut(phone: string, optedOut: boolean, now: number): Promise<void>;
  listOptedOut(): Promise<Set<string>>;

  // Practitioners
  listPractitioners(): Promise<PractitionerSettings[]>;
  savePractitioner(settings: PractitionerSettings): Promise<void>;

  // Templates edited at run time (overrides of config/defaults)
  listTemplateOverrides(): Promise<Record<string, string>>;
  saveTemplateOverride(name: string, text: string | null): Promise<void>;

  // Plugin-private state, JSON values
  getPluginState<T = unknown>(pluginId: string, key: string): Promise<T | undefined>;
  setPluginState(pluginId: string, key: string, value: unknown): Promise<void>;
  listPluginState<T = unknown>(pluginId: string): Promise<Array<{ key: string; value: T }>>;

  // Staff accounts, sessions and the activity log (the reception web app)
  /** The account named `name` (case-insensitive), or undefined. */
  getStaffUser(name: string): Promise<StaffUser | undefined>;
  /** Every account, by name. */
  listStaffUsers(): Promise<StaffUser[]>;
  countStaffUsers(): Promise<number>;
  /** Creates the account or replaces its role and hash (keeping `createdAt`). */
  saveStaffUser(user: { name: string; role: StaffRole; passwordHash: string }, now: number): Promise<void>;
  /** Deletes the account and its sessions; false when there was none. */
  deleteStaffUser(name: string): Promise<boolean>;
  createStaffSession(session: StaffSession): Promise<void>;
  getStaffSession(idHash: string): Promise<StaffSession | undefined>;
  touchStaffSession(idHash: string, now: number): Promise<void>;
  deleteStaffSession(idHash: string): Promise<void>;
  deleteStaffSessionsOf(userName: string): Promise<void>;
  /** Deletes sessions last used before `lastSeenBefore` or created before `createdBefore`; returns how many. */
  deleteExpiredStaffSessions(lastSeenBefore: number, createdBefore: number): Promise<number>;
  recordActivity(entry: Omit<ActivityEntry, 'id'>): Promise<ActivityEntry>;
  /** Newest first. */
  listActivity(filter?: { limit?: number; before?: number }): Promise<ActivityEntry[]>;

  /** Blanks message bodies (outbox and incoming) and deletes reply plans older than `before`; returns how many. */
  purgeBodiesBefore(before: number): Promise<number>;
  close(): Promise<void>;
}
