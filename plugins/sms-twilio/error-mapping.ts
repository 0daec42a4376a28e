import {
  AuthError,
  ClinicArrivalsError,
  ConfigError,
  declareErrorCodes,
  InvalidNumberError,
  OptedOutError,
  RateLimitedError,
  UnavailableError,
} from '@clinic-arrivals/plugin-kit';
import { withRemoteDetail } from '@clinic-arrivals/plugin-kit';
import type { TwilioExchange } from './twilio-client.js';

/*
 * Twilio error codes, from Twilio's error dictionary, grouped by what the host should do.
 * Twilio's own error messages are never copied into ours: several of them quote the phone
 * number or the body, and our messages end up in logs and on the status page. A message
 * carries the HTTP status, the numeric Twilio error code and a fixed description of ours; the
 * library's text goes only into the error's non-enumerable `remoteDetail`, which nothing logs.
 */

/**
 * The destination cannot be texted: permanent for that number. 21211 invalid 'To'; 21214 'To'
 * cannot be reached; 21217 number does not appear valid; 21219 'To' not verified (trial);
 * 21401 invalid phone number; 21407 number type does not support SMS; 21408 no permission to
 * text the number's region (geo permissions); 21604 'To' missing; 21608 'To' not verified
 * (trial accounts); 21612 not reachable via SMS from this sender; 21614 not a mobile number;
 * 21635 'To' is a landline.
 */
export const INVALID_NUMBER_CODES: ReadonlySet<number> = new Set([21211, 21214, 21217, 21219, 21401, 21407, 21408, 21604, 21608, 21612, 21614, 21635]);

/** The recipient has opted out (replied STOP): 21610. Never retried; the host records it. */
export const OPTED_OUT_CODES: ReadonlySet<number> = new Set([21610]);

/**
 * The sender in our own config is wrong — every send will fail the same way, so these are
 * ConfigErrors, not per-number failures: 21212 invalid 'From'; 21601/21606/21661 'From' is not
 * an SMS-capable number of this account; 21603 neither From nor MessagingServiceSid;
 * 21701–21704 Messaging Service missing, invalid or without senders.
 */
export const SENDER_CONFIG_CODES: ReadonlySet<number> = new Set([21212, 21601, 21603, 21606, 21661, 21701, 21702, 21703, 21704]);

/** Credentials rejected or account unusable: 20003 authenticate, 20005 account not active, 20008 test credentials. */
export const AUTH_CODES: ReadonlySet<number> = new Set([20003, 20005, 20008]);

/** Too many requests / concurrency limit. */
export const RATE_LIMIT_CODES: ReadonlySet<number> = new Set([20429, 14107]);

const SENDER_SERVICE = 'Messaging Service missing, invalid or without senders';

/** Our fixed description of each Twilio error code the plugin knows; other codes are named by number only. */
export const CODE_DESCRIPTIONS: ReadonlyMap<number, string> = new Map([
  [14107, 'send rate limit exceeded'],
  [20003, 'authentication failed'],
  [20005, 'account not active'],
  [20008, 'not possible with test credentials'],
  [20404, 'resource not found'],
  [20429, 'too many requests'],
  [20500, 'Twilio internal error'],
  [21211, "invalid 'To' number"],
  [21212, "invalid 'From' number"],
  [21214, "'To' number cannot be reached"],
  [21217, 'number does not appear to be valid'],
  [21219, "'To' number not verified (trial account)"],
  [21401, 'invalid phone number'],
  [21407, 'number type does not support SMS'],
  [21408, 'no permission to text this region (geo permissions)'],
  [21601, "'From' is not an SMS-capable number"],
  [21603, "neither 'From' nor a Messaging Service given"],
  [21604, "'To' number missing"],
  [21606, "'From' is not an SMS-capable number of this account"],
  [21608, "'To' number not verified (trial account)"],
  [21610, 'recipient opted out (STOP)'],
  [21612, "'To' not reachable via SMS from this sender"],
  [21614, "'To' is not a mobile number"],
  [21617, 'message body too long'],
  [21635, "'To' is a landline"],
  [21661, "'From' is not an SMS-capable number of this account"],
  [21701, SENDER_SERVICE],
  [21702, SENDER_SERVICE],
  [21703, SENDER_SERVICE],
  [21704, SENDER_SERVICE],
]);

/** Network error codes as Node and axios spell them (ECONNREFUSED, ERR_BAD_RESPONSE…); anything else is not repeated. */
const NETWORK_CODE = /^[A-Z][A-Z0-9_]{1,39}$/;

/** Network failures where the request surely never reached Twilio (safe to send again at once). */
const NOT_DELIVERED_NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** What the plugin was doing, for the error text. */
export type TwilioOperation = 'send' | 'verify' | 'list';

