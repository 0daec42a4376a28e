/**
 * The proxy's storage port. Two implementations (SQLite for one instance, PostgreSQL for
 * several behind a load balancer) pass the same suite (storage-contract.ts).
 *
 * Delivery model: a message is *available* when it has never been leased or its lease has
 * run out. `lease()` hands available messages out and hides them for `leaseMs`; `ack()`
 * deletes them for good (keeping only a content-free tombstone so a late Twilio retry of the
 * same MessageSid is not stored again); anything not acknowledged becomes available again
 * when its lease ends. `sweep()` deletes messages and tombstones older than the retention.
 */

/** What a stored item is: an incoming SMS, or a delivery-status callback for an outgoing one. */
export type InboxKind = 'sms' | 'status';

/** An item as the webhook stores it. */
export interface NewInboxMessage {
  /** The Twilio account it belongs to (clients only ever see their own account). */
  accountSid: string;
  /** Unique per account: the MessageSid for `sms`, `<MessageSid>:<MessageStatus>` for `status`. */
  id: string;
  kind: InboxKind;
  /** Twilio's MessageSid (also for status callbacks, where it names the outgoing message). */
  messageSid: string;
  from: string;
  to: string;
  /** The SMS text; empty for status callbacks. Never logged. */
  body: string;
  /** `MessageStatus` of a status callback (`delivered`, `failed`, …). */
  status?: string;
  /** `ErrorCode` of a failed delivery, when Twilio sent one. */
  errorCode?: string;
  /** When the proxy accepted it (epoch ms). Retention counts from here. */
  receivedAt: number;
}

/** An item as handed to a client. */
export interface InboxMessage extends NewInboxMessage {
  /** How many times it has been handed out, this time included. */
  deliveries: number;
}

/** Options of {@link ProxyStorage.lease}. */
export interface LeaseOptions {
  /** Current time (epoch ms) from the injected clock. */
  now: number;
  /** How long handed-out messages stay hidden from other polls and streams. */
  leaseMs: number;
  /** At most this many messages. */
  limit: number;
  /**
   * Only messages of these clinic numbers: `to` of an SMS, `from` of a status callback
   * (route-numbers.ts). Undefined: every message of the account.
   */
  numbers?: readonly string[];
}

/** Options of {@link ProxyStorage.take}. */
export interface TakeOptions {
  now: number;
  limit: number;
  /** Only items of this kind. */
  kind: InboxKind;
}

/** What a retention sweep deleted. */
export interface SweepResult {
  messages: number;
  tombstones: number;
}

/**
 * A join lock as the proxy keeps it (the join gate, issue 15): the sealed video link and the
 * code's MAC, both useless without the secret in the patient's link. Times are epoch ms.
 */
export interface JoinLockRecord {
  /** The client (Twilio account) that published it; only it can replace or withdraw it. */
  accountSid: string;
  /** Random, base64url; primary key across all accounts. */
  lockId: string;
  /** base64url(IV || AES-GCM ciphertext || tag) of the target. */
  sealed: string;
  /** base64url(HMAC-SHA256(codeKey, code)), 43 characters. */
  proof: string;
  codeExpiresAt: number;
  /** Already clamped to at most a day after `publishedAt`. */
  expiresAt: number;
  publishedAt: number;
}

/**
 * The outcome of {@link ProxyStorage.claimJoinAttempt}. `claimed` has counted the attempt as
 * wrong already (so parallel guesses cannot exceed the limit); the caller compares `proof`
 * and gives the attempt back with {@link ProxyStorage.refundJoinAttempt} when it was right.
 */
export type JoinAttemptClaim =
  | { state: 'expired' }
  | { state: 'locked' }
  | { state: 'code-expired' }
  | { state: 'claimed'; proof: string; sealed: string; wrongAttempts: number; version: number };

/**
 * Called when something was stored for `accountSid`, whose clinic number (route-numbers.ts) is
 * `clinicNumber` when known. `accountSid` undefined means "anything may have changed" (after a
 * reconnect); `clinicNumber` undefined means "any number of that account".
 */
export type StoredListener = (accountSid: string | undefined, clinicNumber?: string) => void;

/** Storage behind the proxy. Every method is safe to call concurrently. */
export interface ProxyStorage {
  /** Which backend, for logs and /healthz. */
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Stores an item durably (the promise resolves after the commit). Returns false when the
   * same `(accountSid, id)` is already pending or was acknowledged (a Twilio retry).
   */
  insert(message: NewInboxMessage): Promise<boolean>;
  /** Hands out available messages of one account (of `numbers` only, when given), oldest first, and leases them. */
  lease(accountSid: string, options: LeaseOptions): Promise<InboxMessage[]>;
  /** Deletes acknowledged messages of one account; unknown ids are ignored. Returns how many were deleted. */
  ack(accountSid: string, ids: readonly string[]): Promise<number>;
  /**
   * Hands out available messages and acknowledges them in the same step (the legacy
   * endpoint, whose clients have no ack).
   */
  take(accountSid: string, options: TakeOptions): Promise<InboxMessage[]>;
  /** Deletes messages (acknowledged or not) and tombstones received before `olderThan`. */
  sweep(olderThan: number): Promise<SweepResult>;
  /**
   * Stores or replaces a join lock of `lock.accountSid`, clearing its wrong attempts (so a
   * locked link works again with the new code). Returns false, changing nothing, when the id
   * belongs to a live lock of another account.
   */
  putJoinLock(lock: JoinLockRecord, now: number): Promise<boolean>;
  /** Deletes one account's lock; another account's lock or an unknown id is left alone. */
  deleteJoinLock(accountSid: string, lockId: string): Promise<void>;
  /**
   * Takes one of the lock's `maxWrong` tries, atomically: counts it as wrong before the proof
   * is compared. `expired` for an unknown or expired lock alike.
   */
  claimJoinAttempt(lockId: string, options: { now: number; maxWrong: number }): Promise<JoinAttemptClaim>;
  /** Gives back a try claimed at `version` (the proof was right); no-op when the lock was republished since. */
  refundJoinAttempt(lockId: string, version: number): Promise<void>;
  /** Deletes locks expired at `now` or published before `publishedBefore`; returns how many. */
  sweepJoinLocks(now: number, publishedBefore: number): Promise<number>;
  /** Messages not yet acknowledged (leased or not), for the metrics. */
  countPending(): Promise<number>;
  /** Subscribes to "something was stored"; returns the unsubscribe function. */
  onStored(listener: StoredListener): () => void;
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>;
  /** Idempotent. Pending writes are finished first. */
  close(): Promise<void>;
}
