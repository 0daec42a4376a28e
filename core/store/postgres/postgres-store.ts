import type { Clock, GuestLink } from '@clinic-arrivals/plugin-kit';
import type { Pool, PoolClient } from 'pg';
import type { AppointmentProgress, PractitionerSettings } from '../../engine/progress.js';
import type { JoinCodeIssue, JoinLockRecord, NewJoinLock } from '../join-lock-types.js';
import type { GuestGrantRecord, NewBookedGuest, NewGuestGrant } from '../guest-grant-types.js';
import type {
  ActivityEntry,
  ConversationOutboxEntry,
  ConversationSummary,
  DeliveryStatus,
  DeliveryStatusOutcome,
  IncomingRecord,
  LanguageGap,
  NewOutboxEntry,
  OptOutRecord,
  OutboxEntry,
  PluginCallCounts,
  PluginHealthRecord,
  RecentErrorRecord,
  SendResult,
  StaffRole,
  StaffSession,
  StaffUser,
  Store,
  StoreQueueCounts,
  UnknownSendCheck,
  UnknownSendResolution,
} from '../store.js';
import { RECENT_ERRORS_KEPT, requireText } from '../validation.js';
import { PostgresDb } from './database.js';
import { GUEST_LINK_PURGE, PostgresGuestGrants } from './guest-grant-tables.js';
import { PostgresInbox } from './inbox-tables.js';
import { INCOMING_PURGE, PostgresIncoming } from './incoming-tables.js';
import { JOIN_LOCK_PURGE, PostgresJoinLocks } from './join-lock-tables.js';
import { assertPostgresSchemaCurrent } from './migrations.js';
import { PostgresMonitoring } from './monitoring-tables.js';
import { OUTBOX_PURGE, PostgresOutbox } from './outbox-tables.js';
import { PostgresProgress, REPLY_PLAN_PURGE } from './progress-tables.js';
import { PostgresSettings } from './settings-tables.js';
import { PostgresStaff } from './staff-tables.js';

/** Options of {@link openPostgresStore}. */
export interface PostgresStoreOptions {
  /** The shared pool (see createPostgresPool). The store never ends it: its owner does, after closing every store on it. */
  pool: Pool;
  /**
   * The clinic whose rows this store reads and writes. Every statement filters by it, so stores
   * of two clinics on one database never see each other's rows.
   * @example 'northside'
   */
  clinicId: string;
  /** Stamps `updated_at` on rows whose methods take no `now` (progress, practitioners, …). */
  clock: Clock;
  /**
   * Called first in every write transaction, on that transaction's client, before any of its
   * statements; when it throws, the transaction is rolled back and the error rethrown, so nothing
   * is written. Reads do not call it. This is how a replica that lost its lease is kept from
   * writing (e.g. a fence that checks the lease row `FOR SHARE` on the same client).
   * @default no fence: single-statement writes then run without a transaction of their own
   */
  fence?: (client: PoolClient) => Promise<void>;
}

/**
 * Opens one clinic's {@link Store} on a PostgreSQL pool whose schema is up to date (run
 * migratePostgres once first). Cheap: open one per clinic on the same pool.
 *
 * @throws StoreVersionError when a newer clinic-arrivals migrated the schema; Error when it is behind.
 * @example
 * const pool = createPostgresPool(url);
 * await migratePostgres(pool);
 * const store = await openPostgresStore({ pool, clinicId: 'northside', clock: new SystemClock() });
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  requireText(options.clinicId, 'clinicId');
  await assertPostgresSchemaCurrent(options.pool);
  return new PostgresStore(new PostgresDb(options.pool, options.clinicId, options.fence), options.clock);
}

/** The PostgreSQL {@link Store}: one clinic's view, handing each call to the domain's tables. */
class PostgresStore implements Store {
  private readonly outbox: PostgresOutbox;
  private readonly incoming: PostgresIncoming;
  private readonly inbox: PostgresInbox;
  private readonly progress: PostgresProgress;
  private readonly settings: PostgresSettings;
  private readonly monitoring: PostgresMonitoring;
  private readonly staff: PostgresStaff;
  private readonly guests: PostgresGuestGrants;
  private readonly joinLocks: PostgresJoinLocks;

  constructor(
    private readonly db: PostgresDb,
    clock: Clock,
  ) {
    this.outbox = new PostgresOutbox(db);
    this.incoming = new PostgresIncoming(db);
    this.inbox = new PostgresInbox(db);
    this.progress = new PostgresProgress(db, clock);
    this.settings = new PostgresSettings(db, clock);
    this.monitoring = new PostgresMonitoring(db);
    this.staff = new PostgresStaff(db);
    this.guests = new PostgresGuestGrants(db, this.staff);
    this.joinLocks = new PostgresJoinLocks(db);
  }

