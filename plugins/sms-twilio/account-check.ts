import { AuthError } from '@clinic-arrivals/plugin-kit';
import { mapTwilioError } from './error-mapping.js';
import { withExchange, type TwilioClient } from './twilio-client.js';

/**
 * Fetches the Account resource to prove the credentials work (used by both Twilio plugins at
 * start). Resolves with the account's status; rejects with AuthError (credentials refused, or
 * the account suspended or closed), UnavailableError/NotReadyError (unreachable) or ConfigError.
 */
export async function checkTwilioAccount(client: TwilioClient, accountSid: string, now: () => number): Promise<string> {
  const outcome = await withExchange(() => client.api.v2010.accounts(accountSid).fetch());
  if (!('value' in outcome)) throw mapTwilioError(outcome.error, 'verify', outcome.exchange, now());
  const status = outcome.value.status;
  if (status === 'suspended' || status === 'closed') {
    throw new AuthError(`the Twilio account is ${status}: texts cannot be sent or read until it is active again`);
  }
  return status;
}
