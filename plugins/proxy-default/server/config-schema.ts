/**
 * JSON Schema (draft-07) of the proxy's config section. Defaults are filled in by ajv;
 * `x-secret` values are never printed in problems; `x-message` replaces ajv's wording.
 */

const accountSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['authToken', 'clientKeyHash'],
  properties: {
    authToken: {
      description: "The account's auth token (Twilio console → Account info); checks X-Twilio-Signature.",
      type: 'string',
      pattern: '^[0-9a-fA-F]{32}$',
      'x-secret': true,
      'x-message': 'must be the 32-character auth token from the Twilio console (not the Account SID or an API key)',
    },
    clientKeyHash: {
      description: 'Hash of the key the clinic host uses to fetch messages, printed by `clinic-arrivals proxy hash-key`.',
      type: 'string',
      pattern: '^scrypt:[0-9]+:[0-9]+:[0-9]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$',
      'x-secret': true,
      'x-message': 'must be a hash printed by `clinic-arrivals proxy hash-key` (scrypt:…), never the key itself',
    },
    autoReply: {
      description: 'Text sent back to every incoming SMS (as TwiML <Message>). Absent: no reply.',
      type: 'string',
      minLength: 1,
      maxLength: 1600,
    },
    requireNumbers: {
      description:
        "Several clinics share this account: every client must name its clinic's numbers (to=…) on the poll and the stream, so none takes another clinic's replies. A poll or stream without them, and the legacy endpoint, are refused (400 numbers_required).",
      type: 'boolean',
      default: false,
    },
  },
};

const rateSchema = (perSecond: number, burst: number) => ({
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    perSecond: { description: 'Sustained requests per second.', type: 'number', exclusiveMinimum: 0, default: perSecond },
    burst: { description: 'Requests allowed at once before the sustained rate applies.', type: 'integer', minimum: 1, default: burst },
  },
});

