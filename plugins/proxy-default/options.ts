import type { JsonSchema } from '@clinic-arrivals/plugin-kit';

/** How the client talks to the proxy: the authenticated client API, or an original-style proxy. */
export type ProxyProtocol = 'v1' | 'legacy';
/** How the v1 client waits for messages. */
export type ProxyTransport = 'stream' | 'poll';

/** Options of the `proxy-default` inbox plugin (the client of the reply proxy). */
export interface ProxyInboxOptions {
  /**
   * Base URL of the reply proxy. https, except for a proxy on this machine (localhost, 127.x, [::1]).
   * @example https://replies.example.org
   */
  url: string;
  /** The Twilio account whose replies to fetch (`AC…`). */
  accountSid: string;
  /**
   * The client key the proxy's `clientKeyHash` was made from. Secret: give it from the
   * environment, e.g. `${PROXY_CLIENT_KEY}`. Required unless `protocol` is `legacy`.
   */
  clientKey?: string;
  /**
   * `v1`: the proxy's client API (authenticated, acknowledged, at least once).
   * `legacy`: `GET /twilio?AccountSid=…` of an original ClinicArrivals proxy (no key, no
   * acknowledgement: the server forgets a message once fetched, so at most once).
   * @default v1
   */
  protocol?: ProxyProtocol;
  /** v1 only: a Server-Sent Events stream, or long polls. @default stream */
  transport?: ProxyTransport;
  /** v1 long polls: how long the proxy may hold a poll open when nothing is waiting. @default 25 */
  pollWaitSeconds?: number;
  /** legacy only: seconds between two fetches. @default 10 */
  legacyPollSeconds?: number;
  timeouts?: {
    /** Time allowed to connect and get response headers. @default 10 */
    connectSeconds?: number;
    /** Whole-request limit of acknowledgements and checks (polls add their wait). @default 15 */
    requestSeconds?: number;
    /** A stream silent this long (no message, no heartbeat) is taken as dead and reopened. @default 45 */
    streamIdleSeconds?: number;
  };
  /** Pauses between reconnect attempts: exponential with jitter between the two. */
  reconnect?: {
    /** @default 1000 */
    minDelayMs?: number;
    /** @default 60000 */
    maxDelayMs?: number;
  };
}

/** Defaults of {@link ProxyInboxOptions} (the host fills them from the schema too). */
export const PROXY_INBOX_DEFAULTS = {
  protocol: 'v1',
  transport: 'stream',
  pollWaitSeconds: 25,
  legacyPollSeconds: 10,
  timeouts: { connectSeconds: 10, requestSeconds: 15, streamIdleSeconds: 45 },
  reconnect: { minDelayMs: 1000, maxDelayMs: 60_000 },
} as const;

/** https anywhere; plain http only to this machine (a proxy next to the host, or tests). */
const URL_PATTERN = '^(https://[^\\s?#]+|http://(localhost|127(\\.[0-9]{1,3}){3}|\\[::1\\])(:[0-9]{1,5})?(/[^\\s?#]*)?)$';

/** Options schema of the `proxy-default` plugin. */
export const proxyInboxOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['url', 'accountSid'],
  properties: {
    url: {
      type: 'string',
      pattern: URL_PATTERN,
      'x-message': 'must be the https URL of the reply proxy, e.g. https://replies.example.org (plain http only for localhost or 127.0.0.1)',
      description: 'Base URL of the reply proxy.',
    },
    accountSid: {
      type: 'string',
      pattern: '^AC[0-9a-f]{32}$',
      'x-message': 'must be a Twilio account SID: AC followed by 32 lower-case hex digits',
      description: 'The Twilio account whose replies to fetch.',
    },
    clientKey: {
      type: 'string',
      minLength: 24,
      maxLength: 512,
      pattern: '^\\S+$',
      'x-secret': true,
      'x-message': 'must be the client key the proxy was given (hash-key), usually ${PROXY_CLIENT_KEY}',
      description: 'Client key for the proxy (its hash is in the proxy config). Secret.',
    },
    protocol: {
      type: 'string',
      enum: ['v1', 'legacy'],
      default: PROXY_INBOX_DEFAULTS.protocol,
      description: 'v1: the client API (at least once). legacy: GET /twilio?AccountSid= of an original proxy (at most once).',
    },
    transport: {
      type: 'string',
      enum: ['stream', 'poll'],
      default: PROXY_INBOX_DEFAULTS.transport,
      description: 'v1: Server-Sent Events stream or long polls.',
    },
    pollWaitSeconds: { type: 'integer', minimum: 1, maximum: 60, default: PROXY_INBOX_DEFAULTS.pollWaitSeconds, description: 'Long-poll wait (at most the proxy\'s longPollMaxSeconds).' },
    legacyPollSeconds: { type: 'integer', minimum: 1, maximum: 3600, default: PROXY_INBOX_DEFAULTS.legacyPollSeconds, description: 'legacy: seconds between fetches.' },
    timeouts: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        connectSeconds: { type: 'integer', minimum: 1, maximum: 120, default: PROXY_INBOX_DEFAULTS.timeouts.connectSeconds },
        requestSeconds: { type: 'integer', minimum: 1, maximum: 120, default: PROXY_INBOX_DEFAULTS.timeouts.requestSeconds },
        streamIdleSeconds: {
          type: 'integer',
          minimum: 2,
          maximum: 600,
          default: PROXY_INBOX_DEFAULTS.timeouts.streamIdleSeconds,
          description: 'Reopen a stream silent this long; keep it above the proxy\'s stream.heartbeatSeconds.',
        },
      },
    },
    reconnect: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        minDelayMs: { type: 'integer', minimum: 10, maximum: 60_000, default: PROXY_INBOX_DEFAULTS.reconnect.minDelayMs },
        maxDelayMs: { type: 'integer', minimum: 10, maximum: 600_000, default: PROXY_INBOX_DEFAULTS.reconnect.maxDelayMs },
      },
    },
  },
  // The legacy endpoint takes no key; the client API always does.
  if: { properties: { protocol: { const: 'legacy' } }, required: ['protocol'] },
  then: {},
  else: { required: ['clientKey'] },
};

/** {@link ProxyInboxOptions} with every default filled in. */
export type ResolvedProxyInboxOptions = Required<Omit<ProxyInboxOptions, 'clientKey' | 'timeouts' | 'reconnect'>> & {
  clientKey?: string;
  timeouts: Required<NonNullable<ProxyInboxOptions['timeouts']>>;
  reconnect: Required<NonNullable<ProxyInboxOptions['reconnect']>>;
};

/** Fills defaults the host would have filled (for options built in code). */
export function withProxyInboxDefaults(options: Readonly<ProxyInboxOptions>): ResolvedProxyInboxOptions {
  const d = PROXY_INBOX_DEFAULTS;
  return {
    url: options.url,
    accountSid: options.accountSid,
    clientKey: options.clientKey,
    protocol: options.protocol ?? d.protocol,
    transport: options.transport ?? d.transport,
    pollWaitSeconds: options.pollWaitSeconds ?? d.pollWaitSeconds,
    legacyPollSeconds: options.legacyPollSeconds ?? d.legacyPollSeconds,
    timeouts: { ...d.timeouts, ...options.timeouts },
    reconnect: { ...d.reconnect, ...options.reconnect },
  };
}
