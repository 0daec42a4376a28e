import type { InboxKind, InboxMessage } from './types.js';

/** A `messages` row as both databases return it (PostgreSQL's BIGINTs arrive as strings). */
export interface MessageRow {
  account_sid: string;
  id: string;
  kind: string;
  message_sid: string;
  from_number: string;
  to_number: string;
  body: string;
  status: string | null;
  error_code: string | null;
  received_at: number | string;
  deliveries: number | string;
  seq: number | string;
}

/** Column list shared by the SELECTs and RETURNINGs of both backends. */
export const MESSAGE_COLUMNS = 'seq, account_sid, id, kind, message_sid, from_number, to_number, body, status, error_code, received_at, deliveries';

/** Converts a row to the storage's message shape. */
export function messageFromRow(row: MessageRow): InboxMessage {
  const message: InboxMessage = {
    accountSid: row.account_sid,
    id: row.id,
    kind: row.kind as InboxKind,
    messageSid: row.message_sid,
    from: row.from_number,
    to: row.to_number,
    body: row.body,
    receivedAt: Number(row.received_at),
    deliveries: Number(row.deliveries),
  };
  if (row.status !== null) message.status = row.status;
  if (row.error_code !== null) message.errorCode = row.error_code;
  return message;
}

/** Rows in arrival order (RETURNING gives no order guarantee). */
export function inArrivalOrder(rows: MessageRow[]): MessageRow[] {
  return rows.sort((a, b) => Number(a.seq) - Number(b.seq));
}

/**
 * SQL for the clinic's side of a row (see route-numbers.ts): `to_number` of an SMS,
 * `from_number` of a status callback. Both backends index exactly this expression
 * (messages_by_number), so queries must spell it the same way to use the index.
 */
export const CLINIC_NUMBER_SQL = "(CASE kind WHEN 'sms' THEN to_number ELSE from_number END)";
