import type { JsonSchema, OptionsFromSchema } from '@clinic-arrivals/plugin-kit';

const HOST_WITH_PORT = '^(?=.{1,253}(:|$))[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(:[0-9]{1,5})?$';

/** Options schema of the `video-jitsi` plugin. */
export const jitsiVideoOptionsSchema = {
  type: 'object',
  properties: {
    /**
     * Jitsi deployment host name (with an optional port); links are `https://<domain>/<room>`.
     * @default "meet.jit.si"
     * @example "video.clinic.example"
     */
    domain: {
      type: 'string',
      pattern: HOST_WITH_PORT,
      default: 'meet.jit.si',
      'x-message': 'must be a host name with an optional port, without https:// or a path, e.g. video.clinic.example',
      description: 'Jitsi deployment host name; links are https://<domain>/<room>.',
    },
    /** JWT application id (Prosody `app_id`, the token's `iss`). Set together with `jwtSecret`. */
    jwtAppId: { type: 'string', minLength: 1, description: 'JWT app id (Prosody app_id, token iss).' },
    /** JWT shared secret (Prosody `app_secret`), usually `${JITSI_APP_SECRET}`. Signs HS256 tokens. */
    jwtSecret: {
      type: 'string',
      minLength: 16,
      'x-secret': true,
      'x-message': "must be the deployment's JWT app secret, at least 16 characters (set it from the environment)",
      description: 'JWT app secret (Prosody app_secret), from the environment.',
    },
    /** Token `aud`. @default "jitsi" */
    jwtAudience: { type: 'string', minLength: 1, default: 'jitsi', description: 'Token aud.' },
    /** Token `sub` (the deployment's domain or tenant). Defaults to `domain` without its port. */
    jwtSubject: { type: 'string', minLength: 1, description: 'Token sub; defaults to the domain.' },
    /** Links stay valid this long after the appointment's end. @default 30 */
    graceMinutes: { type: 'integer', minimum: 0, maximum: 1440, default: 30, description: 'Links stay valid this long after the appointment ends.' },
    /** Length assumed for an appointment without an end time. @default 60 */
    assumedDurationMinutes: { type: 'integer', minimum: 1, maximum: 1440, default: 60, description: 'Length assumed when an appointment has no end.' },
    /**
     * Prosody mod_muc_size endpoint, e.g. `https://video.clinic.example/room-size`. Needed for
     * join detection; not offered by the public meet.jit.si service.
     */
    roomSizeUrl: {
      type: 'string',
      pattern: '^https?://[^\\s?#]+$',
      'x-message': 'must be an http(s) URL without query or fragment, e.g. https://video.clinic.example/room-size',
      description: 'Prosody mod_muc_size endpoint (GET ?room=&domain= → {"participants": N}).',
    },
    /** `domain` parameter sent to the room-size endpoint (the XMPP base domain). Defaults to `domain` without its port. */
    roomSizeDomain: { type: 'string', pattern: HOST_WITH_PORT, description: 'domain parameter for the room-size endpoint; defaults to the domain.' },
    /** Per-request timeout of the room-size endpoint. @default 5000 */
    roomSizeTimeoutMs: { type: 'integer', minimum: 100, maximum: 60_000, default: 5000 },
    /**
     * `any-occupant`: anyone in the room counts as the patient having joined. Requires
     * `roomSizeUrl` and JWT. Only truthful if practitioners open their link after the patient
     * shows as arrived (README.md explains why no stronger form exists).
     * @default "off"
     */
    joinDetection: {
      type: 'string',
      enum: ['off', 'any-occupant'],
      default: 'off',
      description: 'any-occupant: anyone in the room counts as the patient (needs roomSizeUrl and JWT).',
    },
    /** Put the display names into the tokens (shown in the Jitsi UI). Tokens are signed, not encrypted. @default true */
    displayNamesInTokens: { type: 'boolean', default: true },
    /**
     * Hints added to the links as Jitsi URL config overrides (`#config.…=…`). They change what
     * the Jitsi web app shows; none of them is enforced by the server (see README.md).
     */
    linkHints: {
      type: 'object',
      properties: {
        /** Show Jitsi's pre-join screen (camera and microphone check) before entering. @default true */
        prejoinPage: { type: 'boolean', default: true },
        /**
         * Patient and guest links: knock automatically when the room's lobby is on. Does not turn the
         * lobby on; the practitioner (moderator) or the deployment does that.
         * @default false
         */
        lobbyAutoKnock: { type: 'boolean', default: false },
        /** Ask the browser app not to keep the room in its "recent meetings" list (shared devices). @default true */
        doNotStoreRoom: { type: 'boolean', default: true },
        /** Patient and guest links: hide Jitsi's invite and share buttons, so the link is not passed on by accident. @default true */
        hideInviteFunctions: { type: 'boolean', default: true },
      },
      additionalProperties: false,
      default: {},
    },
  },
  additionalProperties: false,
  // Cross-field rules sit in a one-branch anyOf so the host reports them by their x-message.
  dependencies: {
    jwtSecret: {
      anyOf: [{ required: ['jwtAppId'] }],
      'x-message': 'jwtSecret needs jwtAppId: set both for a JWT-secured deployment, or neither',
    },
    jwtAppId: {
      anyOf: [{ required: ['jwtSecret'] }],
      'x-message': 'jwtAppId needs jwtSecret (from the environment): set both for a JWT-secured deployment, or neither',
    },
  },
  if: { properties: { joinDetection: { const: 'any-occupant' } }, required: ['joinDetection'] },
  then: {
    anyOf: [{ required: ['roomSizeUrl', 'jwtAppId', 'jwtSecret'] }],
    'x-message': 'joinDetection "any-occupant" needs roomSizeUrl (Prosody mod_muc_size) and JWT (jwtAppId and jwtSecret)',
  },
} as const satisfies JsonSchema;

/** Validated, defaulted options of the `video-jitsi` plugin. */
export type JitsiVideoOptions = OptionsFromSchema<typeof jitsiVideoOptionsSchema>;
/** Hints added to the links as Jitsi URL config overrides (see README.md). */
export type JitsiLinkHints = JitsiVideoOptions['linkHints'];
/** What counts as "the patient joined" (see README.md: mod_muc_size counts people, not who). */
export type JitsiJoinDetection = JitsiVideoOptions['joinDetection'];

/** Host name of `domain` without its port (JWT `sub`, room-size `domain`). */
export function hostOf(domain: string): string {
  return domain.replace(/:[0-9]+$/, '');
}
