import type { JsonSchema } from '@clinic-arrivals/plugin-kit';

/** Options of the `sms-simulator` plugin. */
export interface SmsSimulatorOptions {
  /**
   * Print every text to stderr as `[sms-simulator] to +61… : body` (the simulator's own
   * display, kept off stdout, which carries the JSON log).
   * @default true
   */
  print?: boolean;
}

/** Options schema of the `sms-simulator` plugin. */
export const smsSimulatorOptionsSchema: JsonSchema = {
  type: 'object',
  properties: {
    print: {
      type: 'boolean',
      default: true,
      description: 'Print each simulated text to stderr (not the log).',
    },
  },
  additionalProperties: false,
};
