import type pg from 'pg';
import { claimedFromRow, JOIN_LOCK_CLAIM_COLUMNS, refusalFromRow, type JoinLockRow } from './join-lock-rows.js';
import type { JoinAttemptClaim, JoinLockRecord } from './types.js';

/**
 * The join locks in PostgreSQL (see ProxyStorage for the semantics). A claim is one UPDATE
 * whose WHERE is re-checked against the newest row version when instances race (READ
 * COMMITTED), so parallel wrong attempts each count and never exceed `maxWrong` together.
 */
export class PostgresJoinLocks {
  private readonly sql;

  constructor(
    private readonly pool: pg.Pool,
    schema: string,
  ) {
    const t = `${schema}.join_locks`;
    this.sql = {
      // Replaces only the same account's lock, or one that has expired anyway.
      put: `INSERT INTO ${t} AS j (lock_id, account_sid, sealed, proof, code_expires_at, expires_at, published_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (lock_id) DO UPDATE SET
          account_sid = excluded.account_sid, sealed = excluded.sealed, proof = excluded.proof,
          code_expires_at = excluded.code_expires_at, expires_at = excluded.expires_at,
          published_at = excluded.published_at, wrong_attempts = 0, version = j.version + 1
        WHERE j.account_sid = excluded.account_sid OR j.expires_at <= $8`,
      remove: `DELETE FROM ${t} WHERE account_sid = $1 AND lock_id = $2`,
      claim: `UPDATE ${t} SET wrong_attempts = wrong_attempts + 1
        WHERE lock_id = $1 AND expires_at > $2 AND code_expires_at > $2 AND wrong_attempts < $3
        RETURNING ${JOIN_LOCK_CLAIM_COLUMNS}`,
      look: `SELECT ${JOIN_LOCK_CLAIM_COLUMNS} FROM ${t} WHERE lock_id = $1`,
      refund: `UPDATE ${t} SET wrong_attempts = wrong_attempts - 1 WHERE lock_id = $1 AND version = $2 AND wrong_attempts > 0`,
      sweep: `DELETE FROM ${t} WHERE expires_at <= $1 OR published_at < $2`,
    };
  }

  async put(lock: JoinLockRecord, now: number): Promise<boolean> {
    const result = await this.pool.query(this.sql.put, [
      lock.lockId,
      lock.accountSid,
      lock.sealed,
      lock.proof,
      lock.codeExpiresAt,
      lock.expiresAt,
      lock.publishedAt,
      now,
    ]);
    return result.rowCount === 1;
  }

  async remove(accountSid: string, lockId: string): Promise<void> {
    await this.pool.query(this.sql.remove, [accountSid, lockId]);
  }

  async claim(lockId: string, { now, maxWrong }: { now: number; maxWrong: number }): Promise<JoinAttemptClaim> {
    const claimed = await this.pool.query<JoinLockRow>(this.sql.claim, [lockId, now, maxWrong]);
    if (claimed.rows[0]) return claimedFromRow(claimed.rows[0]);
    const found = await this.pool.query<JoinLockRow>(this.sql.look, [lockId]);
    return refusalFromRow(found.rows[0], now, maxWrong);
  }

  async refund(lockId: string, version: number): Promise<void> {
    await this.pool.query(this.sql.refund, [lockId, version]);
  }

  async sweep(now: number, publishedBefore: number): Promise<number> {
    const result = await this.pool.query(this.sql.sweep, [now, publishedBefore]);
    return result.rowCount ?? 0;
  }
}
