/**
 * The inbox port: SMS in. Implemented by `proxy-default`, `inbox-twilio-api`, `inbox-simulator`, …
 *
 * Delivery is at least once. The host pulls messages from {@link Inbox.messages} and calls
 * {@link Inbox.ack} only after it has handled and stored a message; a message that is not
 * acknowledged must be delivered again later (after a reconnect or restart at the latest).
 * Polling plugins implement `messages()` with a poll loop; push plugins (a long-lived
 * outbound stream) with a queue fed by the stream. Duplicates are allowed; the host drops
 * them by `id`.
 */
export interface IncomingMessage {
  /** The provider's unique id (Twilio's MessageSid). Used to drop duplicates. */
  id: string;
  /** Sender's number as the provider gives it (normally E.164). */
  from: string;
  /** The text. Never logged at info level. */
  body: string;
  /** When the provider received it, ISO 8601. */
  receivedAt: string;
}

export interface Inbox {
  /**
   * An endless stream of incoming messages. Ends when `signal` aborts (or the plugin stops).
   * Throwing `NotReadyError` makes the host log it, back off and call again.
   */
  messages(signal: AbortSignal): AsyncIterable<IncomingMessage>;
  /** Acknowledge a handled message so it is not delivered again. Idempotent. */
  ack(id: string): Promise<void>;
}