/** The proxy section's schema. */
export const proxyConfigSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['publicUrl', 'accounts'],
  properties: {
    listen: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        host: { description: 'Address to listen on.', type: 'string', minLength: 1, default: '0.0.0.0' },
        port: { description: 'TCP port; 0 picks a free one.', type: 'integer', minimum: 0, maximum: 65535, default: 8080 },
      },
    },
    publicUrl: {
      description: 'Base URL Twilio uses to reach the proxy (before any TLS terminator), e.g. https://replies.example.org.',
      type: 'string',
      pattern: '^https?://[^?#\\s]+$',
      'x-message': 'must be the base URL Twilio calls, e.g. https://replies.example.org (http or https, no query string or #fragment)',
    },
    trustProxy: {
      description:
        'Take the client address from X-Forwarded-For: true, or how many hops to trust. Must be set behind a load balancer or reverse proxy (only your own), or all clients share its address.',
      type: ['boolean', 'integer'],
      minimum: 0,
      default: false,
    },
    accounts: {
      description: 'Twilio accounts served, keyed by Account SID.',
      type: 'object',
      minProperties: 1,
      additionalProperties: accountSchema,
    },
    storage: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        type: { type: 'string', enum: ['sqlite', 'postgres'], default: 'sqlite' },
        path: { description: 'SQLite file, relative to the config file.', type: 'string', minLength: 1, default: './data/proxy.sqlite' },
        synchronous: {
          description:
            'SQLite: full = fsync every commit (survives power loss); normal = survives a proxy crash, not a machine crash, and is faster on slow disks.',
          type: 'string',
          enum: ['full', 'normal'],
          default: 'full',
        },
        connectionString: {
          description: 'PostgreSQL URL (type: postgres).',
          type: 'string',
          pattern: '^postgres(ql)?://',
          'x-secret': true,
          'x-message': 'must be a PostgreSQL URL like postgres://user:password@db.example.org:5432/clinicarrivals',
        },
        schema: {
          description: 'PostgreSQL schema for the tables (created when missing).',
          type: 'string',
          pattern: '^[a-z_][a-z0-9_]{0,39}$',
          default: 'public',
          'x-message': 'must be a lower-case schema name (letters, digits, _; at most 40 characters)',
        },
        poolSize: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
      },
    },
    retentionHours: {
      description: 'Everything older is deleted, delivered or not. At most 24.',
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 24,
      default: 24,
    },
    leaseSeconds: {
      description: 'A message handed to a client and not acknowledged is handed out again after this long.',
      type: 'integer',
      minimum: 5,
      maximum: 3600,
      default: 60,
    },
    sweepSeconds: { description: 'How often the retention sweep runs.', type: 'integer', minimum: 1, maximum: 3600, default: 60 },
    bodyLimitBytes: { description: 'Largest webhook body accepted.', type: 'integer', minimum: 1024, maximum: 1048576, default: 16384 },
    joinPage: {
      description: "The public page that video-openvidu links open (the video plugin's joinPageUrl points here).",
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        enabled: { type: 'boolean', default: true },
        path: { type: 'string', pattern: '^/[A-Za-z0-9._~/-]*$', default: '/join', 'x-message': 'must be a URL path like /join' },
      },
    },
    joinGate: {
      description: 'The join gate (video.verifyJoin): the /verify page that asks for the texted code before releasing a video link.',
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        enabled: { type: 'boolean', default: true },
        attemptRate: {
          ...rateSchema(10 / 900, 10),
          description: 'Code attempts per client address (POST /verify/attempt): 10 at once, then one every 90 s (10 per 15 minutes).',
        },
      },
    },
    legacyEndpoint: {
      description: 'INSECURE: GET /twilio?AccountSid=… for the original ClinicArrivals clients (anyone who knows the SID reads the messages).',
      type: 'boolean',
      default: false,
    },
    rateLimit: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: { perIp: rateSchema(50, 200), perAccount: rateSchema(100, 500) },
    },
    timeouts: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        requestSeconds: {
          description:
            'Time allowed to send a whole request, headers and body, counted from its first byte however slowly bytes trickle in; then 408 and the connection is closed. Not the response: streams and long polls stay open.',
          type: 'integer',
          minimum: 1,
          maximum: 300,
          default: 10,
        },
        idleSeconds: { description: 'Idle connections are closed after this long.', type: 'integer', minimum: 1, maximum: 300, default: 30 },
        keepAliveSeconds: { type: 'integer', minimum: 1, maximum: 120, default: 5 },
        longPollMaxSeconds: { description: 'Longest `wait` a poll may ask for.', type: 'integer', minimum: 1, maximum: 60, default: 30 },
      },
    },
    connections: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        maxTotal: {
          description: 'Open connections, all clients together; more are closed at once.',
          type: 'integer',
          minimum: 1,
          maximum: 100000,
          default: 4096,
        },
        maxPerAddress: {
          description:
            "Open connections from one socket address (not X-Forwarded-For); more are closed at once. Default 256, or maxTotal when trustProxy is set (the address is then the balancer's).",
          type: 'integer',
          minimum: 1,
          maximum: 100000,
        },
      },
    },
    stream: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        heartbeatSeconds: { type: 'integer', minimum: 1, maximum: 60, default: 15 },
        retryMs: { description: 'Reconnect delay suggested to clients (SSE `retry:`).', type: 'integer', minimum: 100, maximum: 600000, default: 3000 },
        maxPerAccount: { type: 'integer', minimum: 1, maximum: 100, default: 5 },
        maxTotal: { description: 'Open streams and waiting polls, all accounts together.', type: 'integer', minimum: 1, maximum: 100000, default: 1000 },
      },
    },
    metrics: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        enabled: { type: 'boolean', default: true },
        token: { description: 'When set, /metrics needs `Authorization: Bearer <token>`.', type: 'string', minLength: 16, 'x-secret': true },
      },
    },
    logging: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: { level: { type: 'string', enum: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], default: 'info' } },
    },
  },
} as const;
