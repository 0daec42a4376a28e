import type { AppointmentProgress, PractitionerSettings } from '../engine/progress.js';
import type { IncomingRecord } from '../engine/incoming-record.js';

import type { GuestGrantRecord, NewBookedGuest, NewGuestGrant } from './guest-grant-types.js';
import type { GuestLink } from '@clinic-arrivals/plugin-kit';

export type { BookedGuestKind, GuestGrantRecord, GuestGrantState, GuestGrantedBy, NewBookedGuest, NewGuestGrant } from './guest-grant-types.js';
import type { JoinCodeIssue, JoinLockRecord, NewJoinLock } from './join-lock-types.js';
export type { JoinCodeIssue, JoinLockRecord, NewJoinLock } from './join-lock-types.js';

/** The engine decides on stored replies, so it owns their shape; the store keeps them. */
export type { IncomingRecord };

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
  /**
   * How a person (or the provider check) settled an `unknown` entry. Absent while the entry
   * still needs a look; never set on other statuses.
   */
  resolution?: UnknownSendResolution;
  /** The last automatic check with the provider of an `unknown` entry (made while it was unresolved). */
  lastCheck?: UnknownSendCheck;
  /** Where the provider says the text is, from its delivery reports (absent until the first one). */
  deliveryStatus?: DeliveryStatus;
  /** The provider's error code with an `undelivered` / `failed` report (digits only, e.g. `30003`). */
  deliveryErrorCode?: string;
  /** When the delivery status last changed. */
  deliveryUpdatedAt?: number;
}

/**
 * A sent text's delivery status, in order: `queued` < `sent` < the final ones (`delivered`,
 * `undelivered`, `failed`). A report never moves a text back, and the first final report stands.
 */
export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed';

/** Statuses that no later report changes. */
export const FINAL_DELIVERY_STATUSES: readonly DeliveryStatus[] = ['delivered', 'undelivered', 'failed'];

const DELIVERY_STATUS_RANK: Readonly<Record<DeliveryStatus, number>> = { queued: 1, sent: 2, delivered: 3, undelivered: 3, failed: 3 };

/** Position in the delivery order (higher is later; all final statuses share the last place), or 0 for anything else. */
export function deliveryStatusRank(status: string | undefined): number {
  return status !== undefined && Object.hasOwn(DELIVERY_STATUS_RANK, status) ? DELIVERY_STATUS_RANK[status as DeliveryStatus] : 0;
}

/** What {@link Store.recordDeliveryStatus} did. */
export type DeliveryStatusOutcome =
  /** No outbox entry has that provider id (e.g. a send whose outcome was unknown, so no id was recorded). */
  | { matched: false }
  /** `changed`: false when the report was a repeat, or older than what the entry already has. */
  | { matched: true; changed: boolean; entry: OutboxEntry };

/** What became of a send whose outcome was unknown. */
export interface UnknownSendResolution {
  /**
   * `delivered`: it did reach the provider (a person says so, or the provider's records show it);
   * `resent`: a person had the same text sent again (a new outbox entry, see `note`);
   * `dismissed`: a person looked and chose to do nothing (e.g. the appointment is over).
   */
  outcome: 'delivered' | 'resent' | 'dismissed';
  at: number;
  /** Who decided: a person's name, `api` when none was given, `auto:<plugin>` for the provider check. */
  by: string;
  /** How it was established, e.g. `auto: twilio message SM… found (status delivered)`, `resent as <key>`. */
  note?: string;
}

