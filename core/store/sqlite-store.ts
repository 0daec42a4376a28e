import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Clock } from '@clinic-arrivals/plugin-kit';
import { SystemClock } from '@clinic-arrivals/plugin-kit';
import type { AppointmentProgress, PractitionerSettings } from '../engine/progress.js';
import type {
  ConversationOutboxEntry,
  ConversationSummary,
  DeliveryStatus,
  DeliveryStatusOutcome,
  IncomingRecord,
  NewOutboxEntry,
  OptOutRecord,
  OutboxEntry,
  PluginCallCounts,
  PluginHealthRecord,
  RecentErrorRecord,
  SendResult,
  Store,
  StoreQueueCounts,
  UnknownSendCheck,
  UnknownSendResolution,
} from './store.js';
import { deliveryStatusRank } from './store.js';
import { ConflictError, NotFoundError } from '@clinic-arrivals/plugin-kit';
import type { ActivityEntry, LanguageGap, StaffRole, StaffSession, StaffUser } from './store.js';
import { DuplicateSendError } from './errors.js';
import { prepareAlertStatements, type AlertStatements } from './alert-statements.js';
import { prepareLanguageGapStatements, type LanguageGapStatements } from './language-gap-tables.js';
import { applyMigrations } from './migrations.js';
import { RECENT_ERRORS_KEPT, RESOLUTION_OUTCOMES, requireText } from './validation.js';

export { RECENT_ERRORS_KEPT };
import { type IncomingRow, type OutboxRow, sqlLimit, toIncomingRecord, toOutboxEntry } from './rows.js';
import { SqliteInbox } from './sqlite-inbox.js';
import { prepareStatements, type StoreStatements } from './statements.js';
import { StaffTables } from './staff-tables.js';
import { GuestGrantTables } from './guest-grant-tables.js';
import { JoinLockTables } from './join-lock-tables.js';
import type { JoinCodeIssue, JoinLockRecord, NewJoinLock } from './join-lock-types.js';
import { LIVE_GUEST_STATES, type GuestGrantRecord, type NewBookedGuest, type NewGuestGrant } from './guest-grant-types.js';
import type { GuestLink } from '@clinic-arrivals/plugin-kit';

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /**
   * Stamps `updated_at` on rows whose methods take no `now` (progress, practitioners, …).
   * @default the system clock
   */
  clock?: Clock;
  /**
   * How long a write waits for another process holding the file's lock.
   * @default 5000
   */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) the SQLite store at `path` and brings its schema up to date.
 * Creates the parent folder. `:memory:` gives a private in-memory store (for tests and demos).
 *
 * @throws StoreVersionError when the file was written by a newer clinic-arrivals.
 * @example
 * const store = await openSqliteStore('./data/clinic-arrivals.sqlite');
 */
