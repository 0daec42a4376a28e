import type { NewInboxMessage } from './types.js';

/*
 * Inserts travel from the HTTP thread to the SQLite worker as one flat array of column values,
 * INSERT_COLUMN_COUNT per message, in the INSERT statement's order. Copying a flat array of
 * strings between threads costs far less than copying an object per message, and the
 * values bind positionally, which better-sqlite3 does much faster than by name.
 */

/** Values per message in a flat insert batch. */
export const INSERT_COLUMN_COUNT = 10;

/** Column order of a flat insert batch (and of the INSERT statement). */
export const INSERT_COLUMNS = 'account_sid, id, kind, message_sid, from_number, to_number, body, status, error_code, received_at';

/** Appends one message's values to a flat insert batch. */
export function appendInsertRow(rows: unknown[], m: NewInboxMessage): void {
  rows.push(m.accountSid, m.id, m.kind, m.messageSid, m.from, m.to, m.body, m.status ?? null, m.errorCode ?? null, m.receivedAt);
}
