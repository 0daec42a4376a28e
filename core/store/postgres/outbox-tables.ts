import { ConflictError, NotFoundError } from '@clinic-arrivals/plugin-kit';
import { DuplicateSendError } from '../errors.js';
import { type OutboxRow, toOutboxEntry } from '../rows.js';
import type { DeliveryStatus, DeliveryStatusOutcome, NewOutboxEntry, OutboxEntry, SendResult, UnknownSendCheck, UnknownSendResolution } from '../store.js';
import { deliveryStatusRank } from '../store.js';
import { RESOLUTION_OUTCOMES, requireText } from '../validation.js';
import { pgLimit, type PostgresDb } from './database.js';

const SQL = {
  byKey: 'SELECT * FROM outbox WHERE clinic_id = $1 AND key = $2',
  byId: 'SELECT * FROM outbox WHERE clinic_id = $1 AND id = $2',
  // The key is taken by whoever inserts first; a loser waits for the winner's commit, then inserts nothing.
  insert: `INSERT INTO outbox (clinic_id, key, appointment_id, to_number, template, body, status, attempts, created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, 'pending', 1, $7, $7) ON CONFLICT (clinic_id, key) DO NOTHING RETURNING *`,
  lockByKey: 'SELECT * FROM outbox WHERE clinic_id = $1 AND key = $2 FOR UPDATE',
  // A retry reuses the row: same key and id, new text; the last error stays until the send succeeds.
  reuseForRetry: `UPDATE outbox SET appointment_id = $3, to_number = $4, template = $5, body = $6, status = 'pending',
    attempts = attempts + 1, updated_at = $7 WHERE clinic_id = $1 AND id = $2 RETURNING *`,
  finishSent: `UPDATE outbox SET status = 'sent', provider_id = $3, error = NULL, updated_at = $4 WHERE clinic_id = $1 AND id = $2`,
  finishFailed: 'UPDATE outbox SET status = $3, error = $4, updated_at = $5 WHERE clinic_id = $1 AND id = $2',
  markUnknown: `UPDATE outbox SET status = 'unknown', updated_at = $2 WHERE clinic_id = $1 AND status = 'pending' RETURNING *`,
  list: `SELECT * FROM outbox WHERE clinic_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::bigint IS NULL OR created_at >= $3)
    ORDER BY created_at DESC, id DESC LIMIT $4`,
  countSince: `SELECT to_number AS phone, count(*) AS count FROM outbox
    WHERE clinic_id = $1 AND created_at >= $2 AND status IN ('sent', 'pending', 'unknown') GROUP BY to_number`,
  // Unknown sends. A resolution is written once: the first decision stands.
  unknownList: `SELECT * FROM outbox WHERE clinic_id = $1 AND status = 'unknown'
    AND ($2 = 'all' OR ($2 = 'open') = (resolution IS NULL)) ORDER BY created_at DESC, id DESC LIMIT $3`,
  unknownDue: `SELECT * FROM outbox WHERE clinic_id = $1 AND status = 'unknown' AND resolution IS NULL
    AND (checked_at IS NULL OR next_check_at <= $2) ORDER BY created_at, id LIMIT $3`,
  recordCheck: `UPDATE outbox SET checked_at = $3, check_note = $4, next_check_at = $5
    WHERE clinic_id = $1 AND id = $2 AND status = 'unknown' AND resolution IS NULL`,
  lockById: 'SELECT * FROM outbox WHERE clinic_id = $1 AND id = $2 FOR UPDATE',
  resolve: `UPDATE outbox SET resolution = $3, resolved_at = $7, resolved_by = $4, resolution_note = $5,
    provider_id = COALESCE($6, provider_id), updated_at = $7 WHERE clinic_id = $1 AND id = $2 RETURNING *`,
  // Delivery reports: the newest entry with the provider id (ids are unique in practice), locked while the order is checked.
  lockByProviderId: 'SELECT * FROM outbox WHERE clinic_id = $1 AND provider_id = $2 ORDER BY id DESC LIMIT 1 FOR UPDATE',
  setDelivery: `UPDATE outbox SET delivery_status = $3, delivery_error_code = $4, delivery_updated_at = $5
    WHERE clinic_id = $1 AND id = $2 RETURNING *`,
} as const;

/** Purges outbox bodies older than a time (part of the store's retention transaction). */
export const OUTBOX_PURGE = 'UPDATE outbox SET body = NULL WHERE clinic_id = $1 AND body IS NOT NULL AND created_at < $2';

/**
 * The outbox in PostgreSQL: intent before the send, result after. Where the SQLite store relies
 * on its single writer, this takes the row's lock (`FOR UPDATE`) or lets a unique key decide,
 * so two processes never both send under one key or both settle one entry.
 */
export class PostgresOutbox {
  constructor(private readonly db: PostgresDb) {}

  async find(key: string): Promise<OutboxEntry | undefined> {
    return this.one(SQL.byKey, [key]);
  }

  async get(id: number): Promise<OutboxEntry | undefined> {
    return this.one(SQL.byId, [id]);
  }