  // Progress
  loadProgress(appointmentIds?: string[]): Promise<Map<string, AppointmentProgress>> {
    return this.progress.load(appointmentIds);
  }
  saveProgress(progress: AppointmentProgress): Promise<void> {
    return this.progress.save(progress);
  }

  // Outbox
  findOutbox(key: string): Promise<OutboxEntry | undefined> {
    return this.outbox.find(key);
  }
  getOutboxEntry(id: number): Promise<OutboxEntry | undefined> {
    return this.outbox.get(id);
  }
  beginSend(entry: NewOutboxEntry, now: number): Promise<OutboxEntry> {
    return this.outbox.begin(entry, now);
  }
  finishSend(id: number, result: SendResult, now: number): Promise<void> {
    return this.outbox.finish(id, result, now);
  }
  markUnfinishedUnknown(now: number): Promise<OutboxEntry[]> {
    return this.outbox.markUnfinishedUnknown(now);
  }
  listOutbox(filter: { since?: number; status?: OutboxEntry['status']; limit?: number } = {}): Promise<OutboxEntry[]> {
    return this.outbox.list(filter);
  }
  countSendsSince(since: number): Promise<Map<string, number>> {
    return this.outbox.countSince(since);
  }
  recordDeliveryStatus(providerId: string, report: { status: DeliveryStatus; errorCode?: string }, now: number): Promise<DeliveryStatusOutcome> {
    return this.outbox.recordDeliveryStatus(providerId, report, now);
  }

  // Unknown sends
  listUnknownSends(filter: { state?: 'open' | 'resolved' | 'all'; limit?: number } = {}): Promise<OutboxEntry[]> {
    return this.outbox.listUnknown(filter);
  }
  listUnknownSendsDueForCheck(now: number, limit: number): Promise<OutboxEntry[]> {
    return this.outbox.listUnknownDue(now, limit);
  }
  recordUnknownSendCheck(id: number, check: UnknownSendCheck): Promise<void> {
    return this.outbox.recordCheck(id, check);
  }
  resolveUnknownSend(
    id: number,
    resolution: { outcome: UnknownSendResolution['outcome']; by: string; note?: string; providerId?: string },
    now: number,
  ): Promise<OutboxEntry> {
    return this.outbox.resolve(id, resolution, now);
  }

  // Incoming
  recordIncoming(message: { id: string; from: string; body: string; receivedAt: number }): Promise<boolean> {
    return this.incoming.record(message);
  }
  getIncoming(id: string): Promise<IncomingRecord | undefined> {
    return this.incoming.get(id);
  }
  setIncomingState(id: string, state: IncomingRecord['state'], detail: { reason?: string; appointmentId?: string } = {}): Promise<void> {
    return this.incoming.setState(id, state, detail);
  }
  listIncoming(filter: { state?: IncomingRecord['state']; since?: number; limit?: number } = {}): Promise<IncomingRecord[]> {
    return this.incoming.list(filter);
  }

  // Inbox
  conversationPhone(id: string): Promise<string | undefined> {
    return this.inbox.conversationPhone(id);
  }
  listConversations(filter: { open: boolean; since?: number; limit?: number }): Promise<ConversationSummary[]> {
    return this.inbox.listConversations(filter);
  }
  listIncomingFrom(phone: string, since: number): Promise<IncomingRecord[]> {
    return this.inbox.listIncomingFrom(phone, since);
  }
  listOutboxTo(phone: string, since: number): Promise<ConversationOutboxEntry[]> {
    return this.inbox.listOutboxTo(phone, since);
  }
  recordStaffReply(reply: { key: string; phone: string; by: string }, now: number): Promise<void> {
    return this.inbox.recordStaffReply(reply, now);
  }
  closeConversation(phone: string, by: string, now: number): Promise<number> {
    return this.inbox.close(phone, by, now);
  }
  linkConversation(phone: string, appointmentId: string, since: number): Promise<number> {
    return this.inbox.link(phone, appointmentId, since);
  }

  // Reply plans
  saveReplyPlan(messageId: string, plan: unknown, now: number): Promise<void> {
    return this.progress.savePlan(messageId, plan, now);
  }
  getReplyPlan<T = unknown>(messageId: string): Promise<T | undefined> {
    return this.progress.getPlan<T>(messageId);
  }

