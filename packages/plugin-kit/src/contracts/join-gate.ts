/**
 * The join gate: an optional second factor in front of a patient's video link (issue 15,
 * `video.verifyJoin`). The internet-facing part (the inbox proxy) serves a page that asks for
 * a 6-digit code texted to the patient and releases the provider's link only after it.
 *
 * The host decides and records everything first (ids, secret, code); the plugin only seals
 * and publishes. What the gate's server keeps must be useless on its own: the link target is
 * encrypted with a key derived from `secret`, and the code is kept as a MAC under another key
 * derived from it. `secret` travels only in the texted link's fragment (never sent to a
 * server) and in the host's own store. The server never sees the code, a phone number, a name
 * or an appointment id, and keeps nothing beyond `expiresAt` (at most a day).
 */
export interface JoinLock {
  /** Random, at least 128 bits, base64url: how the page names the lock to the server. */
  lockId: string;
  /** Random 32 bytes, base64url: the keys for the seal and the code's MAC are derived from it. */
  secret: string;
  /** The provider's patient link, released (decrypted in the browser) only after the right code. */
  target: string;
  /** Six digits, texted to the patient's registered number. Never logged. */
  code: string;
  /** When the code stops being accepted (ISO 8601); the patient can ask for a new one. */
  codeExpiresAt: string;
  /** When the lock, and with it the link, stops working (ISO 8601): the room's close, at most a day away. */
  expiresAt: string;
  /** The patient's language (BCP 47) for the code page; the url may carry it (`?lang=vi`). Since kit 2.2.0. */
  language?: string;
}

/** What publishing a lock gives back. */
export interface PublishedJoinLock {
  /** The link to text the patient: the gate's page, with the lock id and secret in the fragment. */
  url: string;
}

export interface JoinGate {
  /**
   * Seals `lock.target`, keeps the code's MAC and publishes both under `lock.lockId`.
   * Idempotent per lock id: publishing again (a new code, a new target) replaces what was
   * there and clears the wrong attempts, so a locked link works again with the new code.
   * Rejects with a typed error (`NotReadyError` when the server cannot be reached).
   */
  publishJoinLock(lock: JoinLock, signal?: AbortSignal): Promise<PublishedJoinLock>;
  /** Removes a lock (the room closed, the grant was withdrawn). Idempotent. */
  withdrawJoinLock(lockId: string, signal?: AbortSignal): Promise<void>;
}
