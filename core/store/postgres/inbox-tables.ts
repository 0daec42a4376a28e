import type { ConversationOutboxEntry, ConversationSummary, IncomingRecord } from '../store.js';
import { type IncomingRow, type OutboxRow, toIncomingRecord, toOutboxEntry } from '../rows.js';
import { requireText } from '../validation.js';
import { pgLimit, type PostgresDb } from './database.js';

interface ConversationRow {
  id: string;
  phone: string;
  last_at: number;
  unprocessed: number;
  reasons: Array<string | null> | null;
  appointment_id: string | null;
}

const SQL = {
  phone: 'SELECT phone FROM conversations WHERE clinic_id = $1 AND id = $2',
  // $2: open conversations (true) or closed ones (false) whose newest text is at or after $3.
  list: `SELECT c.id, c.phone, max(i.received_at) AS last_at,
      count(*) FILTER (WHERE i.state = 'unprocessed') AS unprocessed,
      (SELECT json_agg(DISTINCT r.reason) FROM incoming r
        WHERE r.clinic_id = c.clinic_id AND r.from_number = c.phone AND r.reason IS NOT NULL
          AND (r.state = 'unprocessed' OR (NOT $2 AND r.received_at >= $3))) AS reasons,
      (SELECT a.appointment_id FROM incoming a
        WHERE a.clinic_id = c.clinic_id AND a.from_number = c.phone AND a.appointment_id IS NOT NULL
        ORDER BY a.received_at DESC, a.seq DESC LIMIT 1) AS appointment_id
    FROM conversations c JOIN incoming i ON i.clinic_id = c.clinic_id AND i.from_number = c.phone
    WHERE c.clinic_id = $1
    GROUP BY c.clinic_id, c.id, c.phone
    HAVING ($2 AND count(*) FILTER (WHERE i.state = 'unprocessed') > 0)
      OR (NOT $2 AND count(*) FILTER (WHERE i.state = 'unprocessed') = 0 AND max(i.received_at) >= $3)
    ORDER BY last_at DESC, c.id LIMIT $4`,
  incomingFrom: 'SELECT * FROM incoming WHERE clinic_id = $1 AND from_number = $2 AND received_at >= $3 ORDER BY received_at, seq',
  outboxTo: `SELECT o.*, r.sent_by FROM outbox o LEFT JOIN staff_replies r ON r.clinic_id = o.clinic_id AND r.outbox_key = o.key
    WHERE o.clinic_id = $1 AND o.to_number = $2 AND o.created_at >= $3 ORDER BY o.created_at, o.id`,
  staffReplyInsert: `INSERT INTO staff_replies (clinic_id, outbox_key, phone, sent_by, created_at) VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (clinic_id, outbox_key) DO NOTHING`,
  close: `UPDATE incoming SET state = 'dismissed', closed_by = $3, closed_at = $4 WHERE clinic_id = $1 AND from_number = $2 AND state = 'unprocessed'`,
  link: 'UPDATE incoming SET appointment_id = $3 WHERE clinic_id = $1 AND from_number = $2 AND received_at >= $4',
} as const;

/** Reception's inbox in PostgreSQL: one conversation per number that has texted (made by PostgresIncoming.record). */
export class PostgresInbox {
  constructor(private readonly db: PostgresDb) {}

  async conversationPhone(id: string): Promise<string | undefined> {
    return (await this.db.query<{ phone: string }>(SQL.phone, [this.db.clinicId, id])).rows[0]?.phone;
  }

  async listConversations(filter: { open: boolean; since?: number; limit?: number }): Promise<ConversationSummary[]> {
    const { rows } = await this.db.query<ConversationRow>(SQL.list, [this.db.clinicId, filter.open, filter.since ?? 0, pgLimit(filter.limit)]);
    return rows.map((row) => {
      const summary: ConversationSummary = {
        id: row.id,
        phone: row.phone,
        lastAt: row.last_at,
        unprocessed: row.unprocessed,
        reasons: (row.reasons ?? []).filter((r): r is string => typeof r === 'string').sort(),
      };
      if (row.appointment_id !== null) summary.appointmentId = row.appointment_id;
      return summary;
    });
  }

  async listIncomingFrom(phone: string, since: number): Promise<IncomingRecord[]> {
    return (await this.db.query<IncomingRow>(SQL.incomingFrom, [this.db.clinicId, phone, since])).rows.map(toIncomingRecord);
  }

  async listOutboxTo(phone: string, since: number): Promise<ConversationOutboxEntry[]> {
    const { rows } = await this.db.query<OutboxRow & { sent_by: string | null }>(SQL.outboxTo, [this.db.clinicId, phone, since]);
    return rows.map((row) => {
      const entry: ConversationOutboxEntry = toOutboxEntry(row);
      if (row.sent_by !== null) entry.sentBy = row.sent_by;
      return entry;
    });
  }

  async recordStaffReply(reply: { key: string; phone: string; by: string }, now: number): Promise<void> {
    requireText(reply.key, 'reply.key');
    requireText(reply.phone, 'reply.phone');
    requireText(reply.by, 'reply.by');
    await this.db.write(SQL.staffReplyInsert, [this.db.clinicId, reply.key, reply.phone, reply.by, now]);
  }

  async close(phone: string, by: string, now: number): Promise<number> {
    requireText(by, 'by');
    return (await this.db.write(SQL.close, [this.db.clinicId, phone, by, now])).rowCount;
  }

  async link(phone: string, appointmentId: string, since: number): Promise<number> {
    requireText(appointmentId, 'appointmentId');
    return (await this.db.write(SQL.link, [this.db.clinicId, phone, appointmentId, since])).rowCount;
  }
}
