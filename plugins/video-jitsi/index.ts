import { definePlugin } from '@clinic-arrivals/plugin-kit';
import { JitsiVideoProvider } from './jitsi-video-provider.js';
import { jitsiVideoOptionsSchema } from './options.js';

export { JitsiVideoProvider, type JitsiVideoDependencies } from './jitsi-video-provider.js';
export type { JitsiVideoOptions, JitsiLinkHints, JitsiJoinDetection } from './options.js';

/** Jitsi Meet video rooms: random 130-bit room names, optional JWT role links, optional join detection via mod_muc_size. */
export default definePlugin({
  manifest: {
    id: 'video-jitsi',
    role: 'video',
    hostApi: '^2',
    description: 'Jitsi Meet rooms (public meet.jit.si or a self-hosted deployment, optionally JWT-secured)',
  },
  optionsSchema: jitsiVideoOptionsSchema,
  create(options, ctx) {
    const video = new JitsiVideoProvider(options, {
      state: ctx.state,
      clock: ctx.clock,
      logger: ctx.logger,
    });
    return {
      service: video,
      start: async () => {
        await video.sweep();
      },
      checkHealth: () => video.health(),
    };
  },
});