/** One automatic look at the provider's records for an unresolved `unknown` entry. */
export interface UnknownSendCheck {
  at: number;
  /** What the look found, for the person who resolves the entry. No phone numbers or text. */
  note: string;
  /** When to look again; absent when the check is over and the entry waits for a person. */
  nextAt?: number;
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

/** The texts of one phone number, summed up for reception's inbox. */
export interface ConversationSummary {
  /** Opaque random id, made when the number first texts; never derived from the number. */
  id: string;
  /** E.164. */
  phone: string;
  /** When the newest incoming text arrived. */
  lastAt: number;
  /** Incoming texts still `unprocessed`. */
  unprocessed: number;
  /** Distinct reasons of the unprocessed texts (of a closed conversation: of its texts in the window). */
  reasons: string[];
  /** Appointment of the newest text that was matched to one. */
  appointmentId?: string;
}

/** An outbox entry as a conversation shows it: with the staff member who wrote it, for a staff reply. */
export interface ConversationOutboxEntry extends OutboxEntry {
  sentBy?: string;
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
/** A number that is opted out (STOP), and when that was recorded. */
export interface OptOutRecord {
  phone: string;
  at: number;
}

/**
 * One error on the status page, kept across restarts. Log-safe strings only (the host's own
 * descriptions: never a body, number or name). The same error from the same place is one record.
 */
export interface RecentErrorRecord {
  where: string;
  error: string;
  firstAt: number;
  lastAt: number;
  count: number;
}

/** Work waiting in the store, for monitoring. */
export interface StoreQueueCounts {
  /** Outbox entries whose provider call is under way (`pending`). */
  outboxPending: number;
  /** Outbox entries waiting for a retry (`retry`). */
  outboxRetry: number;
  /** Replies stored and not handled yet (`pending`). */
  incomingPending: number;
  /** Sends whose outcome is unknown and that nobody has resolved yet. */
  unknownOpen: number;
}

/** Calls into one plugin role in one second (epoch ms at the second's start). Counts only. */
export interface PluginCallCounts {
  role: string;
  at: number;
  calls: number;
  retried: number;
  failed: number;
  /** Failures that were the remote side refusing one request (invalid number, opted out): never `down` on their own. */
  refused: number;
}

/** One role's health as last saved: status, since when, and its newest error code. */
export interface PluginHealthRecord {
  role: string;
  status: 'ok' | 'degraded' | 'down';
  since: number;
  lastErrorCode?: string;
  lastErrorAt?: number;
}

export interface Store {
  // Progress
  loadProgress(appointmentIds?: string[]): Promise<Map<string, AppointmentProgress>>;
  saveProgress(progress: AppointmentProgress): Promise<void>;

  // Outbox: intent before, result after
  findOutbox(key: string): Promise<OutboxEntry | undefined>;
  /** The entry with this id, if any. */
  getOutboxEntry(id: number): Promise<OutboxEntry | undefined>;
  /** Records a pending intent. A key already present with status `retry` is reused (attempts+1). Throws if the key is taken otherwise. */
  beginSend(entry: NewOutboxEntry, now: number): Promise<OutboxEntry>;
  finishSend(id: number, result: SendResult, now: number): Promise<void>;
  /** Marks every `pending` entry `unknown` (called at start-up) and returns them. */
  markUnfinishedUnknown(now: number): Promise<OutboxEntry[]>;
  listOutbox(filter?: { since?: number; status?: OutboxEntry['status']; limit?: number }): Promise<OutboxEntry[]>;
  /** Messages sent or attempted per destination since `since`, for the daily cap. */
  countSendsSince(since: number): Promise<Map<string, number>>;

  /**
   * Applies a delivery report to the outbox entry with this provider id: only when `status` is
   * later in the order than the entry's (see {@link DeliveryStatus}), so repeats and late
   * earlier reports change nothing. `errorCode` must be digits (up to 10) or is dropped.
   * Idempotent. Throws for a status that is not a {@link DeliveryStatus}.
   */
  recordDeliveryStatus(providerId: string, report: { status: DeliveryStatus; errorCode?: string }, now: number): Promise<DeliveryStatusOutcome>;

  // Unknown sends: kept until resolved (never re-sent without a person's decision)
  /**
   * Entries with status `unknown`, newest first: `open` (no resolution yet; the default),
   * `resolved`, or `all`.
   */
  listUnknownSends(filter?: { state?: 'open' | 'resolved' | 'all'; limit?: number }): Promise<OutboxEntry[]>;
  /**
   * Open `unknown` entries to check with the provider now: never checked, or whose
   * `lastCheck.nextAt` is at or before `now`. Oldest first, at most `limit`.
   */
  listUnknownSendsDueForCheck(now: number, limit: number): Promise<OutboxEntry[]>;
  /** Records a provider check of an open `unknown` entry (ignored once resolved). NotFoundError for an unknown id. */
  recordUnknownSendCheck(id: number, check: UnknownSendCheck): Promise<void>;
  /**
   * Settles an `unknown` entry, once: when it is already resolved, the first resolution stands
   * and the entry is returned unchanged (compare `resolution` to see whose it is). `providerId`
   * records the provider's id of a message found to be delivered.
   * NotFoundError for an unknown id; ConflictError when the entry's status is not `unknown`.
   */
  resolveUnknownSend(
    id: number,
    resolution: { outcome: UnknownSendResolution['outcome']; by: string; note?: string; providerId?: string },
    now: number,
  ): Promise<OutboxEntry>;

  // Incoming
  /** Stores a message; false if its id was already stored (a duplicate). */
  recordIncoming(message: { id: string; from: string; body: string; receivedAt: number }): Promise<boolean>;
  getIncoming(id: string): Promise<IncomingRecord | undefined>;
  setIncomingState(id: string, state: IncomingRecord['state'], detail?: { reason?: string; appointmentId?: string }): Promise<void>;
  listIncoming(filter?: { state?: IncomingRecord['state']; since?: number; limit?: number }): Promise<IncomingRecord[]>;

