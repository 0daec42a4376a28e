import { randomBytes } from 'node:crypto';
import { smsLength } from '../../../core/templates/sms-length.js';

/** Twilio's REST API version prefix used by every path the stand-in serves. */
export const API_VERSION = '2010-04-01';

/** A message as the stand-in keeps it (both directions). Times are epoch milliseconds. */
export interface StandInMessage {
  /** `SM` + 32 hex digits, like Twilio's MessageSid. */
  sid: string;
  accountSid: string;
  to: string;
  /** Null when sent through a Messaging Service (Twilio picks the sender later). */
  from: string | null;
  body: string;
  messagingServiceSid: string | null;
  statusCallback: string | null;
  direction: 'inbound' | 'outbound-api';
  status: 'queued' | 'accepted' | 'sent' | 'received' | 'delivered' | 'undelivered' | 'failed';
  /** Twilio's error code of an undelivered or failed message. */
  errorCode?: number | null;
  dateCreated: number;
  /** When the status last changed (a status callback); else `date_sent`, else `date_created`. */
  dateUpdated?: number;
  dateSent: number | null;
  numSegments: number;
}

/** A new Twilio-style SID: two-letter prefix + 32 lowercase hex digits. */
export function newSid(prefix: string): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}

/** RFC 2822 in GMT, as Twilio writes dates (`Mon, 23 Nov 2026 02:15:00 +0000`). */
export function rfc2822(ms: number): string {
  return new Date(ms).toUTCString().replace(/GMT$/, '+0000');
}

/** Segments Twilio would bill for this body (GSM-7 or UCS-2). */
export function segmentsOf(body: string): number {
  return body === '' ? 1 : smsLength(body).segments;
}

/** The Message resource JSON, as Twilio answers it (create, fetch and list entries). */
export function messageJson(message: StandInMessage): Record<string, unknown> {
  const base = `/${API_VERSION}/Accounts/${message.accountSid}/Messages/${message.sid}`;
  return {
    account_sid: message.accountSid,
    api_version: API_VERSION,
    body: message.body,
    date_created: rfc2822(message.dateCreated),
    date_sent: message.dateSent === null ? null : rfc2822(message.dateSent),
    date_updated: rfc2822(message.dateUpdated ?? message.dateSent ?? message.dateCreated),
    direction: message.direction,
    error_code: message.errorCode ?? null,
    error_message: null,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: '0',
    num_segments: String(message.messagingServiceSid && message.direction !== 'inbound' && message.status === 'accepted' ? 0 : message.numSegments),
    price: null,
    price_unit: 'USD',
    sid: message.sid,
    status: message.status,
    subresource_uris: { media: `${base}/Media.json` },
    to: message.to,
    uri: `${base}.json`,
  };
}

/** The Account resource JSON (what a credentials check fetches). The auth token is left out. */
export function accountJson(sid: string, created: number, status: 'active' | 'suspended' | 'closed'): Record<string, unknown> {
  const uri = `/${API_VERSION}/Accounts/${sid}`;
  return {
    date_created: rfc2822(created),
    date_updated: rfc2822(created),
    friendly_name: `Stand-in account ${sid.slice(-6)}`,
    owner_account_sid: sid,
    sid,
    status,
    subresource_uris: { messages: `${uri}/Messages.json` },
    type: 'Full',
    uri: `${uri}.json`,
  };
}