export async function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<Store> {
  const inMemory = path === ':memory:';
  const location = inMemory ? path : resolve(path);
  if (!inMemory) mkdirSync(dirname(location), { recursive: true });

  const db = new Database(location);
  try {
    // Busy timeout first: switching to WAL itself may wait for another process's lock.
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    // WAL lets the API read while the loops write. Synchronous stays FULL: an outbox intent
    // must survive a power cut, or a message could be sent twice after it.
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    applyMigrations(db, undefined, location);
    return new SqliteStore(db, options.clock ?? new SystemClock());
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The SQLite {@link Store}. Every method is synchronous underneath; the async surface fits other backends. */
class SqliteStore implements Store {
  private readonly sql: StoreStatements;
  private readonly inbox: SqliteInbox;
  private readonly staff: StaffTables;
  private readonly alerts: AlertStatements;
  private readonly languageGaps: LanguageGapStatements;
  private readonly guests: GuestGrantTables;
  private readonly joinLocks: JoinLockTables;

  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
  ) {
    this.sql = prepareStatements(db);
    this.inbox = new SqliteInbox(db);
    this.staff = new StaffTables(db);
    this.alerts = prepareAlertStatements(db);
    this.languageGaps = prepareLanguageGapStatements(db);
    this.guests = new GuestGrantTables(db);
    this.joinLocks = new JoinLockTables(db);
  }

  // Progress

  async loadProgress(appointmentIds?: string[]): Promise<Map<string, AppointmentProgress>> {
    const rows = (appointmentIds === undefined ? this.sql.progressAll.all() : this.sql.progressByIds.all(JSON.stringify(appointmentIds))) as Array<{
      id: string;
      json: string;
    }>;
    return new Map(rows.map((row) => [row.id, JSON.parse(row.json) as AppointmentProgress]));
  }

  async saveProgress(progress: AppointmentProgress): Promise<void> {
    requireText(progress.appointmentId, 'progress.appointmentId');
    this.sql.progressUpsert.run({ id: progress.appointmentId, json: JSON.stringify(progress), now: this.clock.now() });
  }

  // Outbox

  async findOutbox(key: string): Promise<OutboxEntry | undefined> {
    const row = this.sql.outboxByKey.get(key) as OutboxRow | undefined;
    return row && toOutboxEntry(row);
  }

  async getOutboxEntry(id: number): Promise<OutboxEntry | undefined> {
    const row = this.sql.outboxById.get(id) as OutboxRow | undefined;
    return row && toOutboxEntry(row);
  }

  async beginSend(entry: NewOutboxEntry, now: number): Promise<OutboxEntry> {
    requireText(entry.key, 'entry.key');
    requireText(entry.to, 'entry.to');
    requireText(entry.template, 'entry.template');
    const params = {
      key: entry.key,
      appointmentId: entry.appointmentId ?? null,
      to: entry.to,
      template: entry.template,
      body: entry.body,
      now,
    };
    // Immediate: the check and the write happen under one write lock, even across processes.
    const begin = this.db.transaction((): OutboxRow => {
      const existing = this.sql.outboxByKey.get(entry.key) as OutboxRow | undefined;
      if (existing === undefined) {
        const { lastInsertRowid } = this.sql.outboxInsert.run(params);
        return this.sql.outboxById.get(lastInsertRowid) as OutboxRow;
      }
      if (existing.status !== 'retry') throw new DuplicateSendError(entry.key, existing.status);
      this.sql.outboxReuseForRetry.run({ ...params, id: existing.id });
      return this.sql.outboxById.get(existing.id) as OutboxRow;
    });
    return toOutboxEntry(begin.immediate());
  }

  async finishSend(id: number, result: SendResult, now: number): Promise<void> {
    const { changes } =
      result.status === 'sent'
        ? this.sql.outboxFinishSent.run({ id, providerId: result.providerId, now })
        : this.sql.outboxFinishFailed.run({ id, status: result.status, error: result.error, now });
    if (changes === 0) throw new NotFoundError(`no outbox entry with id ${id}`);
  }

  async markUnfinishedUnknown(now: number): Promise<OutboxEntry[]> {
    const mark = this.db.transaction((): OutboxRow[] => {
      const rows = this.sql.outboxPending.all() as OutboxRow[];
      this.sql.outboxMarkUnknown.run(now);
      return rows;
    });
    return mark.immediate().map((row) => toOutboxEntry({ ...row, status: 'unknown', updated_at: now }));
  }

  async listOutbox(filter: { since?: number; status?: OutboxEntry['status']; limit?: number } = {}): Promise<OutboxEntry[]> {
    const rows = this.sql.outboxList.all({
      status: filter.status ?? null,
      since: filter.since ?? null,
      limit: sqlLimit(filter.limit),
    }) as OutboxRow[];
    return rows.map(toOutboxEntry);
  }

  async countSendsSince(since: number): Promise<Map<string, number>> {
    const rows = this.sql.outboxCountSince.all(since) as Array<{ phone: string; count: number }>;
    return new Map(rows.map((row) => [row.phone, row.count]));
  }

  // Unknown sends

  async listUnknownSends(filter: { state?: 'open' | 'resolved' | 'all'; limit?: number } = {}): Promise<OutboxEntry[]> {
    const state = filter.state ?? 'open';
    if (!['open', 'resolved', 'all'].includes(state)) throw new RangeError(`state must be open, resolved or all, got ${String(state)}`);
    const rows = this.sql.outboxUnknownList.all({ state, limit: sqlLimit(filter.limit) }) as OutboxRow[];
    return rows.map(toOutboxEntry);
  }

  async listUnknownSendsDueForCheck(now: number, limit: number): Promise<OutboxEntry[]> {
    const rows = this.sql.outboxUnknownDue.all({ now, limit: sqlLimit(limit) }) as OutboxRow[];
    return rows.map(toOutboxEntry);
  }

  async recordUnknownSendCheck(id: number, check: UnknownSendCheck): Promise<void> {
    const { changes } = this.sql.outboxRecordCheck.run({ id, at: check.at, note: check.note, nextAt: check.nextAt ?? null });
    if (changes === 0 && this.sql.outboxById.get(id) === undefined) throw new NotFoundError(`no outbox entry with id ${id}`);
  }

  async resolveUnknownSend(
    id: number,
    resolution: { outcome: UnknownSendResolution['outcome']; by: string; note?: string; providerId?: string },
    now: number,
  ): Promise<OutboxEntry> {
    requireText(resolution.by, 'resolution.by');
    if (!RESOLUTION_OUTCOMES.has(resolution.outcome))
      throw new TypeError(`resolution.outcome must be delivered, resent or dismissed, got ${String(resolution.outcome)}`);
    // Immediate: the check of the current state and the write happen under one write lock.
    const resolve = this.db.transaction((): OutboxRow => {
      const row = this.sql.outboxById.get(id) as OutboxRow | undefined;
      if (row === undefined) throw new NotFoundError(`no outbox entry with id ${id}`);
      if (row.status !== 'unknown') throw new ConflictError(`outbox entry ${id} is ${row.status}, not unknown: nothing to resolve`);
      if (row.resolution !== null) return row;
      this.sql.outboxResolve.run({
        id,
        outcome: resolution.outcome,
        by: resolution.by,
        note: resolution.note ?? null,
        providerId: resolution.providerId ?? null,
        now,
      });
      return this.sql.outboxById.get(id) as OutboxRow;
    });
    return toOutboxEntry(resolve.immediate());
  }

  async recordDeliveryStatus(providerId: string, report: { status: DeliveryStatus; errorCode?: string }, now: number): Promise<DeliveryStatusOutcome> {
    requireText(providerId, 'providerId');
    const rank = deliveryStatusRank(report.status);
    if (rank === 0) throw new TypeError(`report.status must be queued, sent, delivered, undelivered or failed, got ${String(report.status)}`);
    const errorCode = report.errorCode !== undefined && /^\d{1,10}$/.test(report.errorCode) ? report.errorCode : null;
    // Immediate: the order check and the write happen under one write lock.
    const apply = this.db.transaction((): DeliveryStatusOutcome => {
      const row = this.sql.outboxByProviderId.get(providerId) as OutboxRow | undefined;
      if (row === undefined) return { matched: false };
      if (rank <= deliveryStatusRank(row.delivery_status ?? undefined)) return { matched: true, changed: false, entry: toOutboxEntry(row) };
      this.sql.outboxSetDelivery.run({ id: row.id, status: report.status, errorCode, now });
      return { matched: true, changed: true, entry: toOutboxEntry(this.sql.outboxById.get(row.id) as OutboxRow) };
    });
    return apply.immediate();
  }

  // Incoming

  async recordIncoming(message: { id: string; from: string; body: string; receivedAt: number }): Promise<boolean> {
    requireText(message.id, 'message.id');
    // The number's conversation id is made with its first text, so the inbox can name it at once.
    const record = this.db.transaction((): boolean => {
      const { changes } = this.sql.incomingInsert.run({
        id: message.id,
        from: message.from,
        body: message.body,
        receivedAt: message.receivedAt,
      });
      if (changes === 1) this.inbox.ensureConversation(message.from, message.receivedAt);
      return changes === 1;
    });
    return record.immediate();
  }

  async getIncoming(id: string): Promise<IncomingRecord | undefined> {
    const row = this.sql.incomingById.get(id) as IncomingRow | undefined;
    return row && toIncomingRecord(row);
  }

  async setIncomingState(id: string, state: IncomingRecord['state'], detail: { reason?: string; appointmentId?: string } = {}): Promise<void> {
    const { changes } = this.sql.incomingSetState.run({
      id,
      state,
      reason: detail.reason ?? null,
      appointmentId: detail.appointmentId ?? null,
    });
    if (changes === 0) throw new NotFoundError(`no incoming message with id ${id}`);
  }

  async listIncoming(filter: { state?: IncomingRecord['state']; since?: number; limit?: number } = {}): Promise<IncomingRecord[]> {
    const rows = this.sql.incomingList.all({
      state: filter.state ?? null,
      since: filter.since ?? null,
      limit: sqlLimit(filter.limit),
    }) as IncomingRow[];
    return rows.map(toIncomingRecord);
  }

  // Inbox
  async conversationPhone(id: string): Promise<string | undefined> {
    return this.inbox.conversationPhone(id);
  }

  async listConversations(filter: { open: boolean; since?: number; limit?: number }): Promise<ConversationSummary[]> {
    return this.inbox.listConversations(filter);
  }

  async listIncomingFrom(phone: string, since: number): Promise<IncomingRecord[]> {
    return this.inbox.listIncomingFrom(phone, since);
  }

  async listOutboxTo(phone: string, since: number): Promise<ConversationOutboxEntry[]> {
    return this.inbox.listOutboxTo(phone, since);
  }

  async recordStaffReply(reply: { key: string; phone: string; by: string }, now: number): Promise<void> {
    requireText(reply.key, 'reply.key');
    requireText(reply.phone, 'reply.phone');
    requireText(reply.by, 'reply.by');
    this.inbox.recordStaffReply(reply, now);
  }

  async closeConversation(phone: string, by: string, now: number): Promise<number> {
    requireText(by, 'by');
    return this.inbox.closeConversation(phone, by, now);
  }

  async linkConversation(phone: string, appointmentId: string, since: number): Promise<number> {
    requireText(appointmentId, 'appointmentId');
    return this.inbox.linkConversation(phone, appointmentId, since);
  }

  // Reply plans

  async saveReplyPlan(messageId: string, plan: unknown, now: number): Promise<void> {
    requireText(messageId, 'messageId');
    this.sql.replyPlanUpsert.run({ id: messageId, json: JSON.stringify(plan), now });
  }

  // Guest grants

  async recordGuestGrant(grant: NewGuestGrant, now: number): Promise<GuestGrantRecord> {
    for (const key of ['grantId', 'requestKey', 'appointmentId', 'roomId', 'displayName', 'expiresAt'] as const) requireText(grant[key], `grant.${key}`);
    return this.guests.record(grant, now);
  }

  async getGuestGrant(grantId: string): Promise<GuestGrantRecord | undefined> {
    return this.guests.get(grantId);
  }

  async findGuestGrantByRequest(requestKey: string): Promise<GuestGrantRecord | undefined> {
    return this.guests.findByRequest(requestKey);
  }

  async listGuestGrants(appointmentId: string): Promise<GuestGrantRecord[]> {
    return this.guests.list(appointmentId);
  }

  async countLiveGuestGrants(): Promise<Map<string, number>> {
    return this.guests.countLive();
  }

  async setGuestLink(grantId: string, link: GuestLink, now: number): Promise<GuestGrantRecord | undefined> {
    return this.guests.setLink(grantId, link, now);
  }

  async markGuestSent(grantId: string, now: number): Promise<GuestGrantRecord | undefined> {
    return this.guests.markSent(grantId, now);
  }

  async markGuestsJoined(appointmentId: string, grantIds: readonly string[], now: number): Promise<number> {
    return this.guests.markJoined(appointmentId, grantIds, now);
  }

  async expireGuestGrants(appointmentId: string): Promise<number> {
    return this.guests.expireAll(appointmentId);
  }

  async bookGuest(guest: NewBookedGuest, now: number): Promise<GuestGrantRecord> {
    for (const key of ['grantId', 'requestKey', 'appointmentId', 'displayName', 'phone', 'bookedBy', 'expiresAt'] as const)
      requireText(guest[key], `guest.${key}`);
    return this.guests.book(guest, now);
  }

  async activateBookedGuest(grantId: string, roomId: string, expiresAt: string): Promise<GuestGrantRecord | undefined> {
    return this.guests.activateBooked(grantId, roomId, expiresAt);
  }

  async markGuestPatientTold(grantId: string, now: number): Promise<GuestGrantRecord | undefined> {
    return this.guests.markPatientTold(grantId, now);
  }

  async listLiveBookedGuests(): Promise<GuestGrantRecord[]> {
    return this.guests.listReceptionLive();
  }

  async revokeGuestGrant(grantId: string, by: string, now: number, activity?: Omit<ActivityEntry, 'id'>): Promise<GuestGrantRecord | undefined> {
    if (!activity) return this.guests.revokeGrant(grantId, by, now);
    return this.db
      .transaction(() => {
        const wasLive = LIVE_GUEST_STATES.includes(this.guests.get(grantId)?.state ?? 'revoked');
        const grant = this.guests.revokeGrant(grantId, by, now);
        if (wasLive && grant?.state === 'revoked') this.staff.recordActivity(activity);
        return grant;
      })
      .immediate();
  }

  async recordLanguageGap(language: string, template: string, now: number): Promise<void> {
    requireText(language, 'language');
    requireText(template, 'template');
    this.languageGaps.record.run({ language, template, now });
  }

  async listLanguageGaps(): Promise<LanguageGap[]> {
    return this.languageGaps.list.all() as LanguageGap[];
  }

  async saveAlertState(role: string, state: unknown, now: number): Promise<void> {
    requireText(role, 'role');
    this.alerts.upsert.run({ role, json: JSON.stringify(state), now });
  }

  async listAlertStates<T = unknown>(): Promise<Map<string, T>> {
    const rows = this.alerts.list.all() as Array<{ role: string; json: string }>;
    return new Map(rows.map((row) => [row.role, JSON.parse(row.json) as T]));
  }

  async getReplyPlan<T = unknown>(messageId: string): Promise<T | undefined> {
    const row = this.sql.replyPlanGet.get(messageId) as { json: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.json) as T);
  }

  // Opt-outs

  async setOptedOut(phone: string, optedOut: boolean, now: number): Promise<void> {
    requireText(phone, 'phone');
    this.sql.optOutSet.run({ phone, optedOut: optedOut ? 1 : 0, now });
  }

  async listOptedOut(): Promise<Set<string>> {
    const rows = this.sql.optOutList.all() as Array<{ phone: string }>;
    return new Set(rows.map((row) => row.phone));
  }

  async listOptOuts(): Promise<OptOutRecord[]> {
    const rows = this.sql.optOutRecords.all() as Array<{ phone: string; updated_at: number }>;
    return rows.map((row) => ({ phone: row.phone, at: row.updated_at }));
  }

  // Recent errors

  async recordRecentError(entry: { where: string; error: string }, now: number): Promise<void> {
    requireText(entry.where, 'entry.where');
    requireText(entry.error, 'entry.error');
    this.db.transaction(() => {
      const { count } = this.sql.recentErrorUpsert.get({ where: entry.where, error: entry.error, now }) as { count: number };
      // Only a new row can take the table past its bound; a repeat just updates its row.
      if (count === 1) this.sql.recentErrorPrune.run({ keep: RECENT_ERRORS_KEPT });
    })();
  }

  async listRecentErrors(limit = RECENT_ERRORS_KEPT): Promise<RecentErrorRecord[]> {
    const rows = this.sql.recentErrorList.all({ limit }) as Array<{ source: string; error: string; first_at: number; last_at: number; count: number }>;
    return rows.map((row) => ({ where: row.source, error: row.error, firstAt: row.first_at, lastAt: row.last_at, count: row.count }));
  }

  // Plugin health

  async addPluginCalls(counts: PluginCallCounts): Promise<void> {
    requireText(counts.role, 'counts.role');
    this.sql.pluginCallsAdd.run(counts);
  }

  async listPluginCalls(since: number): Promise<PluginCallCounts[]> {
    return this.sql.pluginCallsSince.all(since) as PluginCallCounts[];
  }

  async prunePluginCalls(before: number): Promise<void> {
    this.sql.pluginCallsPrune.run(before);
  }

  async savePluginHealth(record: PluginHealthRecord): Promise<void> {
    requireText(record.role, 'record.role');
    this.sql.pluginHealthSave.run({
      role: record.role,
      status: record.status,
      since: record.since,
      lastErrorCode: record.lastErrorCode ?? null,
      lastErrorAt: record.lastErrorAt ?? null,
    });
  }

  async listPluginHealth(): Promise<PluginHealthRecord[]> {
    const rows = this.sql.pluginHealthList.all() as Array<{
      role: string;
      status: PluginHealthRecord['status'];
      since: number;
      last_error_code: string | null;
      last_error_at: number | null;
    }>;
    return rows.map((row) => ({
      role: row.role,
      status: row.status,
      since: row.since,
      ...(row.last_error_code !== null ? { lastErrorCode: row.last_error_code } : {}),
      ...(row.last_error_at !== null ? { lastErrorAt: row.last_error_at } : {}),
    }));
  }

  // Practitioners

  async listPractitioners(): Promise<PractitionerSettings[]> {
    const rows = this.sql.practitionerList.all() as Array<{ json: string }>;
    return rows.map((row) => JSON.parse(row.json) as PractitionerSettings);
  }

  async savePractitioner(settings: PractitionerSettings): Promise<void> {
    requireText(settings.practitionerId, 'settings.practitionerId');
    this.sql.practitionerUpsert.run({ id: settings.practitionerId, json: JSON.stringify(settings), now: this.clock.now() });
  }

  // Template overrides

  async listTemplateOverrides(): Promise<Record<string, string>> {
    const rows = this.sql.templateList.all() as Array<{ name: string; text: string }>;
    return Object.fromEntries(rows.map((row) => [row.name, row.text]));
  }

  async saveTemplateOverride(name: string, text: string | null): Promise<void> {
    requireText(name, 'name');
    if (text === null) this.sql.templateDelete.run(name);
    else this.sql.templateUpsert.run({ name, text, now: this.clock.now() });
  }

  // Plugin state

  async getPluginState<T = unknown>(pluginId: string, key: string): Promise<T | undefined> {
    const row = this.sql.pluginStateGet.get(pluginId, key) as { json: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.json) as T);
  }

  /** `undefined` deletes the key (JSON has no undefined). */
  async setPluginState(pluginId: string, key: string, value: unknown): Promise<void> {
    requireText(pluginId, 'pluginId');
    const json = value === undefined ? undefined : JSON.stringify(value);
    if (json === undefined) this.sql.pluginStateDelete.run(pluginId, key);
    else this.sql.pluginStateUpsert.run({ pluginId, key, json, now: this.clock.now() });
  }

  async listPluginState<T = unknown>(pluginId: string): Promise<Array<{ key: string; value: T }>> {
    const rows = this.sql.pluginStateList.all(pluginId) as Array<{ key: string; json: string }>;
    return rows.map((row) => ({ key: row.key, value: JSON.parse(row.json) as T }));
  }

  // Staff accounts, sessions, activity log

  async getStaffUser(name: string): Promise<StaffUser | undefined> {
    return this.staff.getUser(name);
  }

  async listStaffUsers(): Promise<StaffUser[]> {
    return this.staff.listUsers();
  }

  async countStaffUsers(): Promise<number> {
    return this.staff.countUsers();
  }

  async saveStaffUser(user: { name: string; role: StaffRole; passwordHash: string }, now: number): Promise<void> {
    requireText(user.name, 'user.name');
    this.staff.saveUser(user, now);
  }

  async deleteStaffUser(name: string): Promise<boolean> {
    return this.staff.deleteUser(name);
  }

  async createStaffSession(session: StaffSession): Promise<void> {
    this.staff.createSession(session);
  }

  async getStaffSession(idHash: string): Promise<StaffSession | undefined> {
    return this.staff.getSession(idHash);
  }

  async touchStaffSession(idHash: string, now: number): Promise<void> {
    this.staff.touchSession(idHash, now);
  }

  async deleteStaffSession(idHash: string): Promise<void> {
    this.staff.deleteSession(idHash);
  }

  async deleteStaffSessionsOf(userName: string): Promise<void> {
    this.staff.deleteSessionsOf(userName);
  }

  async deleteExpiredStaffSessions(lastSeenBefore: number, createdBefore: number): Promise<number> {
    return this.staff.deleteExpiredSessions(lastSeenBefore, createdBefore);
  }

  async recordActivity(entry: Omit<ActivityEntry, 'id'>): Promise<ActivityEntry> {
    requireText(entry.actor, 'entry.actor');
    requireText(entry.action, 'entry.action');
    return this.staff.recordActivity(entry);
  }

  async listActivity(filter: { limit?: number; before?: number } = {}): Promise<ActivityEntry[]> {
    return this.staff.listActivity(filter);
  }

  // Join locks

  async recordJoinLock(lock: NewJoinLock, now: number): Promise<JoinLockRecord> {
    for (const key of ['appointmentId', 'lockId', 'secret', 'code', 'issueKey'] as const) requireText(lock[key], `lock.${key}`);
    return this.joinLocks.record(lock, now);
  }

  async getJoinLock(appointmentId: string): Promise<JoinLockRecord | undefined> {
    return this.joinLocks.get(appointmentId);
  }

  async listJoinLocks(appointmentIds: readonly string[]): Promise<JoinLockRecord[]> {
    return this.joinLocks.list(appointmentIds);
  }

  async setJoinLockTarget(appointmentId: string, target: string, expiresAt?: number): Promise<JoinLockRecord | undefined> {
    requireText(target, 'target');
    return this.joinLocks.setTarget(appointmentId, target, expiresAt);
  }

  async issueJoinCode(appointmentId: string, issue: JoinCodeIssue, maxCodes: number): Promise<JoinLockRecord | undefined> {
    requireText(issue.issueKey, 'issue.issueKey');
    requireText(issue.code, 'issue.code');
    return this.joinLocks.issueCode(appointmentId, issue, maxCodes);
  }

  async markJoinLockPublished(appointmentId: string, url: string, now: number): Promise<JoinLockRecord | undefined> {
    requireText(url, 'url');
    return this.joinLocks.markPublished(appointmentId, url, now);
  }

  async markJoinLockWithdrawn(appointmentId: string, now: number): Promise<JoinLockRecord | undefined> {
    return this.joinLocks.markWithdrawn(appointmentId, now);
  }

  // Retention

  async purgeBodiesBefore(before: number): Promise<number> {
    const purge = this.db.transaction(
      () =>
        this.sql.outboxPurge.run(before).changes +
        this.sql.incomingPurge.run(before).changes +
        this.sql.replyPlanPurge.run(before).changes +
        this.guests.purgeLinksBefore(before) +
        this.joinLocks.purgeBefore(before),
    );
    return purge.immediate();
  }

  // Monitoring

  async ping(): Promise<void> {
    this.sql.ping.get();
  }

  async countQueues(): Promise<StoreQueueCounts> {
    return this.sql.queueCounts.get() as StoreQueueCounts;
  }

  /** Idempotent. SQLite folds the WAL back into the file when the last connection closes. */
  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
