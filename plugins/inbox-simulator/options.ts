import type { JsonSchema, OptionsFromSchema } from '@clinic-arrivals/plugin-kit';

/** Options schema of the `inbox-simulator` plugin. */
export const inboxSimulatorOptionsSchema = {
  type: 'object',
  properties: {
    /**
     * A message handed out but not acknowledged is offered again after this many seconds
     * (and at once to a new `messages()` call).
     * @default 30
     */
    redeliverAfterSeconds: {
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 86400,
      default: 30,
      description: 'Seconds before an unacknowledged message is offered again.',
    },
  },
  additionalProperties: false,
} as const satisfies JsonSchema;

/** Validated, defaulted options of the `inbox-simulator` plugin. */
export type InboxSimulatorOptions = OptionsFromSchema<typeof inboxSimulatorOptionsSchema>;
