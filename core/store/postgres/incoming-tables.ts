import { randomBytes } from 'node:crypto';
import { NotFoundError } from '@clinic-arrivals/plugin-kit';
import type { IncomingRecord } from '../../engine/incoming-record.js';
import { type IncomingRow, toIncomingRecord } from '../rows.js';
import { requireText } from '../validation.js';
import { pgLimit, type PostgresDb } from './database.js';

const SQL = {
  insert: `INSERT INTO incoming (clinic_id, id, from_number, body, received_at, state)
    VALUES ($1, $2, $3, $4, $5, 'pending') ON CONFLICT (clinic_id, id) DO NOTHING`,
  // Made with the number's first text; the id is random so it tells nothing about the number.
  conversationEnsure: `INSERT INTO conversations (clinic_id, id, phone, created_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (clinic_id, phone) DO NOTHING`,
  byId: 'SELECT * FROM incoming WHERE clinic_id = $1 AND id = $2',
  // A reason explains why a message is (or was) unprocessed: kept on dismissal, cleared once handled.
  setState: `UPDATE incoming SET state = $3,
      reason = CASE WHEN $3 IN ('pending', 'handled') THEN $4 ELSE COALESCE($4, reason) END,
      appointment_id = COALESCE($5, appointment_id)
    WHERE clinic_id = $1 AND id = $2`,
  list: `SELECT * FROM incoming WHERE clinic_id = $1 AND ($2::text IS NULL OR state = $2) AND ($3::bigint IS NULL OR received_at >= $3)
    ORDER BY received_at DESC, seq DESC LIMIT $4`,
} as const;

/** Purges incoming bodies older than a time (part of the store's retention transaction). */
export const INCOMING_PURGE = 'UPDATE incoming SET body = NULL WHERE clinic_id = $1 AND body IS NOT NULL AND received_at < $2';

/** Incoming texts in PostgreSQL: stored once per provider id, each new number given its conversation in the same transaction. */
export class PostgresIncoming {
  constructor(private readonly db: PostgresDb) {}

  async record(message: { id: string; from: string; body: string; receivedAt: number }): Promise<boolean> {
    requireText(message.id, 'message.id');
    return this.db.transaction(async (tx) => {
      const { rowCount } = await tx.query(SQL.insert, [this.db.clinicId, message.id, message.from, message.body, message.receivedAt]);
      if (rowCount === 1) await tx.query(SQL.conversationEnsure, [this.db.clinicId, randomBytes(16).toString('hex'), message.from, message.receivedAt]);
      return rowCount === 1;
    });
  }

  async get(id: string): Promise<IncomingRecord | undefined> {
    const row = (await this.db.query<IncomingRow>(SQL.byId, [this.db.clinicId, id])).rows[0];
    return row && toIncomingRecord(row);
  }

  async setState(id: string, state: IncomingRecord['state'], detail: { reason?: string; appointmentId?: string }): Promise<void> {
    const { rowCount } = await this.db.write(SQL.setState, [this.db.clinicId, id, state, detail.reason ?? null, detail.appointmentId ?? null]);
    if (rowCount === 0) throw new NotFoundError(`no incoming message with id ${id}`);
  }

  async list(filter: { state?: IncomingRecord['state']; since?: number; limit?: number }): Promise<IncomingRecord[]> {
    const { rows } = await this.db.query<IncomingRow>(SQL.list, [this.db.clinicId, filter.state ?? null, filter.since ?? null, pgLimit(filter.limit)]);
    return rows.map(toIncomingRecord);
  }
}