  async begin(entry: NewOutboxEntry, now: number): Promise<OutboxEntry> {
    requireText(entry.key, 'entry.key');
    requireText(entry.to, 'entry.to');
    requireText(entry.template, 'entry.template');
    const fields = [entry.appointmentId ?? null, entry.to, entry.template, entry.body, now];
    const row = await this.db.transaction(async (tx) => {
      const inserted = await tx.query<OutboxRow>(SQL.insert, [this.db.clinicId, entry.key, ...fields]);
      if (inserted.rows[0]) return inserted.rows[0];
      const existing = (await tx.query<OutboxRow>(SQL.lockByKey, [this.db.clinicId, entry.key])).rows[0]!;
      if (existing.status !== 'retry') throw new DuplicateSendError(entry.key, existing.status);
      return (await tx.query<OutboxRow>(SQL.reuseForRetry, [this.db.clinicId, existing.id, ...fields])).rows[0]!;
    });
    return toOutboxEntry(row);
  }

  async finish(id: number, result: SendResult, now: number): Promise<void> {
    const { rowCount } =
      result.status === 'sent'
        ? await this.db.write(SQL.finishSent, [this.db.clinicId, id, result.providerId, now])
        : await this.db.write(SQL.finishFailed, [this.db.clinicId, id, result.status, result.error, now]);
    if (rowCount === 0) throw new NotFoundError(`no outbox entry with id ${id}`);
  }

  async markUnfinishedUnknown(now: number): Promise<OutboxEntry[]> {
    const { rows } = await this.db.write<OutboxRow>(SQL.markUnknown, [this.db.clinicId, now]);
    return rows.sort((a, b) => a.id - b.id).map(toOutboxEntry);
  }

  async list(filter: { since?: number; status?: OutboxEntry['status']; limit?: number }): Promise<OutboxEntry[]> {
    return this.many(SQL.list, [filter.status ?? null, filter.since ?? null, pgLimit(filter.limit)]);
  }

  async countSince(since: number): Promise<Map<string, number>> {
    const { rows } = await this.db.query<{ phone: string; count: number }>(SQL.countSince, [this.db.clinicId, since]);
    return new Map(rows.map((row) => [row.phone, row.count]));
  }

  async listUnknown(filter: { state?: 'open' | 'resolved' | 'all'; limit?: number }): Promise<OutboxEntry[]> {
    const state = filter.state ?? 'open';
    if (!['open', 'resolved', 'all'].includes(state)) throw new RangeError(`state must be open, resolved or all, got ${String(state)}`);
    return this.many(SQL.unknownList, [state, pgLimit(filter.limit)]);
  }

  async listUnknownDue(now: number, limit: number): Promise<OutboxEntry[]> {
    return this.many(SQL.unknownDue, [now, pgLimit(limit)]);
  }

  async recordCheck(id: number, check: UnknownSendCheck): Promise<void> {
    const { rowCount } = await this.db.write(SQL.recordCheck, [this.db.clinicId, id, check.at, check.note, check.nextAt ?? null]);
    if (rowCount === 0 && (await this.get(id)) === undefined) throw new NotFoundError(`no outbox entry with id ${id}`);
  }

  async resolve(
    id: number,
    resolution: { outcome: UnknownSendResolution['outcome']; by: string; note?: string; providerId?: string },
    now: number,
  ): Promise<OutboxEntry> {
    requireText(resolution.by, 'resolution.by');
    if (!RESOLUTION_OUTCOMES.has(resolution.outcome))
      throw new TypeError(`resolution.outcome must be delivered, resent or dismissed, got ${String(resolution.outcome)}`);
    const row = await this.db.transaction(async (tx) => {
      const current = (await tx.query<OutboxRow>(SQL.lockById, [this.db.clinicId, id])).rows[0];
      if (current === undefined) throw new NotFoundError(`no outbox entry with id ${id}`);
      if (current.status !== 'unknown') throw new ConflictError(`outbox entry ${id} is ${current.status}, not unknown: nothing to resolve`);
      if (current.resolution !== null) return current;
      const values = [this.db.clinicId, id, resolution.outcome, resolution.by, resolution.note ?? null, resolution.providerId ?? null, now];
      return (await tx.query<OutboxRow>(SQL.resolve, values)).rows[0]!;
    });
    return toOutboxEntry(row);
  }

  async recordDeliveryStatus(providerId: string, report: { status: DeliveryStatus; errorCode?: string }, now: number): Promise<DeliveryStatusOutcome> {
    requireText(providerId, 'providerId');
    const rank = deliveryStatusRank(report.status);
    if (rank === 0) throw new TypeError(`report.status must be queued, sent, delivered, undelivered or failed, got ${String(report.status)}`);
    const errorCode = report.errorCode !== undefined && /^\d{1,10}$/.test(report.errorCode) ? report.errorCode : null;
    return this.db.transaction(async (tx): Promise<DeliveryStatusOutcome> => {
      const row = (await tx.query<OutboxRow>(SQL.lockByProviderId, [this.db.clinicId, providerId])).rows[0];
      if (row === undefined) return { matched: false };
      if (rank <= deliveryStatusRank(row.delivery_status ?? undefined)) return { matched: true, changed: false, entry: toOutboxEntry(row) };
      const updated = (await tx.query<OutboxRow>(SQL.setDelivery, [this.db.clinicId, row.id, report.status, errorCode, now])).rows[0]!;
      return { matched: true, changed: true, entry: toOutboxEntry(updated) };
    });
  }

  private async one(text: string, values: unknown[]): Promise<OutboxEntry | undefined> {
    const row = (await this.db.query<OutboxRow>(text, [this.db.clinicId, ...values])).rows[0];
    return row && toOutboxEntry(row);
  }

  private async many(text: string, values: unknown[]): Promise<OutboxEntry[]> {
    return (await this.db.query<OutboxRow>(text, [this.db.clinicId, ...values])).rows.map(toOutboxEntry);
  }
}
