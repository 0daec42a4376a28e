import twilio from 'twilio';
import type { StandInMessage } from './resources.js';

/** A delivery status Twilio reports for an outgoing message. */
export type StandInDeliveryStatus = 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed';

/** Options of a status callback. */
export interface StatusCallbackOptions {
  /** Twilio's error code, sent as `ErrorCode` (e.g. 30003, unreachable handset). */
  errorCode?: number;
  /**
   * Where to post instead of the message's `StatusCallback` (e.g. a local proxy behind a TLS
   * terminator). The path and query of the `StatusCallback` URL are kept; it is still signed
   * over the `StatusCallback` URL, as Twilio signs it.
   */
  via?: string;
}

/**
 * The form Twilio posts to a message's StatusCallback URL: `MessageSid`, `MessageStatus`
 * (also as the older `SmsSid`/`SmsStatus`), `ErrorCode` for undelivered and failed, the
 * numbers and the account.
 */
export function statusCallbackForm(message: StandInMessage, status: StandInDeliveryStatus, errorCode?: number): Record<string, string> {
  const form: Record<string, string> = {
    SmsSid: message.sid,
    SmsStatus: status,
    MessageStatus: status,
    To: message.to,
    MessageSid: message.sid,
    AccountSid: message.accountSid,
    From: message.from ?? '',
    ApiVersion: '2010-04-01',
  };
  if (message.messagingServiceSid) form.MessagingServiceSid = message.messagingServiceSid;
  if (errorCode !== undefined) form.ErrorCode = String(errorCode);
  return form;
}

/**
 * Posts a status callback as Twilio does: form-encoded, signed with the account's auth token
 * (`X-Twilio-Signature` over the StatusCallback URL). Resolves with the HTTP status answered.
 */
export async function postStatusCallback(
  message: StandInMessage,
  status: StandInDeliveryStatus,
  authToken: string,
  options: StatusCallbackOptions = {},
): Promise<number> {
  if (!message.statusCallback) throw new Error(`twilio stand-in: message ${message.sid} has no StatusCallback`);
  const signedUrl = message.statusCallback;
  const target = options.via ? rebase(signedUrl, options.via) : signedUrl;
  const form = statusCallbackForm(message, status, options.errorCode);
  const response = await fetch(target, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, signedUrl, form),
      'user-agent': 'TwilioProxy/1.1',
    },
    body: new URLSearchParams(form).toString(),
  });
  await response.body?.cancel();
  return response.status;
}

function rebase(url: string, base: string): string {
  const original = new URL(url);
  return base.replace(/\/$/, '') + original.pathname + original.search;
}
