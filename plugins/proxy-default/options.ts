import type { JsonSchema, OptionsFromSchema } from '@clinic-arrivals/plugin-kit';
import { E164_PATTERN, MAX_ROUTE_NUMBERS } from './server/route-numbers.js';

/** https anywhere; plain http only to this machine (a proxy next to the host, or tests). */
const URL_PATTERN = '^(https://[^\\s?#]+|http://(localhost|127(\\.[0-9]{1,3}){3}|\\[::1\\])(:[0-9]{1,5})?(/[^\\s?#]*)?)$';

/** Options schema of the `proxy-default` plugin. */
export const proxyInboxOptionsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['url', 'accountSid'],
  properties: {
    /**
     * Base URL of the reply proxy. https, except for a proxy on this machine (localhost, 127.x, [::1]).
     * @example https://replies.example.org
     */
    url: {
      type: 'string',
      pattern: URL_PATTERN,
      'x-message': 'must be the https URL of the reply proxy, e.g. https://replies.example.org (plain http only for localhost or 127.0.0.1)',
      description: 'Base URL of the reply proxy.',
    },
    /** The Twilio account whose replies to fetch (`AC…`). */
    accountSid: {
      type: 'string',
      pattern: '^AC[0-9a-f]{32}$',
      'x-message': 'must be a Twilio account SID: AC followed by 32 lower-case hex digits',
      description: 'The Twilio account whose replies to fetch.',
    },
    /**
     * The client key the proxy's `clientKeyHash` was made from. Secret: give it from the
     * environment, e.g. `${PROXY_CLIENT_KEY}`. Required unless `protocol` is `legacy`.
     */
    clientKey: {
      type: 'string',
      minLength: 24,
      maxLength: 512,
      pattern: '^\\S+$',
      'x-secret': true,
      'x-message': 'must be the client key the proxy was given (hash-key), usually ${PROXY_CLIENT_KEY}',
      description: 'Client key for the proxy (its hash is in the proxy config). Secret.',
    },
    /**
     * v1 only: the clinic's own numbers (E.164), the ones its patients text. Set it when several
     * clinics share one Twilio account: the proxy then hands this client only the replies sent
     * to these numbers (and the delivery statuses of texts sent from them), so one clinic never
     * takes another's. Unset: every message of the account.
     * @example ["+61480000000"]
     */
    numbers: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_ROUTE_NUMBERS,
      uniqueItems: true,
      items: { type: 'string', pattern: E164_PATTERN, 'x-message': 'must be an E.164 number like +61412345678' },
      description: "The clinic's own numbers (E.164): only replies sent to them are fetched. For several clinics on one Twilio account.",
    },
    /**
     * `v1`: the proxy's client API (authenticated, acknowledged, at least once).
     * `legacy`: `GET /twilio?AccountSid=…` of an original ClinicArrivals proxy (no key, no
     * acknowledgement: the server forgets a message once fetched, so at most once).
     * @default v1
     */
    protocol: {
      type: 'string',
      enum: ['v1', 'legacy'],
      default: 'v1',
      description: 'v1: the client API (at least once). legacy: GET /twilio?AccountSid= of an original proxy (at most once).',
    },
    /** v1 only: a Server-Sent Events stream, or long polls. @default stream */
    transport: {
      type: 'string',
      enum: ['stream', 'poll'],
      default: 'stream',
      description: 'v1: Server-Sent Events stream or long polls.',
    },
    /** v1 long polls: how long the proxy may hold a poll open when nothing is waiting. @default 25 */
    pollWaitSeconds: { type: 'integer', minimum: 1, maximum: 60, default: 25, description: "Long-poll wait (at most the proxy's longPollMaxSeconds)." },
    /** legacy only: seconds between two fetches. @default 10 */
    legacyPollSeconds: { type: 'integer', minimum: 1, maximum: 3600, default: 10, description: 'legacy: seconds between fetches.' },
    timeouts: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        /** Time allowed to connect and get response headers. @default 10 */
        connectSeconds: { type: 'integer', minimum: 1, maximum: 120, default: 10 },
        /** Whole-request limit of acknowledgements and checks (polls add their wait). @default 15 */
        requestSeconds: { type: 'integer', minimum: 1, maximum: 120, default: 15 },
        /** A stream silent this long (no message, no heartbeat) is taken as dead and reopened. @default 45 */
        streamIdleSeconds: {
          type: 'integer',
          minimum: 2,
          maximum: 600,
          default: 45,
          description: "Reopen a stream silent this long; keep it above the proxy's stream.heartbeatSeconds.",
        },
      },
    },
    /** Pauses between reconnect attempts: exponential with jitter between the two. */
    reconnect: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        /** @default 1000 */
        minDelayMs: { type: 'integer', minimum: 10, maximum: 60_000, default: 1000 },
        /** @default 60000 */
        maxDelayMs: { type: 'integer', minimum: 10, maximum: 600_000, default: 60_000 },
      },
    },
  },
  // The legacy endpoint takes no key; the client API always does.
  if: { properties: { protocol: { const: 'legacy' } }, required: ['protocol'] },
  then: {},
  else: { required: ['clientKey'] },
} as const satisfies JsonSchema;

/** Validated, defaulted options of the `proxy-default` inbox plugin (the client of the reply proxy). */
export type ProxyInboxOptions = OptionsFromSchema<typeof proxyInboxOptionsSchema>;
/** How the client talks to the proxy: the authenticated client API, or an original-style proxy. */
export type ProxyProtocol = ProxyInboxOptions['protocol'];
/** How the v1 client waits for messages. */
export type ProxyTransport = ProxyInboxOptions['transport'];
