import type { JsonSchema, OptionsFromSchema } from '@clinic-arrivals/plugin-kit';
import { connectionProperties, credentialAlternatives } from './credentials.js';

/** E.164: a plus, a non-zero digit, at most 15 digits in all. */
export const E164_PATTERN = '^\\+[1-9][0-9]{1,14}$' as const;

/** Options schema of the `sms-twilio` plugin. */
export const smsTwilioOptionsSchema = {
  type: 'object',
  properties: {
    ...connectionProperties,
    /** The clinic's Twilio number in E.164. Exactly one of `from` / `messagingServiceSid`. @example +61480000000 */
    from: {
      type: 'string',
      pattern: E164_PATTERN,
      'x-message': 'must be an E.164 number like +61412345678',
      description: "The clinic's Twilio number in E.164. Either this or messagingServiceSid.",
    },
    /** Send through a Messaging Service (`MG…`) instead of one number (Twilio picks the sender). */
    messagingServiceSid: {
      type: 'string',
      pattern: '^MG[0-9a-fA-F]{32}$',
      'x-message': 'must be a Twilio Messaging Service SID: MG followed by 32 hex digits',
      description: 'Messaging Service SID (MG…). Either this or from.',
    },
    /** Twilio posts delivery status changes of each message here. @example https://clinic.example/twilio/status */
    statusCallback: {
      type: 'string',
      format: 'uri',
      pattern: '^https?://',
      'x-message': 'must be an http(s) URL Twilio can reach',
      description: 'URL Twilio posts delivery status updates to.',
    },
    /** Attempts after the first when Twilio is unavailable (5xx, unreachable), within one send. @default 2 */
    retries: { type: 'integer', minimum: 0, maximum: 5, default: 2, description: 'Retries within one send when Twilio is unavailable.' },
    /** First pause between those attempts, doubling with jitter. @default 500 */
    retryMinDelayMs: { type: 'integer', minimum: 0, maximum: 60_000, default: 500 },
    /** Longest pause between those attempts. @default 4000 */
    retryMaxDelayMs: { type: 'integer', minimum: 0, maximum: 300_000, default: 4000 },
  },
  required: ['accountSid'],
  allOf: [
    credentialAlternatives,
    {
      oneOf: [{ required: ['from'] }, { required: ['messagingServiceSid'] }],
      'x-message': 'set exactly one of from or messagingServiceSid',
    },
  ],
  additionalProperties: false,
} as const satisfies JsonSchema;

/** Validated, defaulted options of the `sms-twilio` plugin (exactly one of `from` / `messagingServiceSid`). */
export type SmsTwilioOptions = OptionsFromSchema<typeof smsTwilioOptionsSchema>;
