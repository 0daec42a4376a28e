import type { JsonSchema } from '@clinic-arrivals/plugin-kit';

/** Options of the `inbox-simulator` plugin. */
export interface InboxSimulatorOptions {
  /**
   * A message handed out but not acknowledged is offered again after this many seconds
   * (and at once to a new `messages()` call).
   * @default 30
   */
  redeliverAfterSeconds?: number;
}

/** Options schema of the `inbox-simulator` plugin. */
export const inboxSimulatorOptionsSchema: JsonSchema = {
  type: 'object',
  properties: {
    redeliverAfterSeconds: {
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 86400,
      default: 30,
      description: 'Seconds before an unacknowledged message is offered again.',
    },
  },
  additionalProperties: false,
};
