import type { InboxKind, InboxMessage } from './storage/types.js';

/**
 * A message as the client API sends it (JSON in polls, the `data:` of stream events).
 * `id` is what the client acknowledges.
 */
export interface ClientMessage {
  /** MessageSid for `sms`; `<MessageSid>:<status>` for `status` (one per status change). */
  id: string;
  kind: InboxKind;
  /** Twilio's MessageSid (for `status`, the outgoing message it reports on). */
  messageSid: string;
  from: string;
  to: string;
  /** SMS text; empty for `status`. */
  body: string;
  /** When the proxy accepted the webhook, ISO 8601 UTC. */
  receivedAt: string;
  /** `status` only: Twilio's MessageStatus (`sent`, `delivered`, `failed`, `undelivered`, …). */
  status?: string;
  /** `status` only, when Twilio gave one: the ErrorCode (e.g. `30003`). */
  errorCode?: string;
  /** 1 on first delivery; more means an earlier delivery was not acknowledged in time. */
  deliveries: number;
}

/** Converts a stored message to its wire shape. */
export function toClientMessage(message: InboxMessage): ClientMessage {
  const out: ClientMessage = {
    id: message.id,
    kind: message.kind,
    messageSid: message.messageSid,
    from: message.from,
    to: message.to,
    body: message.body,
    receivedAt: new Date(message.receivedAt).toISOString(),
    deliveries: message.deliveries,
  };
  if (message.status !== undefined) out.status = message.status;
  if (message.errorCode !== undefined) out.errorCode = message.errorCode;
  return out;
}
