import type { DeliveryStatus, IncomingRecord, OutboxEntry, UnknownSendResolution } from './store.js';

/** An outbox row as SQLite returns it. */
export interface OutboxRow {
  id: number;
  key: string;
  appointment_id: string | null;
  to_number: string;
  template: string;
  body: string | null;
  status: OutboxEntry['status'];
  provider_id: string | null;
  error: string | null;
  attempts: number;
  created_at: number;
  updated_at: number;
  resolution: UnknownSendResolution['outcome'] | null;
  resolved_at: number | null;
  resolved_by: string | null;
  resolution_note: string | null;
  checked_at: number | null;
  check_note: string | null;
  next_check_at: number | null;
  delivery_status: DeliveryStatus | null;
  delivery_error_code: string | null;
  delivery_updated_at: number | null;
}

/** An incoming row as SQLite returns it. */
export interface IncomingRow {
  id: string;
  from_number: string;
  body: string | null;
  received_at: number;
  state: IncomingRecord['state'];
  reason: string | null;
  appointment_id: string | null;
  closed_by: string | null;
  closed_at: number | null;
}

/** Optional fields are left out (not `undefined`) so entries compare and serialise cleanly. */
export function toOutboxEntry(row: OutboxRow): OutboxEntry {
  const entry: OutboxEntry = {
    id: row.id,
    key: row.key,
    to: row.to_number,
    template: row.template,
    body: row.body,
    status: row.status,
    attempts: row.attempts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.appointment_id !== null) entry.appointmentId = row.appointment_id;
  if (row.provider_id !== null) entry.providerId = row.provider_id;
  if (row.error !== null) entry.error = row.error;
  if (row.resolution !== null) {
    entry.resolution = { outcome: row.resolution, at: row.resolved_at ?? row.updated_at, by: row.resolved_by ?? 'unknown' };
    if (row.resolution_note !== null) entry.resolution.note = row.resolution_note;
  }
  if (row.checked_at !== null) {
    entry.lastCheck = { at: row.checked_at, note: row.check_note ?? '' };
    if (row.next_check_at !== null) entry.lastCheck.nextAt = row.next_check_at;
  }
  if (row.delivery_status !== null && row.delivery_status !== undefined) {
    entry.deliveryStatus = row.delivery_status;
    if (row.delivery_error_code !== null) entry.deliveryErrorCode = row.delivery_error_code;
    if (row.delivery_updated_at !== null) entry.deliveryUpdatedAt = row.delivery_updated_at;
  }
  return entry;
}

export function toIncomingRecord(row: IncomingRow): IncomingRecord {
  const record: IncomingRecord = {
    id: row.id,
    from: row.from_number,
    body: row.body,
    receivedAt: row.received_at,
    state: row.state,
  };
  if (row.reason !== null) record.reason = row.reason;
  if (row.appointment_id !== null) record.appointmentId = row.appointment_id;
  if (row.closed_by !== null && row.closed_by !== undefined) record.closedBy = row.closed_by;
  if (row.closed_at !== null && row.closed_at !== undefined) record.closedAt = row.closed_at;
  return record;
}

/** SQLite's LIMIT -1 means "no limit". */
export function sqlLimit(limit: number | undefined): number {
  if (limit === undefined) return -1;
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
  return limit;
}
