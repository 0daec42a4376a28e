import type { JoinAttemptClaim } from './types.js';

/** A `join_locks` row as both databases return it to an attempt (PostgreSQL's BIGINTs arrive as strings). */
export interface JoinLockRow {
  proof: string;
  sealed: string;
  wrong_attempts: number | string;
  version: number | string;
  expires_at: number | string;
  code_expires_at: number | string;
}

/** A claimed try, from the row the claiming UPDATE returned. */
export function claimedFromRow(row: JoinLockRow): JoinAttemptClaim {
  return { state: 'claimed', proof: row.proof, sealed: row.sealed, wrongAttempts: Number(row.wrong_attempts), version: Number(row.version) };
}

/**
 * Why no try could be claimed, from the row as it stands (or its absence). The order matters:
 * an unknown and an expired lock get the same answer; a locked one says so even when its code
 * has also run out (the patient needs a new code either way).
 */
export function refusalFromRow(row: JoinLockRow | undefined, now: number, maxWrong: number): JoinAttemptClaim {
  if (!row || Number(row.expires_at) <= now) return { state: 'expired' };
  if (Number(row.wrong_attempts) >= maxWrong) return { state: 'locked' };
  return { state: 'code-expired' };
}

/** Columns the claim returns. */
export const JOIN_LOCK_CLAIM_COLUMNS = 'proof, sealed, wrong_attempts, version, expires_at, code_expires_at';
