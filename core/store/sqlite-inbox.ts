import { randomBytes } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { ConversationOutboxEntry, ConversationSummary, IncomingRecord } from './store.js';
import { prepareInboxStatements, type InboxStatements } from './inbox-statements.js';
import { type IncomingRow, type OutboxRow, sqlLimit, toIncomingRecord, toOutboxEntry } from './rows.js';

interface ConversationRow {
  id: string;
  phone: string;
  last_at: number;
  unprocessed: number;
  reasons: string | null;
  appointment_id: string | null;
}

/** Reception's inbox on SQLite: the SqliteStore hands these calls over unchanged. */
export class SqliteInbox {
  private readonly sql: InboxStatements;

  constructor(db: BetterSqlite3.Database) {
    this.sql = prepareInboxStatements(db);
  }

  /** Gives `phone` a conversation id unless it has one. Call in the transaction that stores its text. */
  ensureConversation(phone: string, now: number): void {
    this.sql.conversationEnsure.run({ id: randomBytes(16).toString('hex'), phone, now });
  }

  conversationPhone(id: string): string | undefined {
    return (this.sql.conversationPhone.get(id) as { phone: string } | undefined)?.phone;
  }

  listConversations(filter: { open: boolean; since?: number; limit?: number }): ConversationSummary[] {
    const rows = this.sql.conversationList.all({
      open: filter.open ? 1 : 0,
      since: filter.since ?? 0,
      limit: sqlLimit(filter.limit),
    }) as ConversationRow[];
    return rows.map((row) => {
      const summary: ConversationSummary = {
        id: row.id,
        phone: row.phone,
        lastAt: row.last_at,
        unprocessed: row.unprocessed,
        reasons: (JSON.parse(row.reasons ?? '[]') as Array<string | null>).filter((r): r is string => typeof r === 'string').sort(),
      };
      if (row.appointment_id !== null) summary.appointmentId = row.appointment_id;
      return summary;
    });
  }

  listIncomingFrom(phone: string, since: number): IncomingRecord[] {
    return (this.sql.incomingFrom.all(phone, since) as IncomingRow[]).map(toIncomingRecord);
  }

  listOutboxTo(phone: string, since: number): ConversationOutboxEntry[] {
    const rows = this.sql.outboxTo.all(phone, since) as Array<OutboxRow & { sent_by: string | null }>;
    return rows.map((row) => {
      const entry: ConversationOutboxEntry = toOutboxEntry(row);
      if (row.sent_by !== null) entry.sentBy = row.sent_by;
      return entry;
    });
  }

  recordStaffReply(reply: { key: string; phone: string; by: string }, now: number): void {
    this.sql.staffReplyInsert.run({ ...reply, now });
  }

  closeConversation(phone: string, by: string, now: number): number {
    return this.sql.conversationClose.run({ phone, by, now }).changes;
  }

  linkConversation(phone: string, appointmentId: string, since: number): number {
    return this.sql.conversationLink.run({ phone, appointmentId, since }).changes;
  }
}
