import { ConfigError } from '@clinic-arrivals/plugin-kit';
import type { WireMessage } from './wire.js';

/*
 * Routing by number on the client side (see ../server/route-numbers.ts): the clinic's numbers
 * go to the proxy as repeated `to` query parameters, and every message that comes back is
 * checked against them, so a proxy that does not route by number (an older one ignores `to`)
 * cannot make this clinic handle, or acknowledge, another clinic's replies.
 */

/** The option that names the numbers, for error messages. */
export const NUMBERS_KEY = 'inbox.options.numbers';

/** `to=…&to=…` for `numbers` (empty when there are none), to append to a query after `?` or `&`. */
export function toParams(numbers: readonly string[] | undefined): string {
  if (!numbers) return '';
  const params = new URLSearchParams();
  for (const number of numbers) params.append('to', number);
  return params.toString();
}

/** The clinic's side of a message: the number texted (`to`) of a reply, the sender (`from`) of a delivery status. */
export function clinicNumberOfWire(message: WireMessage): string | undefined {
  return message.kind === 'sms' ? message.to : message.from;
}

/** True when the message belongs to one of `numbers` (always, when the client named none). */
export function isRoutedHere(message: WireMessage, numbers: ReadonlySet<string> | undefined): boolean {
  if (!numbers) return true;
  const number = clinicNumberOfWire(message);
  return number !== undefined && numbers.has(number);
}

/**
 * A 400 about the numbers, which reconnecting will not fix: `numbers_required` (several clinics
 * share the account, and this client named none) or a `{ message }` naming the `to` parameter
 * (more numbers than the proxy takes, or not E.164). Undefined for any other 400.
 */
export async function numbersRefused(response: Response): Promise<ConfigError | undefined> {
  let error: unknown;
  let message: unknown;
  try {
    ({ error, message } = (await response.json()) as { error?: unknown; message?: unknown });
  } catch {
    return undefined;
  }
  if (error === 'numbers_required') {
    return new ConfigError(
      `${NUMBERS_KEY}: the reply proxy serves this Twilio account to several clinics and hands replies only to a clinic that names its numbers; list this clinic's own numbers`,
      NUMBERS_KEY,
    );
  }
  if (typeof message !== 'string') return undefined;
  if (!/querystring\/to\b/.test(message)) return undefined;
  return new ConfigError(`${NUMBERS_KEY}: the reply proxy refused these numbers (${message.slice(0, 200)})`, NUMBERS_KEY);
}