  // Inbox: one conversation per number that has texted the host (made by recordIncoming)
  /** The number of conversation `id`, or undefined for an unknown id. */
  conversationPhone(id: string): Promise<string | undefined>;
  /**
   * `open`: numbers with at least one `unprocessed` text; otherwise numbers with none whose newest
   * text arrived at or after `since`. Newest first.
   */
  listConversations(filter: { open: boolean; since?: number; limit?: number }): Promise<ConversationSummary[]>;
  /** Texts from `phone` received at or after `since`, oldest first. */
  listIncomingFrom(phone: string, since: number): Promise<IncomingRecord[]>;
  /** Outbox entries to `phone` created at or after `since`, oldest first, staff replies with their author. */
  listOutboxTo(phone: string, since: number): Promise<ConversationOutboxEntry[]>;
  /** Records who wrote the staff reply sent under outbox `key` (before it is sent). A repeat keeps the first. */
  recordStaffReply(reply: { key: string; phone: string; by: string }, now: number): Promise<void>;
  /** Marks every `unprocessed` text from `phone` `dismissed`, recording who; returns how many. */
  closeConversation(phone: string, by: string, now: number): Promise<number>;
  /** Sets the appointment of every text from `phone` received at or after `since`; returns how many. */
  linkConversation(phone: string, appointmentId: string, since: number): Promise<number>;

  // Reply plans: what was decided for an incoming message, recorded before its first effect
  /** Creates or replaces the plan of `messageId` (any JSON value; the store does not read it). */
  saveReplyPlan(messageId: string, plan: unknown, now: number): Promise<void>;
  /** The plan last saved for `messageId`, or undefined (never decided, or purged). */
  getReplyPlan<T = unknown>(messageId: string): Promise<T | undefined>;

  // Guest grants (issue 15): recorded before the provider makes the link and before it is texted
  /**
   * Records a grant in state `granted`, once per `requestKey`: when a grant with that key exists
   * already it is returned unchanged (the new `grantId` is dropped), so a resumed request never
   * makes a second guest.
   */
  recordGuestGrant(grant: NewGuestGrant, now: number): Promise<GuestGrantRecord>;
  /** The grant with this id, or undefined. */
  getGuestGrant(grantId: string): Promise<GuestGrantRecord | undefined>;
  /** The grant made for this request (incoming message id), or undefined. */
  findGuestGrantByRequest(requestKey: string): Promise<GuestGrantRecord | undefined>;
  /** An appointment's grants, oldest first. */
  listGuestGrants(appointmentId: string): Promise<GuestGrantRecord[]>;
  /** Per appointment, how many grants are live (`booked`, `granted`, `linked`, `sent`): what counts against `video.maxGuests`. */
  countLiveGuestGrants(): Promise<Map<string, number>>;
  /** `granted` → `linked` with the provider's link; any other state is left as it is. Returns the grant as stored. */
  setGuestLink(grantId: string, link: GuestLink, now: number): Promise<GuestGrantRecord | undefined>;
  /** `linked` → `sent` (the link was texted); any other state is left as it is. */
  markGuestSent(grantId: string, now: number): Promise<GuestGrantRecord | undefined>;
  /**
   * Records when each of these guests of the appointment was first seen in the call (live
   * grants only; an id of another appointment changes nothing); returns how many were new.
   */
  markGuestsJoined(appointmentId: string, grantIds: readonly string[], now: number): Promise<number>;
  /** Every live grant of the appointment → `expired` (its room closed); returns how many. */
  expireGuestGrants(appointmentId: string): Promise<number>;
  /**
   * Records a guest booked by reception in state `booked` (no room, no link yet), once per
   * `requestKey`: a repeat returns the first booking unchanged.
   */
  bookGuest(guest: NewBookedGuest, now: number): Promise<GuestGrantRecord>;
  /** `booked` → `granted` with the room the guest joins and the link's end; any other state is left as it is. */
  activateBookedGuest(grantId: string, roomId: string, expiresAt: string): Promise<GuestGrantRecord | undefined>;
  /** Records that the patient was told of a `sent` booked guest (`GuestAdded`); once. */
  markGuestPatientTold(grantId: string, now: number): Promise<GuestGrantRecord | undefined>;
  /** Every live grant booked by reception (`booked`, `granted`, `linked`, `sent`), oldest first. */
  listLiveBookedGuests(): Promise<GuestGrantRecord[]>;
  /**
   * A live grant → `revoked`, recording who; a final one is left as it is (revoking twice is not an error).
   * With `activity`, that line is added to the activity log in the same transaction, only when
   * this call revoked the grant: a crash never leaves a revocation without its line, nor two lines.
   */
  revokeGuestGrant(grantId: string, by: string, now: number, activity?: Omit<ActivityEntry, 'id'>): Promise<GuestGrantRecord | undefined>;

