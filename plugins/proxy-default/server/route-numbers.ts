/*
 * Routing by number: several clinics may share one Twilio account, each with its own numbers.
 * A client names its clinic's numbers (`to` on the poll and the stream) and is handed only
 * the messages of those numbers; a client that names none is handed all of its account's.
 */

/** E.164: a plus, a non-zero digit, at most 15 digits in all (as the sms-twilio options). */
export const E164_PATTERN = '^\\+[1-9][0-9]{1,14}$';

/** Most numbers one client may name: one clinic has a few, never hundreds. */
export const MAX_ROUTE_NUMBERS = 20;

/** JSON Schema of the `to` query parameter (repeated; one value is coerced to a list). */
export const toQuerySchema = {
  type: 'array',
  minItems: 1,
  maxItems: MAX_ROUTE_NUMBERS,
  items: { type: 'string', pattern: E164_PATTERN },
} as const;

/**
 * The clinic's side of a stored item: the number a patient texted (`To`) for an SMS, the
 * number the clinic sent from (`From`) for a status callback of an outgoing text.
 */
export function clinicNumberOf(message: { kind: 'sms' | 'status'; from: string; to: string }): string {
  return message.kind === 'sms' ? message.to : message.from;
}

/** The stable error code, and the message, for a client that names no numbers on an account that requires them. */
export const NUMBERS_REQUIRED = {
  code: 'numbers_required',
  message: "several clinics share this account (requireNumbers): name the clinic's numbers with to=…",
} as const;

/**
 * True when the account is shared by several clinics (`requireNumbers`) and the client named
 * none: handing it every message of the account would give it the other clinics' replies.
 */
export function numbersMissing(account: { requireNumbers?: boolean } | undefined, numbers: readonly string[] | undefined): boolean {
  return account?.requireNumbers === true && numbers === undefined;
}

/** The requested numbers, deduplicated; undefined when the client named none (all of the account's). */
export function routeNumbersOf(to: readonly string[] | undefined): readonly string[] | undefined {
  return to === undefined || to.length === 0 ? undefined : [...new Set(to)];
}
