import type { JsonSchema, OptionsFromSchema } from '@clinic-arrivals/plugin-kit';

/** Options of the `sms-acme` plugin: the schema is the one source of their type and defaults. */
export const acmeSmsOptionsSchema = {
  type: 'object',
  properties: {
    /** Base URL of the Acme SMS API. */
    baseUrl: { type: 'string', format: 'uri', default: 'https://api.acme-sms.example' },
    /** API key, sent as a bearer token. */
    apiKey: { type: 'string', minLength: 1, 'x-secret': true },
    /** The clinic's sender number in E.164, e.g. +61400000000. */
    from: { type: 'string', pattern: '^\\+[1-9][0-9]{6,14}$' },
  },
  required: ['apiKey', 'from'],
  additionalProperties: false,
} as const satisfies JsonSchema;

/** `baseUrl` is not optional here: the host fills in its default before `create()`. */
export type AcmeSmsOptions = OptionsFromSchema<typeof acmeSmsOptionsSchema>;
