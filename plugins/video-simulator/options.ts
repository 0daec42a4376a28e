import type { JsonSchema, OptionsFromSchema } from '@clinic-arrivals/plugin-kit';

/** Options schema of the `video-simulator` plugin. */
export const videoSimulatorOptionsSchema = {
  type: 'object',
  properties: {
    /**
     * Base of the simulated join links: `<baseUrl>/join/<room>#p=<token>` (patient) and
     * `#d=<token>` (practitioner).
     * @default "http://127.0.0.1/sim-video"
     * @example "http://127.0.0.1:7171/sim-video"
     */
    baseUrl: {
      type: 'string',
      pattern: '^https?://[^\\s#?]+$',
      default: 'http://127.0.0.1/sim-video',
      description: 'Base URL of the simulated join links (no query or fragment).',
    },
  },
  additionalProperties: false,
} as const satisfies JsonSchema;

/** Validated, defaulted options of the `video-simulator` plugin. */
export type VideoSimulatorOptions = OptionsFromSchema<typeof videoSimulatorOptionsSchema>;
