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
 * A 400 whose `{ message }` names the `to` parameter: the proxy refused the numbers (more
 * than it takes, or not E.164), which reconnecting will not fix. Undefined for any other 400.
 */
export async function numbersRefused(response: Response): Promise<ConfigError | undefined> {
  let message: unknown;
  try {
    message = ((await response.json()) as { message?: unknown }).message;
  } catch {
    return undefined;
  }
  if (typeof message !== 'string') return undefined;
  if (!/querystring\/to\b/.test(message)) return undefined;
  return new ConfigError(`${NUMBERS_KEY}: the reply proxy refused these numbers (${message.slice(0, 200)})`, NUMBERS_KEY);
}
