import { definePlugin } from '@clinic-arrivals/plugin-kit';
import { videoSimulatorOptionsSchema } from './options.js';
import { VideoSimulator } from './video-simulator.js';
import { videoSimulatorRoutes } from './routes.js';

export { VideoSimulator } from './video-simulator.js';
export type { VideoSimulatorOptions } from './options.js';

/** Video rooms that only pretend, with patient joins triggered through the local API. */
export default definePlugin({
  manifest: {
    id: 'video-simulator',
    role: 'video',
    hostApi: '^2',
    description: 'Simulated video provider: random rooms kept in the local store, joins triggered through the local API',
  },
  optionsSchema: videoSimulatorOptionsSchema,
  create(options, ctx) {
    const video = new VideoSimulator(ctx.state, ctx.clock, options.baseUrl);
    return {
      service: video,
      routes: videoSimulatorRoutes(video),
      checkHealth: () => video.health(),
    };
  },
});
