import type { Database, Statement } from 'better-sqlite3';
import type { JoinCodeIssue, JoinLockRecord, NewJoinLock } from './join-lock-types.js';

interface JoinLockRow {
  appointment_id: string;
  lock_id: string;
  secret: string | null;
  code: string | null;
  code_issued_at: number;
  code_expires_at: number;
  codes_issued: number;
  issue_keys: string;
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
    issueKeys: JSON.parse(row.issue_keys) as string[],
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

/**
 * The join_locks table (migration 11). Every change is one guarded UPDATE, so a repeat after a
 * crash changes nothing; a change the gate must hear about clears `published_at`.
 */
export class JoinLockTables {
  private readonly byAppointment: Statement;
  private readonly insert: Statement;
  private readonly retarget: Statement;
  private readonly issue: Statement;
  private readonly published: Statement;
  private readonly withdrawn: Statement;
  private readonly purge: Statement;

  constructor(private readonly db: Database) {
    this.byAppointment = db.prepare('SELECT * FROM join_locks WHERE appointment_id = ?');
    this.insert =
      db.prepare(`INSERT INTO join_locks (appointment_id, lock_id, secret, code, code_issued_at, code_expires_at, codes_issued, issue_keys, expires_at, created_at)
      VALUES (@appointmentId, @lockId, @secret, @code, @codeIssuedAt, @codeExpiresAt, 1, json_array(@issueKey), @expiresAt, @now)
      ON CONFLICT (appointment_id) DO NOTHING`);
    this.retarget = db.prepare(`UPDATE join_locks SET target = @target, expires_at = MAX(expires_at, @expiresAt), published_at = NULL
      WHERE appointment_id = @appointmentId AND withdrawn_at IS NULL AND (target IS NOT @target OR expires_at < @expiresAt)`);
    this.issue = db.prepare(`UPDATE join_locks SET code = @code, code_issued_at = @codeIssuedAt, code_expires_at = @codeExpiresAt,
        codes_issued = codes_issued + 1, issue_keys = json_insert(issue_keys, '$[#]', @issueKey), published_at = NULL
      WHERE appointment_id = @appointmentId AND withdrawn_at IS NULL AND codes_issued < @maxCodes
        AND NOT EXISTS (SELECT 1 FROM json_each(join_locks.issue_keys) WHERE value = @issueKey)`);
    this.published = db.prepare(`UPDATE join_locks SET url = @url, published_at = @now WHERE appointment_id = @appointmentId AND withdrawn_at IS NULL`);
    this.withdrawn = db.prepare(`UPDATE join_locks SET withdrawn_at = @now WHERE appointment_id = @appointmentId AND withdrawn_at IS NULL`);
    this.purge = db.prepare(`UPDATE join_locks SET secret = NULL, code = NULL, target = NULL, url = NULL
      WHERE created_at < ? AND (secret IS NOT NULL OR code IS NOT NULL OR target IS NOT NULL OR url IS NOT NULL)`);
  }

  get(appointmentId: string): JoinLockRecord | undefined {
    const row = this.byAppointment.get(appointmentId) as JoinLockRow | undefined;
    return row && toLock(row);
  }

  list(appointmentIds: readonly string[]): JoinLockRecord[] {
    return appointmentIds.flatMap((id) => {
      const lock = this.get(id);
      return lock ? [lock] : [];
    });
  }

  record(lock: NewJoinLock, now: number): JoinLockRecord {
    // Insert-or-read in one write transaction: one lock per appointment, whoever comes first.
    return this.db
      .transaction(() => {
        this.insert.run({ ...lock, now });
        return this.get(lock.appointmentId)!;
      })
      .immediate();
  }

  setTarget(appointmentId: string, target: string, expiresAt = 0): JoinLockRecord | undefined {
    this.retarget.run({ appointmentId, target, expiresAt });
    return this.get(appointmentId);
  }

  issueCode(appointmentId: string, issue: JoinCodeIssue, maxCodes: number): JoinLockRecord | undefined {
    this.issue.run({ appointmentId, maxCodes, ...issue });
    return this.get(appointmentId);
  }

  markPublished(appointmentId: string, url: string, now: number): JoinLockRecord | undefined {
    this.published.run({ appointmentId, url, now });
    return this.get(appointmentId);
  }

  markWithdrawn(appointmentId: string, now: number): JoinLockRecord | undefined {
    this.withdrawn.run({ appointmentId, now });
    return this.get(appointmentId);
  }

  /** Blanks what would open old locks (secret, code, target, link); the rows stay for the record. */
  purgeBefore(before: number): number {
    return this.purge.run(before).changes;
  }
}
