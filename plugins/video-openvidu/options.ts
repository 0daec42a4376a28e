import type { JsonSchema, OptionsFromSchema } from '@clinic-arrivals/plugin-kit';

/** Options schema of the `video-openvidu` plugin (draft-07). */
export const openViduOptionsSchema = {
  type: 'object',
  properties: {
    /**
     * Base URL of the OpenVidu 2.x deployment. Only scheme, host and port are used (the REST API
     * always lives under `/openvidu/api`).
     * @example "https://openvidu.example.org"
     */
    url: {
      type: 'string',
      pattern: '^https?://[^\\s/?#]+/?$',
      description: 'OpenVidu 2.x base URL: scheme, host and port only, e.g. https://openvidu.example.org',
    },
    /** The deployment's `OPENVIDU_SECRET`, usually `${OPENVIDU_SECRET}` in the config. */
    secret: {
      type: 'string',
      minLength: 1,
      'x-secret': true,
      description: 'OPENVIDU_SECRET of the deployment; put ${OPENVIDU_SECRET} here, never the value.',
    },
    /**
     * Public base URL of the join page served by the reply proxy. Links are
     * `<joinPageUrl>#<token>`: the token travels in the fragment, which browsers never send to a server.
     * @example "https://proxy.example.org/join"
     */
    joinPageUrl: {
      type: 'string',
      pattern: '^https?://[^\\s?#]+$',
      description: 'Public URL of the join page served by the reply proxy (no query or fragment), e.g. https://proxy.example.org/join',
    },
    /**
     * The clinic's texting number (E.164). When set, the patient's join page shows "Invite
     * someone", which opens a text of GUEST to this number: the host answers with a guest link.
     * It rides in the patient link's query (`?invite=<digits>`): the clinic's public number only.
     * @example "+61480000000"
     */
    guestInviteNumber: {
      type: 'string',
      pattern: '^\\+[1-9][0-9]{6,14}$',
      'x-message': "must be the clinic's texting number in E.164 form, e.g. +61480000000",
      description: 'The clinic\'s texting number (E.164): the patient\'s join page offers "Invite someone" (a text of GUEST to it).',
    },
    /** `ROUTED` sends media through the media server (needed for recording); `RELAYED` tries peer to peer. @default "ROUTED" */
    mediaMode: {
      type: 'string',
      enum: ['ROUTED', 'RELAYED'],
      default: 'ROUTED',
      description: 'ROUTED (through the media server, needed for recording) or RELAYED (peer to peer).',
    },
    /** Links keep working this many minutes after the appointment's end, then the room is closed. @default 30 */
    graceMinutes: {
      type: 'integer',
      minimum: 0,
      maximum: 1440,
      default: 30,
      description: 'Minutes after the appointment end before the links stop working.',
    },
    /** Record every consult (OpenVidu `recordingMode: ALWAYS`). Needs `mediaMode: ROUTED` and the clinic's consent policy. @default false */
    record: {
      type: 'boolean',
      default: false,
      description: 'Record every consult (off unless the clinic has consent to record).',
    },
    /** Give up on one OpenVidu request after this many milliseconds. @default 15000 */
    timeoutMs: {
      type: 'integer',
      minimum: 500,
      maximum: 120_000,
      default: 15_000,
      description: 'Per-request timeout in milliseconds.',
    },
    /** Attempts after the first for network failures and 5xx, within one call. @default 2 */
    retries: {
      type: 'integer',
      minimum: 0,
      maximum: 10,
      default: 2,
      description: 'Retries of one call after network failures and 5xx answers.',
    },
  },
  required: ['url', 'secret', 'joinPageUrl'],
  // OpenVidu records only what passes through its media server.
  if: { properties: { record: { const: true } }, required: ['record'] },
  then: { properties: { mediaMode: { const: 'ROUTED' } } },
  additionalProperties: false,
} as const satisfies JsonSchema;

/** Validated, defaulted options of the `video-openvidu` plugin. */
export type OpenViduOptions = OptionsFromSchema<typeof openViduOptionsSchema>;
