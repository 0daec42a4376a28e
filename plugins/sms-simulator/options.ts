import type { JsonSchema, OptionsFromSchema } from '@clinic-arrivals/plugin-kit';

/** Options schema of the `sms-simulator` plugin. */
export const smsSimulatorOptionsSchema = {
  type: 'object',
  properties: {
    /**
     * Print every text to stderr as `[sms-simulator] to +61… : body` (the simulator's own
     * display, kept off stdout, which carries the JSON log).
     * @default true
     */
    print: {
      type: 'boolean',
      default: true,
      description: 'Print each simulated text to stderr (not the log).',
    },
  },
  additionalProperties: false,
} as const satisfies JsonSchema;

/** Validated, defaulted options of the `sms-simulator` plugin. */
export type SmsSimulatorOptions = OptionsFromSchema<typeof smsSimulatorOptionsSchema>;
