import type { JoinGate } from './join-gate.js';

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

/**
 * A delivery report for a text the host sent (Twilio's status callback, or the status read
 * from the provider's records). Several arrive per text, out of order and repeated; the host
 * keeps an order (queued < sent < delivered / undelivered / failed, the last three final) so a
 * late earlier status never overwrites a final one, and ignores reports for ids it never sent.
 */
export interface DeliveryStatusUpdate {
  /** What the plugin acknowledges, unique per report (e.g. `<MessageSid>:<status>`). */
  id: string;
  /** The provider's id of the outgoing text (Twilio's MessageSid), as `MessageSender.send` returned it. */
  providerId: string;
  /**
   * The provider's status word: `queued`, `sent`, `delivered`, `undelivered`, `failed`
   * (Twilio's `accepted`, `scheduled`, `sending`, `read`, `canceled` are understood too;
   * anything else is counted and ignored).
   */
  status: string;
  /** The provider's error code (digits, e.g. Twilio's `30003`), never its free text. */
  errorCode?: string;
  /** When the report reached the plugin or provider, ISO 8601. */
  at: string;
}

/**
 * Stores one delivery report. Resolves once the store has it (or has decided to ignore it);
 * rejects when it could not be stored, and the plugin then leaves the report unacknowledged.
 */
export type DeliveryStatusHandler = (update: DeliveryStatusUpdate) => Promise<void>;

export interface Inbox {
  /**
   * An endless stream of incoming messages. Ends when `signal` aborts (or the plugin stops).
   * Throwing `NotReadyError` makes the host log it, back off and call again.
   */
  messages(signal: AbortSignal): AsyncIterable<IncomingMessage>;
  /** Acknowledge a handled message so it is not delivered again. Idempotent. */
  ack(id: string): Promise<void>;
  /**
   * Optional: for plugins that can see delivery reports of the texts the host sent. The host
   * calls it once, before it first reads `messages()`. The plugin then hands each report it
   * reads to `handler` (from within its `messages()` loop or a loop of its own) and
   * acknowledges the report to its source only after `handler` resolved; a report whose
   * handler rejected must be handed over again later (at least once; the host is idempotent).
   * Plugins without it keep working: their texts simply show no delivery status.
   */
  setDeliveryStatusHandler?(handler: DeliveryStatusHandler): void;
  /**
   * Optional (since 2.2.0): the join gate of an inbox that has an internet-facing page (the
   * inbox proxy), needed for `video.verifyJoin`. See {@link JoinGate}.
   */
  joinGate?: JoinGate;
}
