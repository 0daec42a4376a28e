import type { JsonSchema } from '@clinic-arrivals/plugin-kit';
import { connectionProperties, credentialAlternatives, type TwilioConnectionOptions } from '../sms-twilio/credentials.js';
import { E164_PATTERN } from '../sms-twilio/options.js';

/** Options of the `inbox-twilio-api` plugin (same credentials as `sms-twilio`). */
export interface InboxTwilioApiOptions extends TwilioConnectionOptions {
  /** The clinic's Twilio number patients reply to, in E.164. @example +61480000000 */
  number: string;
  /** Seconds between two looks at Twilio's Messages list. @default 15 */
  pollSeconds?: number;
  /** On the very first start, pick up replies received this many minutes before. @default 60 */
  lookbackMinutes?: number;
  /** A reply handed to the host but not acknowledged is offered again after this many seconds. @default 300 */
  redeliverAfterSeconds?: number;
}

/** Defaults of {@link InboxTwilioApiOptions}. */
export const INBOX_TWILIO_API_DEFAULTS = { pollSeconds: 15, lookbackMinutes: 60, redeliverAfterSeconds: 300 } as const;

/** Options schema of the `inbox-twilio-api` plugin. */
export const inboxTwilioApiOptionsSchema: JsonSchema = {
  type: 'object',
  properties: {
    ...connectionProperties,
    number: {
      type: 'string',
      pattern: E164_PATTERN,
      'x-message': 'must be an E.164 number like +61412345678',
      description: "The clinic's Twilio number patients text, in E.164.",
    },
    pollSeconds: {
      type: 'integer',
      minimum: 5,
      maximum: 3600,
      default: INBOX_TWILIO_API_DEFAULTS.pollSeconds,
      description: "Seconds between polls of Twilio's Messages list (each poll is one or more API requests).",
    },
    lookbackMinutes: {
      type: 'integer',
      minimum: 0,
      maximum: 10_080,
      default: INBOX_TWILIO_API_DEFAULTS.lookbackMinutes,
      description: 'On the first start only: how far back to pick up replies.',
    },
    redeliverAfterSeconds: {
      type: 'integer',
      minimum: 10,
      maximum: 86_400,
      default: INBOX_TWILIO_API_DEFAULTS.redeliverAfterSeconds,
      description: 'Offer an unacknowledged reply again after this many seconds.',
    },
  },
  required: ['accountSid', 'number'],
  allOf: [credentialAlternatives],
  additionalProperties: false,
};
