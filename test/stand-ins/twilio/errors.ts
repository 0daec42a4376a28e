/**
 * Twilio's REST error catalogue as far as the stand-in needs it, and the failures a test can
 * queue with `failNext`. Error bodies follow Twilio's documented shape:
 * `{ code, message, more_info: 'https://www.twilio.com/docs/errors/<code>', status }`.
 */

/** A Twilio REST error the stand-in can answer with. */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

/** HTTP status and wording per Twilio error code (wording paraphrased from Twilio's error dictionary). */
const CATALOGUE: Record<number, { status: number; message: string }> = {
  20003: { status: 401, message: 'Authenticate' },
  20404: { status: 404, message: 'The requested resource was not found' },
  20429: { status: 429, message: 'Too Many Requests' },
  20500: { status: 500, message: 'Internal Server Error' },
  20503: { status: 503, message: 'Service Unavailable' },
  21211: { status: 400, message: "The 'To' number is not a valid phone number." },
  21212: { status: 400, message: "The 'From' number is not a valid phone number, shortcode, or alphanumeric sender ID." },
  21408: { status: 400, message: "Permission to send an SMS has not been enabled for the region indicated by the 'To' number" },
  21602: { status: 400, message: 'Message body is required.' },
  21603: { status: 400, message: "A 'From' or 'MessagingServiceSid' parameter is required to send a message" },
  21604: { status: 400, message: "A 'To' phone number is required." },
  21606: { status: 400, message: "The 'From' phone number provided is not a valid message-capable Twilio phone number for this destination/account" },
  21610: { status: 400, message: 'Attempt to send to unsubscribed recipient' },
  21612: { status: 400, message: "The 'To' phone number is not currently reachable using the 'From' phone number via SMS" },
  21614: { status: 400, message: "'To' number is not a valid mobile number" },
  21617: { status: 400, message: 'The concatenated message body exceeds the 1600 character limit' },
  21701: { status: 400, message: 'The Messaging Service Sid is invalid' },
};

/** The default Twilio code for a bare HTTP status. */
const CODE_FOR_STATUS: Record<number, number> = { 400: 21211, 401: 20003, 404: 20404, 429: 20429, 500: 20500, 503: 20503 };

/** Builds Twilio's JSON error body for `code` (unknown codes become 400s). */
export function twilioError(code: number, message?: string): TwilioErrorBody {
  const known = CATALOGUE[code];
  return {
    code,
    message: message ?? known?.message ?? `Error ${code}`,
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status: known?.status ?? 400,
  };
}

/** Failure kinds of the core MessageSender contract, mapped to what Twilio really answers. */
export const CONTRACT_FAILURES = {
  'invalid-number': 21211,
  'opted-out': 21610,
  'rate-limited': 20429,
  auth: 20003,
  unavailable: 20503,
} as const;

/**
 * What `failNext` accepts:
 * - a Twilio error code (`21211`, `21610`, `20429`, `20003`, …) — answered with Twilio's JSON error body;
 * - an HTTP status below 600 (`500`, `503`, `429`, `401`) — answered with the matching Twilio code;
 * - a contract failure kind (`'invalid-number'`, `'opted-out'`, `'rate-limited'`, `'auth'`, `'unavailable'`);
 * - `'drop'`: the connection is closed without any answer (nothing is created);
 * - `'lost-answer'`: a send is carried out (the message is created and sent), then the
 *   connection is closed without an answer — Twilio has the message, the client cannot know;
 *   on other requests the same as `'drop'`;
 * - `'garbage'`: a 200 whose body is not JSON.
 */
export type StandInFailure = number | keyof typeof CONTRACT_FAILURES | 'drop' | 'lost-answer' | 'garbage';

/** Which requests a queued failure applies to. */
export type FailureTarget = 'send' | 'list' | 'account' | 'any';

/** Options of `failNext`. */
export interface FailNextOptions {
  /** Which request fails. @default 'send' (POST …/Messages.json) */
  on?: FailureTarget;
  /** How many matching requests fail in a row. @default 1 */
  times?: number;
  /** Adds a `Retry-After` header (seconds) to the error answer. */
  retryAfterSeconds?: number;
}

/** A failure resolved to what the server does. */
export type ResolvedFailure =
  { kind: 'error'; body: TwilioErrorBody; retryAfterSeconds?: number } | { kind: 'drop' } | { kind: 'lost-answer' } | { kind: 'garbage' };

/** Turns a {@link StandInFailure} into the answer the server gives. */
export function resolveFailure(failure: StandInFailure, retryAfterSeconds?: number): ResolvedFailure {
  if (failure === 'drop' || failure === 'lost-answer' || failure === 'garbage') return { kind: failure };
  if (typeof failure === 'string') {
    const code = CONTRACT_FAILURES[failure];
    if (code === undefined) throw new Error(`twilio stand-in: unknown failure kind "${failure}"`);
    return { kind: 'error', body: twilioError(code), retryAfterSeconds };
  }
  if (!Number.isInteger(failure) || failure < 100) throw new Error(`twilio stand-in: not a status or Twilio code: ${failure}`);
  if (failure < 600) {
    const body = twilioError(CODE_FOR_STATUS[failure] ?? (failure >= 500 ? 20500 : 20001));
    return { kind: 'error', body: { ...body, status: failure }, retryAfterSeconds };
  }
  return { kind: 'error', body: twilioError(failure), retryAfterSeconds };
}