/** The plugin's own detail codes; every other failure uses the kit's codes (see the kit's ERRORS.md). */
export const TWILIO_ERROR_CODES = declareErrorCodes({
  CA_ERR_TWILIO_REJECTED: { kind: 'permanent', meaning: 'Twilio refused the request with a 4xx the plugin has no better code for', stability: 'stable' },
});

/** The facts of a Twilio REST error that are safe to log. */
interface RestFailure {
  status: number;
  code?: number;
}

function restFailureOf(error: unknown): RestFailure | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const { status, code } = error as { status?: unknown; code?: unknown };
  if (typeof status !== 'number' || !Number.isInteger(status)) return undefined;
  return { status, code: typeof code === 'number' ? code : undefined };
}

function networkCodeOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODE.test(code)) return code;
  }
  return undefined;
}

/** The library's (or Twilio's) own text, for `remoteDetail` only. */
function textOf(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : undefined;
  return message || undefined;
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date (relative to `now`). */
export function retryAfterMs(headers: Record<string, unknown> | undefined, now: number): number | undefined {
  const raw = headers?.['retry-after'] ?? headers?.['Retry-After'];
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const text = String(raw).trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/**
 * Maps anything the Twilio library threw onto the host's typed errors. The original error is
 * not kept as `cause` (its message can contain the phone number); its status and code are.
 * Twilio's message is on the result's `remoteDetail` (not enumerable, never in `message`).
 */
export function mapTwilioError(error: unknown, operation: TwilioOperation, exchange: TwilioExchange = {}, now = Date.now()): ClinicArrivalsError {
  if (error instanceof ClinicArrivalsError) return error;
  return withRemoteDetail(mapUntyped(error, operation, exchange, now), textOf(error));
}

function mapUntyped(error: unknown, operation: TwilioOperation, exchange: TwilioExchange, now: number): ClinicArrivalsError {
  const what = operation === 'send' ? 'sending an SMS' : operation === 'verify' ? 'checking the Twilio credentials' : 'listing Twilio messages';
  const rest = restFailureOf(error);
  if (rest) {
    const { status, code } = rest;
    const description = code === undefined ? undefined : CODE_DESCRIPTIONS.get(code);
    const label = `Twilio answered HTTP ${status}${code === undefined ? '' : ` with error ${code}`}${description ? ` (${description})` : ''}`;
    const cause = Object.assign(new Error(label), { status, code, moreInfo: code === undefined ? undefined : `https://www.twilio.com/docs/errors/${code}` });
    if (code !== undefined && OPTED_OUT_CODES.has(code)) return new OptedOutError(`${label}: the recipient has opted out of texts from this sender`, { cause });
    if (code !== undefined && INVALID_NUMBER_CODES.has(code))
      return new InvalidNumberError(`${label}: the destination cannot receive SMS from this account`, { cause });
    if (status === 401 || status === 403 || (code !== undefined && AUTH_CODES.has(code))) {
      return new AuthError(`${label} while ${what}: check accountSid and authToken (or apiKeySid/apiKeySecret)`, { cause });
    }
    if (status === 429 || (code !== undefined && RATE_LIMIT_CODES.has(code))) {
      return new RateLimitedError(`${label} while ${what}: slowing down`, { cause, retryAfterMs: retryAfterMs(exchange.headers, now) });
    }
    if (status >= 500) return new UnavailableError(`${label} while ${what}`, { cause, retryAfterMs: retryAfterMs(exchange.headers, now) });
    if (code !== undefined && SENDER_CONFIG_CODES.has(code)) {
      return new ConfigError(`${label}: the sender (from / messagingServiceSid) cannot send SMS with this account`, 'from', { cause });
    }
    if (status === 404) {
      return new ConfigError(`${label} while ${what}: unknown account or API base URL (accountSid / apiBaseUrl)`, 'accountSid', { cause });
    }
    return new ClinicArrivalsError('CA_ERR_TWILIO_REJECTED' satisfies keyof typeof TWILIO_ERROR_CODES, `${label} while ${what}`, { kind: 'permanent', cause });
  }
  if (error instanceof SyntaxError) {
    // The parser's message quotes the start of the answer: remoteDetail only.
    return new UnavailableError(`Twilio's answer while ${what} was not JSON (a proxy or outage page?)`, {
      cause: new Error('answer was not JSON'),
      outcomeUnknown: true,
    });
  }
  const network = networkCodeOf(error);
  const detail = network ?? 'network error';
  // Kind outcome-unknown unless the request surely never reached Twilio: then neither withRetry nor the host sends it again.
  return new UnavailableError(`Twilio could not be reached while ${what} (${detail})`, {
    cause: Object.assign(new Error(detail), { code: network }),
    outcomeUnknown: !(network && NOT_DELIVERED_NETWORK_CODES.has(network)),
  });
}
