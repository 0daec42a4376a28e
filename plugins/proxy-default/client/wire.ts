import { createHash } from 'node:crypto';
import type { ClientMessage } from '../server/client-message.js';

/*
 * What the proxy sends, checked before anything trusts it: a proxy is a remote server, and a
 * half-written or foreign answer must not reach the engine.
 */

/** A message of the client API as this client uses it. */
export type WireMessage = Pick<ClientMessage, 'id' | 'kind' | 'messageSid' | 'from' | 'body' | 'receivedAt'> &
  Partial<Pick<ClientMessage, 'to' | 'status' | 'errorCode' | 'deliveries'>>;

const MAX_ID = 100;

/** A client API message (poll item or stream `data:`), or undefined when it is not one. */
export function parseWireMessage(value: unknown): WireMessage | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const m = value as Record<string, unknown>;
  if (typeof m.id !== 'string' || m.id.length === 0 || m.id.length > MAX_ID) return undefined;
  if (m.kind !== 'sms' && m.kind !== 'status') return undefined;
  if (typeof m.from !== 'string' || typeof m.body !== 'string' || typeof m.receivedAt !== 'string') return undefined;
  if (!Number.isFinite(Date.parse(m.receivedAt))) return undefined;
  const message: WireMessage = {
    id: m.id,
    kind: m.kind,
    messageSid: typeof m.messageSid === 'string' ? m.messageSid : m.id,
    from: m.from,
    body: m.body,
    receivedAt: m.receivedAt,
  };
  if (typeof m.to === 'string') message.to = m.to;
  if (typeof m.status === 'string') message.status = m.status;
  if (typeof m.errorCode === 'string') message.errorCode = m.errorCode;
  if (typeof m.deliveries === 'number') message.deliveries = m.deliveries;
  return message;
}

/** The body of `GET /v1/inbox`: its messages (malformed ones counted apart), or undefined when it is not a poll answer. */
export function parsePollAnswer(value: unknown): { messages: WireMessage[]; malformed: number } | undefined {
  const list = (value as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(list)) return undefined;
  const messages: WireMessage[] = [];
  let malformed = 0;
  for (const item of list) {
    const parsed = parseWireMessage(item);
    if (parsed) messages.push(parsed);
    else malformed += 1;
  }
  return { messages, malformed };
}

/** A message of the legacy endpoint: `{ from, date, body }`. */
export interface LegacyMessage {
  from: string;
  date: string;
  body: string;
}

/** The body of `GET /twilio?AccountSid=`, or undefined when it is not one. */
export function parseLegacyAnswer(value: unknown): { messages: LegacyMessage[]; malformed: number } | undefined {
  const list = (value as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(list)) return undefined;
  const messages: LegacyMessage[] = [];
  let malformed = 0;
  for (const item of list) {
    const m = item as Record<string, unknown> | null;
    if (m && typeof m.from === 'string' && typeof m.date === 'string' && typeof m.body === 'string') {
      messages.push({ from: m.from, date: m.date, body: m.body });
    } else {
      malformed += 1;
    }
  }
  return { messages, malformed };
}

/**
 * A stable id for a legacy message, which has no MessageSid: the same sender, date and text
 * always give the same id, so a message fetched twice is handled once. Two identical texts
 * from one number stamped with the same date collapse into one.
 */
export function legacyMessageId(message: LegacyMessage): string {
  const digest = createHash('sha256').update(`${message.from}\n${message.date}\n${message.body}`).digest('hex');
  return `legacy-${digest.slice(0, 32)}`;
}

/** The legacy message as a wire message (receivedAt from its date when it parses). */
export function fromLegacy(message: LegacyMessage, fallbackNow: number): WireMessage {
  const at = Date.parse(message.date);
  return {
    id: legacyMessageId(message),
    kind: 'sms',
    messageSid: legacyMessageId(message),
    from: message.from,
    body: message.body,
    receivedAt: new Date(Number.isFinite(at) ? at : fallbackNow).toISOString(),
  };
}
