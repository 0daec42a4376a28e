import type { Database } from 'better-sqlite3';
import { claimedFromRow, JOIN_LOCK_CLAIM_COLUMNS, refusalFromRow, type JoinLockRow } from './join-lock-rows.js';
import type { JoinAttemptClaim, JoinLockRecord } from './types.js';

/**
 * The join locks in SQLite (see ProxyStorage for the semantics). Runs in the storage's worker
 * thread, one request at a time, so a claim's UPDATE and the look-up after it see no other
 * writer between them.
 */
export class SqliteJoinLocks {
  readonly put: (lock: JoinLockRecord, now: number) => boolean;
  readonly remove: (accountSid: string, lockId: string) => void;
  readonly claim: (lockId: string, options: { now: number; maxWrong: number }) => JoinAttemptClaim;
  readonly refund: (lockId: string, version: number) => void;
  readonly sweep: (now: number, publishedBefore: number) => number;

  constructor(db: Database) {
    const s = {
      // Replaces only the same account's lock, or one that has expired anyway.
      put: db.prepare(
        `INSERT INTO join_locks (lock_id, account_sid, sealed, proof, code_expires_at, expires_at, published_at)
         VALUES (@lockId, @accountSid, @sealed, @proof, @codeExpiresAt, @expiresAt, @publishedAt)
         ON CONFLICT (lock_id) DO UPDATE SET
           account_sid = excluded.account_sid, sealed = excluded.sealed, proof = excluded.proof,
           code_expires_at = excluded.code_expires_at, expires_at = excluded.expires_at,
           published_at = excluded.published_at, wrong_attempts = 0, version = join_locks.version + 1
         WHERE join_locks.account_sid = excluded.account_sid OR join_locks.expires_at <= @now`,
      ),
      remove: db.prepare('DELETE FROM join_locks WHERE account_sid = ? AND lock_id = ?'),
      claim: db.prepare(
        `UPDATE join_locks SET wrong_attempts = wrong_attempts + 1
         WHERE lock_id = @lockId AND expires_at > @now AND code_expires_at > @now AND wrong_attempts < @maxWrong
         RETURNING ${JOIN_LOCK_CLAIM_COLUMNS}`,
      ),
      look: db.prepare(`SELECT ${JOIN_LOCK_CLAIM_COLUMNS} FROM join_locks WHERE lock_id = ?`),
      refund: db.prepare('UPDATE join_locks SET wrong_attempts = wrong_attempts - 1 WHERE lock_id = ? AND version = ? AND wrong_attempts > 0'),
      sweep: db.prepare('DELETE FROM join_locks WHERE expires_at <= ? OR published_at < ?'),
    };
    this.put = (lock, now) => s.put.run({ ...lock, now }).changes === 1;
    this.remove = (accountSid, lockId) => void s.remove.run(accountSid, lockId);
    this.claim = db.transaction((lockId: string, { now, maxWrong }: { now: number; maxWrong: number }) => {
      const row = s.claim.get({ lockId, now, maxWrong }) as JoinLockRow | undefined;
      return row ? claimedFromRow(row) : refusalFromRow(s.look.get(lockId) as JoinLockRow | undefined, now, maxWrong);
    });
    this.refund = (lockId, version) => void s.refund.run(lockId, version);
    this.sweep = (now, publishedBefore) => s.sweep.run(now, publishedBefore).changes;
  }
}
