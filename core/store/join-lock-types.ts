/**
 * A join lock (`video.verifyJoin`, issue 15) as first recorded, before the gate sees it: one per
 * appointment, with its first code. The host makes every secret; the gate only seals and publishes.
 */
export interface NewJoinLock {
  appointmentId: string;
  /** Random 16 bytes, base64url: how the gate's page names the lock. */
  lockId: string;
  /** Random 32 bytes, base64url: the gate derives its keys from it; it travels only in the texted link's fragment. */
  secret: string;
  /** Six digits. Never logged. */
  code: string;
  /** What the first code was made for (the key of the JoinCode text that carries it). */
  issueKey: string;
  codeIssuedAt: number;
  /** When the code stops being accepted (epoch ms). */
  codeExpiresAt: number;
  /** When the lock stops working (epoch ms): the room's close, at most a day away. */
  expiresAt: number;
}

/** One join lock as the store holds it. Retention blanks `secret`, `code`, `target` and `url` (then undefined). */
export interface JoinLockRecord extends Omit<NewJoinLock, 'secret' | 'code' | 'issueKey'> {
  secret?: string;
  code?: string;
  /** Codes made so far, the first included. */
  codesIssued: number;
  /** The issue keys of those codes, oldest first: a key already here issues nothing new. */
  issueKeys: string[];
  /** The provider's patient link the lock releases (the latest one: a rejoin link replaces it). */
  target?: string;
  /** The link to text, as the gate gave it back; undefined until first published. */
  url?: string;
  /** When the lock as it stands was published; undefined while a change (code, target) waits to be published. */
  publishedAt?: number;
  /** When it was taken off the gate (its room closed): final. */
  withdrawnAt?: number;
  createdAt: number;
}

/** A new code for a lock, keyed by what asked for it. */
export interface JoinCodeIssue {
  issueKey: string;
  code: string;
  codeIssuedAt: number;
  codeExpiresAt: number;
}
