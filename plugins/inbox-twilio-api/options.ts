import type { JsonSchema, OptionsFromSchema } from '@clinic-arrivals/plugin-kit';
import { connectionProperties, credentialAlternatives } from '../sms-twilio/credentials.js';
import { E164_PATTERN } from '../sms-twilio/options.js';

/** Options schema of the `inbox-twilio-api` plugin. */
export const inboxTwilioApiOptionsSchema = {
  type: 'object',
  properties: {
    ...connectionProperties,
    /** The clinic's Twilio number patients reply to, in E.164. @example +61480000000 */
    number: {
      type: 'string',
      pattern: E164_PATTERN,
      'x-message': 'must be an E.164 number like +61412345678',
      description: "The clinic's Twilio number patients text, in E.164.",
    },
    /** Seconds between two looks at Twilio's Messages list. @default 15 */
    pollSeconds: {
      type: 'integer',
      minimum: 5,
      maximum: 3600,
      default: 15,
      description: "Seconds between polls of Twilio's Messages list (each poll is one or more API requests).",
    },
    /** On the very first start, pick up replies received this many minutes before. @default 60 */
    lookbackMinutes: {
      type: 'integer',
      minimum: 0,
      maximum: 10_080,
      default: 60,
      description: 'On the first start only: how far back to pick up replies.',
    },
    /** A reply handed to the host but not acknowledged is offered again after this many seconds. @default 300 */
    redeliverAfterSeconds: {
      type: 'integer',
      minimum: 10,
      maximum: 86_400,
      default: 300,
      description: 'Offer an unacknowledged reply again after this many seconds.',
    },
  },
  required: ['accountSid', 'number'],
  allOf: [credentialAlternatives],
  additionalProperties: false,
} as const satisfies JsonSchema;

/** Validated, defaulted options of the `inbox-twilio-api` plugin (same credentials as `sms-twilio`). */
export type InboxTwilioApiOptions = OptionsFromSchema<typeof inboxTwilioApiOptionsSchema>;
