/**
 * The message-sender port: SMS out. Implemented by `sms-twilio`, `sms-simulator`, …
 *
 * Errors are typed (core/plugin/errors): `InvalidNumberError`, `OptedOutError`
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

export interface MessageSender {
  send(message: OutgoingMessage): Promise<SendReceipt>;
}