  // Join locks (video.verifyJoin): recorded before the gate publishes them and before any text
  /**
   * Records the appointment's lock with its first code, once: when the appointment has one
   * already it is returned unchanged (the new ids, secret and code are dropped).
   */
  recordJoinLock(lock: NewJoinLock, now: number): Promise<JoinLockRecord>;
  /** The appointment's lock, or undefined. */
  getJoinLock(appointmentId: string): Promise<JoinLockRecord | undefined>;
  /** The locks of these appointments (those that have one). */
  listJoinLocks(appointmentIds: readonly string[]): Promise<JoinLockRecord[]>;
  /**
   * Sets the provider link the lock releases, and moves `expiresAt` to a later one when given
   * (a moved consult); either change clears `publishedAt` (to publish again). An earlier
   * `expiresAt` is ignored, and a withdrawn lock is left as it is.
   */
  setJoinLockTarget(appointmentId: string, target: string, expiresAt?: number): Promise<JoinLockRecord | undefined>;
  /**
   * A new code, once per `issue.issueKey`: counts it, clears `publishedAt`. A key already issued,
   * a lock with `maxCodes` codes, or a withdrawn one is left as it is (compare `issueKeys`).
   */
  issueJoinCode(appointmentId: string, issue: JoinCodeIssue, maxCodes: number): Promise<JoinLockRecord | undefined>;
  /** The gate published the lock as it stands and gave back `url`. */
  markJoinLockPublished(appointmentId: string, url: string, now: number): Promise<JoinLockRecord | undefined>;
  /** The lock was taken off the gate; the first time stands. */
  markJoinLockWithdrawn(appointmentId: string, now: number): Promise<JoinLockRecord | undefined>;

  // Languages asked for without texts (migration 14)
  /** Counts one text asked for in `language` that went out in the default language instead. */
  recordLanguageGap(language: string, template: string, now: number): Promise<void>;
  /** Every recorded gap, by language then template. */
  listLanguageGaps(): Promise<LanguageGap[]>;

  // Alert bookkeeping (core/runtime/alerts), one JSON value per role; the store does not read it
  /** Creates or replaces the alert state of `role`. */
  saveAlertState(role: string, state: unknown, now: number): Promise<void>;
  /** Every role's saved alert state. */
  listAlertStates<T = unknown>(): Promise<Map<string, T>>;

  // Opt-outs (STOP/START)
  setOptedOut(phone: string, optedOut: boolean, now: number): Promise<void>;
  listOptedOut(): Promise<Set<string>>;
  /** The opted-out numbers with when each opted out, newest first. */
  listOptOuts(): Promise<OptOutRecord[]>;

  // Recent errors of the status page (bounded: the store keeps its newest couple of hundred)
  /** Adds the error, or for one already kept (same `where` and `error`) counts it again and moves its time to `now`. */
  recordRecentError(entry: { where: string; error: string }, now: number): Promise<void>;
  /** Newest first, at most `limit` (all that are kept when left out). */
  listRecentErrors(limit?: number): Promise<RecentErrorRecord[]>;

  // Plugin health (the status page's window, kept across restarts)
  /** Adds the counts to the role's row for that second. */
  addPluginCalls(counts: PluginCallCounts): Promise<void>;
  /** Rows of seconds at or after `since`, oldest first. */
  listPluginCalls(since: number): Promise<PluginCallCounts[]>;
  /** Drops rows of seconds before `before`. */
  prunePluginCalls(before: number): Promise<void>;
  savePluginHealth(record: PluginHealthRecord): Promise<void>;
  listPluginHealth(): Promise<PluginHealthRecord[]>;

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

  /**
   * Blanks message bodies (outbox and incoming), guest links and the secrets, codes and links of
   * join locks, and deletes reply plans, older than `before`; returns how many.
   */
  purgeBodiesBefore(before: number): Promise<number>;

  // Monitoring (`/api/ready`, `/metrics`): cheap, read-only
  /** Runs a trivial query; rejects when the store cannot be used (closed, file gone, locked too long). */
  ping(): Promise<void>;
  /** How much work is waiting now, counted by the store (not listed). */
  countQueues(): Promise<StoreQueueCounts>;
  close(): Promise<void>;
}

/** A language a text was asked in without a text in it (it went out in the default language). */
export interface LanguageGap {
  /** BCP 47 tag as asked (canonical spelling), e.g. `de` or `zh-TW`. */
  language: string;
  template: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
}
