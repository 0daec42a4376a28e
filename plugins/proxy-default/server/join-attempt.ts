import { timingSafeEqual } from 'node:crypto';
import type { ProxyStorage } from './storage/types.js';

/** A lock id: random, base64url, 22 to 64 characters (at least 128 bits). */
export const JOIN_LOCK_ID_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;
/** A proof: base64url of an HMAC-SHA256, 43 characters. */
export const JOIN_PROOF_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** Wrong codes a lock takes before it stays locked until the host publishes it again. */
export const MAX_WRONG_CODES = 3;

/** What `POST /verify/attempt` answers (the page branches on `state`). */
export type JoinAttemptAnswer =
  { state: 'ok'; sealed: string } | { state: 'wrong'; attemptsLeft: number } | { state: 'locked' } | { state: 'code-expired' } | { state: 'expired' };

/**
 * Checks one code attempt. The try is claimed (counted as wrong) in the storage before the
 * proof is compared, so parallel guesses cannot get past the limit together; a right proof
 * gives its try back. Proofs are compared in constant time.
 */
export async function checkJoinAttempt(storage: ProxyStorage, lockId: string, proof: string, now: number): Promise<JoinAttemptAnswer> {
  const claim = await storage.claimJoinAttempt(lockId, { now, maxWrong: MAX_WRONG_CODES });
  if (claim.state !== 'claimed') return { state: claim.state };
  if (proofsMatch(claim.proof, proof)) {
    await storage.refundJoinAttempt(lockId, claim.version);
    return { state: 'ok', sealed: claim.sealed };
  }
  const attemptsLeft = MAX_WRONG_CODES - claim.wrongAttempts;
  return attemptsLeft > 0 ? { state: 'wrong', attemptsLeft } : { state: 'locked' };
}

/** Constant-time comparison of two proofs (both already checked against JOIN_PROOF_PATTERN: same length). */
function proofsMatch(stored: string, given: string): boolean {
  const a = Buffer.from(stored, 'latin1');
  const b = Buffer.from(given, 'latin1');
  return a.length === b.length && timingSafeEqual(a, b);
}
