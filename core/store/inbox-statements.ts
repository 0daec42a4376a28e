import type BetterSqlite3 from 'better-sqlite3';
import type { PreparedStatement } from './statements.js';

/** The statements behind reception's inbox (conversations per number, staff replies). */
export function prepareInboxStatements(db: BetterSqlite3.Database) {
  const s = (sql: string): PreparedStatement => db.prepare(sql);
  return {
    // Made with the number's first text; the id is random so it tells nothing about the number.
    conversationEnsure: s(`INSERT INTO conversations (id, phone, created_at) VALUES (@id, @phone, @now)
      ON CONFLICT (phone) DO NOTHING`),
    conversationPhone: s('SELECT phone FROM conversations WHERE id = ?'),
    conversationList: s(`SELECT c.id, c.phone, MAX(i.received_at) AS last_at,
        SUM(i.state = 'unprocessed') AS unprocessed,
        (SELECT json_group_array(DISTINCT r.reason) FROM incoming r
          WHERE r.from_number = c.phone AND r.reason IS NOT NULL
            AND (r.state = 'unprocessed' OR (@open = 0 AND r.received_at >= @since))) AS reasons,
        (SELECT a.appointment_id FROM incoming a WHERE a.from_number = c.phone AND a.appointment_id IS NOT NULL
          ORDER BY a.received_at DESC, a.rowid DESC LIMIT 1) AS appointment_id
      FROM conversations c JOIN incoming i ON i.from_number = c.phone
      GROUP BY c.id, c.phone
      HAVING (@open = 1 AND unprocessed > 0) OR (@open = 0 AND unprocessed = 0 AND last_at >= @since)
      ORDER BY last_at DESC, c.id LIMIT @limit`),
    incomingFrom: s(`SELECT * FROM incoming WHERE from_number = ? AND received_at >= ?
      ORDER BY received_at, rowid`),
    outboxTo: s(`SELECT o.*, r.sent_by FROM outbox o LEFT JOIN staff_replies r ON r.outbox_key = o.key
      WHERE o.to_number = ? AND o.created_at >= ? ORDER BY o.created_at, o.id`),
    staffReplyInsert: s(`INSERT INTO staff_replies (outbox_key, phone, sent_by, created_at) VALUES (@key, @phone, @by, @now)
      ON CONFLICT (outbox_key) DO NOTHING`),
    conversationClose: s(`UPDATE incoming SET state = 'dismissed', closed_by = @by, closed_at = @now
      WHERE from_number = @phone AND state = 'unprocessed'`),
    conversationLink: s(`UPDATE incoming SET appointment_id = @appointmentId
      WHERE from_number = @phone AND received_at >= @since`),
  };
}

export type InboxStatements = ReturnType<typeof prepareInboxStatements>;
