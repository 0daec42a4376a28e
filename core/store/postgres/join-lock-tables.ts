import type { JoinCodeIssue, JoinLockRecord, NewJoinLock } from '../join-lock-types.js';
import { requireText } from '../validation.js';
import type { PostgresDb } from './database.js';

interface JoinLockRow {
  appointment_id: string;
  lock_id: string;
  secret: string | null;
  code: string | null;
  code_issued_at: number;
  code_expires_at: number;
  codes_issued: number;
  issue_keys: string[];
  expires_at: number;
  target: string | null;
  url: string | null;
  published_at: number | null;
  withdrawn_at: number | null;
  created_at: number;
}

function toLock(row: JoinLockRow): JoinLockRecord {
  const lock: JoinLockRecord = {
    appointmentId: row.appointment_id,
    lockId: row.lock_id,
    codeIssuedAt: row.code_issued_at,
    codeExpiresAt: row.code_expires_at,
    codesIssued: row.codes_issued,
    issueKeys: row.issue_keys,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
  };
  if (row.secret !== null) lock.secret = row.secret;
  if (row.code !== null) lock.code = row.code;
  if (row.target !== null) lock.target = row.target;
  if (row.url !== null) lock.url = row.url;
  if (row.published_at !== null) lock.publishedAt = row.published_at;
  if (row.withdrawn_at !== null) lock.withdrawnAt = row.withdrawn_at;
  return lock;
}

const SQL = {
  byAppointment: 'SELECT * FROM join_locks WHERE clinic_id = $1 AND appointment_id = $2',
  byAppointments: 'SELECT * FROM join_locks WHERE clinic_id = $1 AND appointment_id = ANY($2::text[])',
  insert: `INSERT INTO join_locks (clinic_id, appointment_id, lock_id, secret, code, code_issued_at, code_expires_at, codes_issued, issue_keys,
      expires_at, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, 1, ARRAY[$8::text], $9, $10) ON CONFLICT (clinic_id, appointment_id) DO NOTHING`,
  retarget: `UPDATE join_locks SET target = $3, expires_at = greatest(expires_at, $4), published_at = NULL
    WHERE clinic_id = $1 AND appointment_id = $2 AND withdrawn_at IS NULL AND (target IS DISTINCT FROM $3 OR expires_at < $4)`,
  // Under concurrent issues the row lock makes the second re-check the key list and the count against the first's result.
  issue: `UPDATE join_locks SET code = $3, code_issued_at = $4, code_expires_at = $5, codes_issued = codes_issued + 1,
      issue_keys = array_append(issue_keys, $6::text), published_at = NULL
    WHERE clinic_id = $1 AND appointment_id = $2 AND withdrawn_at IS NULL AND codes_issued < $7 AND NOT ($6::text = ANY(issue_keys))`,
  published: 'UPDATE join_locks SET url = $3, published_at = $4 WHERE clinic_id = $1 AND appointment_id = $2 AND withdrawn_at IS NULL',
  withdrawn: 'UPDATE join_locks SET withdrawn_at = $3 WHERE clinic_id = $1 AND appointment_id = $2 AND withdrawn_at IS NULL',
} as const;

/** Blanks what would open old locks (secret, code, target, link) in the store's retention transaction; the rows stay for the record. */
export const JOIN_LOCK_PURGE = `UPDATE join_locks SET secret = NULL, code = NULL, target = NULL, url = NULL
  WHERE clinic_id = $1 AND created_at < $2 AND (secret IS NOT NULL OR code IS NOT NULL OR target IS NOT NULL OR url IS NOT NULL)`;

/**
 * Join locks in PostgreSQL. Every change is one guarded UPDATE, so a repeat after a crash
 * changes nothing; a change the gate must hear about clears `published_at`.
 */
export class PostgresJoinLocks {
  constructor(private readonly db: PostgresDb) {}

  async get(appointmentId: string): Promise<JoinLockRecord | undefined> {
    const row = (await this.db.query<JoinLockRow>(SQL.byAppointment, [this.db.clinicId, appointmentId])).rows[0];
    return row && toLock(row);
  }

  /** In the order asked for, like the SQLite store. */
  async list(appointmentIds: readonly string[]): Promise<JoinLockRecord[]> {
    if (appointmentIds.length === 0) return [];
    const { rows } = await this.db.query<JoinLockRow>(SQL.byAppointments, [this.db.clinicId, [...appointmentIds]]);
    const byId = new Map(rows.map((row) => [row.appointment_id, toLock(row)]));
    return appointmentIds.flatMap((id) => {
      const lock = byId.get(id);
      return lock ? [lock] : [];
    });
  }

  async record(lock: NewJoinLock, now: number): Promise<JoinLockRecord> {
    for (const key of ['appointmentId', 'lockId', 'secret', 'code', 'issueKey'] as const) requireText(lock[key], `lock.${key}`);
    const { appointmentId, lockId, secret, code, codeIssuedAt, codeExpiresAt, issueKey, expiresAt } = lock;
    // Insert-or-read in one transaction: one lock per appointment, whoever comes first.
    return this.db.transaction(async (tx) => {
      await tx.query(SQL.insert, [this.db.clinicId, appointmentId, lockId, secret, code, codeIssuedAt, codeExpiresAt, issueKey, expiresAt, now]);
      return toLock((await tx.query<JoinLockRow>(SQL.byAppointment, [this.db.clinicId, appointmentId])).rows[0]!);
    });
  }

  async setTarget(appointmentId: string, target: string, expiresAt = 0): Promise<JoinLockRecord | undefined> {
    requireText(target, 'target');
    return this.change(SQL.retarget, appointmentId, [target, expiresAt]);
  }

  async issueCode(appointmentId: string, issue: JoinCodeIssue, maxCodes: number): Promise<JoinLockRecord | undefined> {
    requireText(issue.issueKey, 'issue.issueKey');
    requireText(issue.code, 'issue.code');
    return this.change(SQL.issue, appointmentId, [issue.code, issue.codeIssuedAt, issue.codeExpiresAt, issue.issueKey, maxCodes]);
  }

  async markPublished(appointmentId: string, url: string, now: number): Promise<JoinLockRecord | undefined> {
    requireText(url, 'url');
    return this.change(SQL.published, appointmentId, [url, now]);
  }

  async markWithdrawn(appointmentId: string, now: number): Promise<JoinLockRecord | undefined> {
    return this.change(SQL.withdrawn, appointmentId, [now]);
  }

  /** One guarded UPDATE, then the lock as it stands. */
  private async change(text: string, appointmentId: string, values: unknown[]): Promise<JoinLockRecord | undefined> {
    await this.db.write(text, [this.db.clinicId, appointmentId, ...values]);
    return this.get(appointmentId);
  }
}