  // Guest grants
  recordGuestGrant(grant: NewGuestGrant, now: number): Promise<GuestGrantRecord> {
    return this.guests.record(grant, now);
  }
  getGuestGrant(grantId: string): Promise<GuestGrantRecord | undefined> {
    return this.guests.get(grantId);
  }
  findGuestGrantByRequest(requestKey: string): Promise<GuestGrantRecord | undefined> {
    return this.guests.findByRequest(requestKey);
  }
  listGuestGrants(appointmentId: string): Promise<GuestGrantRecord[]> {
    return this.guests.list(appointmentId);
  }
  countLiveGuestGrants(): Promise<Map<string, number>> {
    return this.guests.countLive();
  }
  setGuestLink(grantId: string, link: GuestLink, now: number): Promise<GuestGrantRecord | undefined> {
    return this.guests.setLink(grantId, link, now);
  }
  markGuestSent(grantId: string, now: number): Promise<GuestGrantRecord | undefined> {
    return this.guests.markSent(grantId, now);
  }
  markGuestsJoined(appointmentId: string, grantIds: readonly string[], now: number): Promise<number> {
    return this.guests.markJoined(appointmentId, grantIds, now);
  }
  expireGuestGrants(appointmentId: string): Promise<number> {
    return this.guests.expireAll(appointmentId);
  }
  bookGuest(guest: NewBookedGuest, now: number): Promise<GuestGrantRecord> {
    return this.guests.book(guest, now);
  }
  activateBookedGuest(grantId: string, roomId: string, expiresAt: string): Promise<GuestGrantRecord | undefined> {
    return this.guests.activateBooked(grantId, roomId, expiresAt);
  }
  markGuestPatientTold(grantId: string, now: number): Promise<GuestGrantRecord | undefined> {
    return this.guests.markPatientTold(grantId, now);
  }
  listLiveBookedGuests(): Promise<GuestGrantRecord[]> {
    return this.guests.listReceptionLive();
  }
  revokeGuestGrant(grantId: string, by: string, now: number, activity?: Omit<ActivityEntry, 'id'>): Promise<GuestGrantRecord | undefined> {
    return this.guests.revoke(grantId, by, now, activity);
  }

  // Join locks
  recordJoinLock(lock: NewJoinLock, now: number): Promise<JoinLockRecord> {
    return this.joinLocks.record(lock, now);
  }
  getJoinLock(appointmentId: string): Promise<JoinLockRecord | undefined> {
    return this.joinLocks.get(appointmentId);
  }
  listJoinLocks(appointmentIds: readonly string[]): Promise<JoinLockRecord[]> {
    return this.joinLocks.list(appointmentIds);
  }
  setJoinLockTarget(appointmentId: string, target: string, expiresAt?: number): Promise<JoinLockRecord | undefined> {
    return this.joinLocks.setTarget(appointmentId, target, expiresAt);
  }
  issueJoinCode(appointmentId: string, issue: JoinCodeIssue, maxCodes: number): Promise<JoinLockRecord | undefined> {
    return this.joinLocks.issueCode(appointmentId, issue, maxCodes);
  }
  markJoinLockPublished(appointmentId: string, url: string, now: number): Promise<JoinLockRecord | undefined> {
    return this.joinLocks.markPublished(appointmentId, url, now);
  }
  markJoinLockWithdrawn(appointmentId: string, now: number): Promise<JoinLockRecord | undefined> {
    return this.joinLocks.markWithdrawn(appointmentId, now);
  }

  // Language gaps, alert state
  recordLanguageGap(language: string, template: string, now: number): Promise<void> {
    return this.monitoring.recordLanguageGap(language, template, now);
  }
  listLanguageGaps(): Promise<LanguageGap[]> {
    return this.monitoring.listLanguageGaps();
  }
  saveAlertState(role: string, state: unknown, now: number): Promise<void> {
    return this.monitoring.saveAlertState(role, state, now);
  }
  listAlertStates<T = unknown>(): Promise<Map<string, T>> {
    return this.monitoring.listAlertStates<T>();
  }

  // Opt-outs
  setOptedOut(phone: string, optedOut: boolean, now: number): Promise<void> {
    return this.settings.setOptedOut(phone, optedOut, now);
  }
  listOptedOut(): Promise<Set<string>> {
    return this.settings.listOptedOut();
  }
  listOptOuts(): Promise<OptOutRecord[]> {
    return this.settings.listOptOuts();
  }

