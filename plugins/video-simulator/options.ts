import type { JsonSchema } from '@clinic-arrivals/plugin-kit';

/** Options of the `video-simulator` plugin. */
export interface VideoSimulatorOptions {
  /**
   * Base of the simulated join links: `<baseUrl>/join/<room>#p=<token>` (patient) and
   * `#d=<token>` (practitioner).
   * @default "http://127.0.0.1/sim-video"
   * @example "http://127.0.0.1:7171/sim-video"
   */
  baseUrl?: string;
}

export const DEFAULT_VIDEO_SIMULATOR_BASE_URL = 'http://127.0.0.1/sim-video';

/** Options schema of the `video-simulator` plugin. */
export const videoSimulatorOptionsSchema: JsonSchema = {
  type: 'object',
  properties: {
    baseUrl: {
      type: 'string',
      pattern: '^https?://[^\\s#?]+$',
      default: DEFAULT_VIDEO_SIMULATOR_BASE_URL,
      description: 'Base URL of the simulated join links (no query or fragment).',
    },
  },
  additionalProperties: false,
};
