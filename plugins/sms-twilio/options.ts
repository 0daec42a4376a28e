import type { JsonSchema } from '@clinic-arrivals/plugin-kit';
import { connectionProperties, credentialAlternatives, type TwilioConnectionOptions } from './credentials.js';

/** Options of the `sms-twilio` plugin. Exactly one of `from` / `messagingServiceSid`. */
export interface SmsTwilioOptions extends TwilioConnectionOptions {
  /** The clinic's Twilio number in E.164. @example +61480000000 */
  from?: string;
  /** Send through a Messaging Service (`MG…`) instead of one number (Twilio picks the sender). */
  messagingServiceSid?: string;
  /** Twilio posts delivery status changes of each message here. @example https://clinic.example/twilio/status */
  statusCallback?: string;
  /** Attempts after the first when Twilio is unavailable (5xx, unreachable), within one send. @default 2 */
  retries?: number;
  /** First pause between those attempts, doubling with jitter. @default 500 */
  retryMinDelayMs?: number;
  /** Longest pause between those attempts. @default 4000 */
  retryMaxDelayMs?: number;
}

/** Defaults of {@link SmsTwilioOptions} (the host fills them from the schema too). */
export const SMS_TWILIO_DEFAULTS = { retries: 2, retryMinDelayMs: 500, retryMaxDelayMs: 4000 } as const;

/** E.164: a plus, a non-zero digit, at most 15 digits in all. */
export const E164_PATTERN = '^\\+[1-9][0-9]{1,14}$';

/** Options schema of the `sms-twilio` plugin. */
export const smsTwilioOptionsSchema: JsonSchema = {
  type: 'object',
  properties: {
    ...connectionProperties,
    from: {
      type: 'string',
      pattern: E164_PATTERN,
      'x-message': 'must be an E.164 number like +61412345678',
      description: "The clinic's Twilio number in E.164. Either this or messagingServiceSid.",
    },
    messagingServiceSid: {
      type: 'string',
      pattern: '^MG[0-9a-fA-F]{32}$',
      'x-message': 'must be a Twilio Messaging Service SID: MG followed by 32 hex digits',
      description: 'Messaging Service SID (MG…). Either this or from.',
    },
    statusCallback: {
      type: 'string',
      format: 'uri',
      pattern: '^https?://',
      'x-message': 'must be an http(s) URL Twilio can reach',
      description: 'URL Twilio posts delivery status updates to.',
    },
    retries: { type: 'integer', minimum: 0, maximum: 5, default: SMS_TWILIO_DEFAULTS.retries, description: 'Retries within one send when Twilio is unavailable.' },
    retryMinDelayMs: { type: 'integer', minimum: 0, maximum: 60_000, default: SMS_TWILIO_DEFAULTS.retryMinDelayMs },
    retryMaxDelayMs: { type: 'integer', minimum: 0, maximum: 300_000, default: SMS_TWILIO_DEFAULTS.retryMaxDelayMs },
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
};