  // Recent errors, plugin health
  recordRecentError(entry: { where: string; error: string }, now: number): Promise<void> {
    return this.monitoring.recordRecentError(entry, now);
  }
  listRecentErrors(limit = RECENT_ERRORS_KEPT): Promise<RecentErrorRecord[]> {
    return this.monitoring.listRecentErrors(limit);
  }
  addPluginCalls(counts: PluginCallCounts): Promise<void> {
    return this.monitoring.addPluginCalls(counts);
  }
  listPluginCalls(since: number): Promise<PluginCallCounts[]> {
    return this.monitoring.listPluginCalls(since);
  }
  prunePluginCalls(before: number): Promise<void> {
    return this.monitoring.prunePluginCalls(before);
  }
  savePluginHealth(record: PluginHealthRecord): Promise<void> {
    return this.monitoring.savePluginHealth(record);
  }
  listPluginHealth(): Promise<PluginHealthRecord[]> {
    return this.monitoring.listPluginHealth();
  }

  // Practitioners, template overrides, plugin state
  listPractitioners(): Promise<PractitionerSettings[]> {
    return this.settings.listPractitioners();
  }
  savePractitioner(settings: PractitionerSettings): Promise<void> {
    return this.settings.savePractitioner(settings);
  }
  listTemplateOverrides(): Promise<Record<string, string>> {
    return this.settings.listTemplateOverrides();
  }
  saveTemplateOverride(name: string, text: string | null): Promise<void> {
    return this.settings.saveTemplateOverride(name, text);
  }
  getPluginState<T = unknown>(pluginId: string, key: string): Promise<T | undefined> {
    return this.settings.getPluginState<T>(pluginId, key);
  }
  setPluginState(pluginId: string, key: string, value: unknown): Promise<void> {
    return this.settings.setPluginState(pluginId, key, value);
  }
  listPluginState<T = unknown>(pluginId: string): Promise<Array<{ key: string; value: T }>> {
    return this.settings.listPluginState<T>(pluginId);
  }

  // Staff accounts, sessions, activity log
  getStaffUser(name: string): Promise<StaffUser | undefined> {
    return this.staff.getUser(name);
  }
  listStaffUsers(): Promise<StaffUser[]> {
    return this.staff.listUsers();
  }
  countStaffUsers(): Promise<number> {
    return this.staff.countUsers();
  }
  saveStaffUser(user: { name: string; role: StaffRole; passwordHash: string }, now: number): Promise<void> {
    return this.staff.saveUser(user, now);
  }
  deleteStaffUser(name: string): Promise<boolean> {
    return this.staff.deleteUser(name);
  }
  createStaffSession(session: StaffSession): Promise<void> {
    return this.staff.createSession(session);
  }
  getStaffSession(idHash: string): Promise<StaffSession | undefined> {
    return this.staff.getSession(idHash);
  }
  touchStaffSession(idHash: string, now: number): Promise<void> {
    return this.staff.touchSession(idHash, now);
  }
  deleteStaffSession(idHash: string): Promise<void> {
    return this.staff.deleteSession(idHash);
  }
  deleteStaffSessionsOf(userName: string): Promise<void> {
    return this.staff.deleteSessionsOf(userName);
  }
  deleteExpiredStaffSessions(lastSeenBefore: number, createdBefore: number): Promise<number> {
    return this.staff.deleteExpiredSessions(lastSeenBefore, createdBefore);
  }
  recordActivity(entry: Omit<ActivityEntry, 'id'>): Promise<ActivityEntry> {
    return this.staff.recordActivity(entry);
  }
  listActivity(filter: { limit?: number; before?: number } = {}): Promise<ActivityEntry[]> {
    return this.staff.listActivity(filter);
  }

  // Retention: one transaction, like the SQLite store's
  purgeBodiesBefore(before: number): Promise<number> {
    return this.db.transaction(async (tx) => {
      let purged = 0;
      for (const text of [OUTBOX_PURGE, INCOMING_PURGE, REPLY_PLAN_PURGE, GUEST_LINK_PURGE, JOIN_LOCK_PURGE]) {
        purged += (await tx.query(text, [this.db.clinicId, before])).rowCount;
      }
      return purged;
    });
  }

  // Monitoring
  ping(): Promise<void> {
    return this.monitoring.ping();
  }
  countQueues(): Promise<StoreQueueCounts> {
    return this.monitoring.countQueues();
  }

  /** Idempotent. Later calls reject; the pool stays open for the other clinics' stores. */
  async close(): Promise<void> {
    this.db.close();
  }
}
