import type { JsonSchema, OptionsFromSchema } from '@clinic-arrivals/plugin-kit';

/*
 * Credentials and connection options shared by sms-twilio and inbox-twilio-api, so both read
 * the same keys, validate them the same way and mark the same values secret.
 */

/** JSON Schema properties of {@link TwilioConnectionOptions}. */
export const connectionProperties = {
  /** The Twilio account (`AC…`). Always required: API keys act for an account. */
  accountSid: {
    type: 'string',
    pattern: '^AC[0-9a-fA-F]{32}$',
    'x-message': 'must be a Twilio account SID: AC followed by 32 hex digits',
    description: 'Twilio account SID (AC…).',
  },
  /** The account's auth token. Either this, or `apiKeySid` with `apiKeySecret`. */
  authToken: {
    type: 'string',
    minLength: 1,
    'x-secret': true,
    description: "The account's auth token, usually ${TWILIO_AUTH_TOKEN}. Either this or apiKeySid + apiKeySecret.",
  },
  /** An API key (`SK…`), preferred over the auth token because it can be revoked on its own. */
  apiKeySid: {
    type: 'string',
    pattern: '^SK[0-9a-fA-F]{32}$',
    'x-message': 'must be a Twilio API key SID: SK followed by 32 hex digits',
    description: 'API key SID (SK…); needs apiKeySecret.',
  },
  /** The API key's secret. */
  apiKeySecret: {
    type: 'string',
    minLength: 1,
    'x-secret': true,
    description: "The API key's secret, usually ${TWILIO_API_KEY_SECRET}.",
  },
  /**
   * Send every REST request to this base URL instead of `https://api.twilio.com` (a regional
   * edge such as `https://api.sydney.au1.twilio.com`, a forward proxy, or a test stand-in).
   * @example https://api.sydney.au1.twilio.com
   */
  apiBaseUrl: {
    type: 'string',
    format: 'uri',
    pattern: '^https?://',
    'x-message': 'must be an http(s) URL, e.g. https://api.sydney.au1.twilio.com',
    description: 'Base URL for every Twilio REST request (regional edge, proxy or test stand-in).',
  },
  /** Per-request timeout in milliseconds. @default 15000 */
  timeoutMs: {
    type: 'integer',
    minimum: 1000,
    maximum: 120_000,
    default: 15_000,
    description: 'Per-request timeout in milliseconds.',
  },
} as const satisfies Record<string, JsonSchema>;

/** How the plugins authenticate to Twilio's REST API and where they send requests (validated, defaulted). */
export type TwilioConnectionOptions = OptionsFromSchema<{
  type: 'object';
  properties: typeof connectionProperties;
  required: ['accountSid'];
  additionalProperties: false;
}>;

/** Exactly one way to authenticate: the auth token, or an API key with its secret. */
export const credentialAlternatives = {
  oneOf: [{ required: ['authToken'] }, { required: ['apiKeySid', 'apiKeySecret'] }],
  dependencies: { apiKeySid: ['apiKeySecret'], apiKeySecret: ['apiKeySid'] },
  'x-message': 'set either authToken, or apiKeySid together with apiKeySecret (not both)',
} as const satisfies JsonSchema;

/** The Basic-auth user and password the REST client sends. */
export function basicCredentials(options: TwilioConnectionOptions): { username: string; password: string } {
  if (options.apiKeySid && options.apiKeySecret) return { username: options.apiKeySid, password: options.apiKeySecret };
  if (options.authToken) return { username: options.accountSid, password: options.authToken };
  throw new Error('twilio: no credentials (authToken, or apiKeySid with apiKeySecret)');
}
