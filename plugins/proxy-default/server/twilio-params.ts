import { parse as parseQueryString } from 'node:querystring';
import type { InboxKind, NewInboxMessage } from './storage/types.js';

/*
 * Parsing and checking what Twilio posts. Everything here treats the input as hostile:
 * bounded sizes, exact shapes, no duplicate keys, no prototype keys.
 */

/** Why a webhook is turned away (also the `outcome` label of the webhook metric). */
export const REJECT_REASONS = ['malformed', 'unknown_account', 'bad_signature', 'too_large', 'rate_limited'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const ACCOUNT_SID = /^AC[0-9a-f]{32}$/;
const MESSAGE_SID = /^(SM|MM)[0-9a-f]{32}$/;
/** Phone numbers, short codes, channel addresses (`whatsapp:+61…`); no control characters. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it refuses
const ADDRESS = /^[^\x00-\x1f\x7f]{1,64}$/;
const ERROR_CODE = /^[0-9]{1,6}$/;
const MAX_PARAMS = 200;
const MAX_BODY_CHARS = 6400;

/** Status values Twilio documents for MessageStatus. */
export const MESSAGE_STATUSES = new Set([
  'accepted',
  'scheduled',
  'canceled',
  'queued',
  'sending',
  'sent',
  'failed',
  'delivered',
  'undelivered',
  'receiving',
  'received',
  'read',
  'partially_delivered',
]);

/**
 * Parses an `application/x-www-form-urlencoded` body into a plain map (null prototype).
 * Returns undefined for anything Twilio would not send: repeated keys, too many keys.
 *
 * node:querystring rather than URLSearchParams: it decodes the same way (`+`, percent escapes,
 * invalid UTF-8 as U+FFFD, malformed escapes kept as they are), its result has no prototype,
 * and Node's docs recommend it where speed matters; this runs for every webhook.
 */
export function parseForm(body: string): Record<string, string> | undefined {
  // One key over the limit is enough to refuse; parsing stops there.
  const parsed = parseQueryString(body, '&', '=', { maxKeys: MAX_PARAMS + 1 });
  let count = 0;
  for (const key in parsed) {
    // A repeated key comes back as an array.
    if (++count > MAX_PARAMS || typeof parsed[key] !== 'string') return undefined;
  }
  return parsed as Record<string, string>;
}

/** The AccountSid of a webhook, when it has a valid one. */
export function accountSidOf(params: Record<string, string>): string | undefined {
  const sid = params.AccountSid;
  return sid !== undefined && ACCOUNT_SID.test(sid) ? sid : undefined;
}

/** Turns signed webhook params into a storable item, or undefined when they are malformed. */
export function messageFromParams(kind: InboxKind, params: Record<string, string>, receivedAt: number): NewInboxMessage | undefined {
  const accountSid = accountSidOf(params);
  const messageSid = params.MessageSid;
  if (!accountSid || messageSid === undefined || !MESSAGE_SID.test(messageSid)) return undefined;
  const from = params.From ?? '';
  const to = params.To ?? '';
  if (kind === 'sms') {
    const body = params.Body ?? '';
    if (!ADDRESS.test(from) || !ADDRESS.test(to) || body.length > MAX_BODY_CHARS) return undefined;
    return { accountSid, id: messageSid, kind, messageSid, from, to, body, receivedAt };
  }
  const status = params.MessageStatus ?? params.SmsStatus;
  const errorCode = params.ErrorCode;
  if (status === undefined || !MESSAGE_STATUSES.has(status)) return undefined;
  if (errorCode !== undefined && errorCode !== '' && !ERROR_CODE.test(errorCode)) return undefined;
  // Status callbacks carry From/To of the outgoing message; tolerate them missing.
  if ((from !== '' && !ADDRESS.test(from)) || (to !== '' && !ADDRESS.test(to))) return undefined;
  const message: NewInboxMessage = { accountSid, id: `${messageSid}:${status}`, kind, messageSid, from, to, body: '', status, receivedAt };
  if (errorCode) message.errorCode = errorCode;
  return message;
}
