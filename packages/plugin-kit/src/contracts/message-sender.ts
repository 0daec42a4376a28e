/**
 * The message-sender port: SMS out. Implemented by `sms-twilio`, `sms-simulator`, …
 *
 * Errors are typed (plugin/errors.ts and ERRORS.md): `InvalidNumberError`, `OptedOutError`
 * (never retried; the host records the opt-out), `RateLimitedError`, `AuthError`,
 * `UnavailableError` (retried with backoff).
 */
export interface OutgoingMessage {
  /** Destination in E.164, e.g. `+61412345678`. */
  to: string;
  /** The text. Never logged at info level. */
  body: string;
}

export interface SendReceipt {
  /** The provider's id for the message (Twilio's MessageSid, …). */
  providerId: string;
}

/** What {@link MessageSender.findSent} looks for: one text the host may or may not have sent. */
export interface SentMessageQuery {
  /** Destination in E.164. */
  to: string;
  /**
   * Epoch ms: the provider cannot have taken the message before this (the host recorded its
   * intent then; the host already allows for clock differences).
   */
  after: number;
  /** Epoch ms: nor after this (when the host gave up on the answer). */
  before: number;
  /** The exact text (the host does not ask once the retention purge has removed it). */
  body: string;
}

/** A message the provider has on record that matches a {@link SentMessageQuery}. */
export interface SentMessageMatch {
  /** The provider's id (Twilio's MessageSid, …). */
  providerId: string;
  /**
   * Where the message is, in the provider's own terms mapped to four:
   * `accepted`: taken but not handed on yet (queued; it may still go out or fail);
   * `sent`: handed to the carrier; `delivered`: the phone has it;
   * `failed`: taken, but it will not reach the phone (failed, undelivered, cancelled).
   */
  state: 'accepted' | 'sent' | 'delivered' | 'failed';
  /** The provider's own status word, for people (e.g. Twilio's `undelivered`). */
  providerStatus?: string;
}

export interface MessageSender {
  send(message: OutgoingMessage): Promise<SendReceipt>;

  /**
   * Optional: looks up the provider's records for messages the host may have sent, so a send
   * whose outcome is unknown (the host died mid-send, the connection dropped) can be settled
   * without a person. The host calls it now and then for each unresolved unknown send; it
   * never re-sends on its own because of an answer (a message may appear in the records late).
   *
   * Return:
   * - every outgoing message from the clinic's sender to `to` that the provider took between
   *   `after` and `before` and whose text equals `body`: usually one, `[]` when there is none;
   * - `'cannot-tell'` when the provider cannot answer reliably, e.g. its records do not go
   *   back to `after` (a simulator that forgets on restart). `[]` must mean "not there".
   *
   * Throw the usual typed errors when the provider cannot be asked now (`UnavailableError`,
   * `RateLimitedError`, `AuthError`): the host tries again later.
   *
   * A provider's delivery-status callback (Twilio's `statusCallback`) would answer the same
   * question as it happens; that path does not reach the host yet, so this look-up is the only one.
   */
  findSent?(query: SentMessageQuery): Promise<SentMessageMatch[] | 'cannot-tell'>;
}
