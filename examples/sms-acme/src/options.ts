import type { JsonSchema } from '@clinic-arrivals/plugin-kit';

/** Options of the `sms-acme` plugin. */
export interface AcmeSmsOptions {
  /** Base URL of the Acme SMS API. @default https://api.acme-sms.example */
  baseUrl?: string;
  /** API key, sent as a bearer token. Secret. */
  apiKey: string;
  /** The clinic's sender number in E.164. @example +61400000000 */
  from: string;
}

export const acmeSmsOptionsSchema: JsonSchema = {
  type: 'object',
  properties: {
    baseUrl: { type: 'string', format: 'uri', default: 'https://api.acme-sms.example' },
    apiKey: { type: 'string', minLength: 1, 'x-secret': true },
    from: { type: 'string', pattern: '^\\+[1-9][0-9]{6,14}$' },
  },
  required: ['apiKey', 'from'],
  additionalProperties: false,
};
