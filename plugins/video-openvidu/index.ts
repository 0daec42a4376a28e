import { definePlugin } from '@clinic-arrivals/plugin-kit';
import { OpenViduApi } from './openvidu-api.js';
import { OpenViduVideoProvider } from './openvidu-video-provider.js';
import { openViduOptionsSchema } from './options.js';

export { OpenViduApi, translateError, type OpenViduApiOptions } from './openvidu-api.js';
export { OpenViduVideoProvider, linkExpiry, newRoomId, partyData, type OpenViduProviderDeps, type PartyRole } from './openvidu-video-provider.js';
export { GUEST_LINK_MARKER, guestJoinLink, joinLink, tokenFromJoinLink } from './links.js';
export { guestData } from './openvidu-guests.js';
export { grantKey, type GuestRecord } from './guest-book.js';
export { openViduOptionsSchema, type OpenViduOptions } from './options.js';
export { PLUGIN_ID, type RoomRecord } from './room-book.js';

/**
 * Video consults on an OpenVidu 2.x server. Links open the join page the reply proxy serves
 * (see join-page/index.ts) with the connection token in the URL fragment.
 *
 * @example
 * video:
 *   use: video-openvidu
 *   options:
 *     url: ${OPENVIDU_URL}
 *     secret: ${OPENVIDU_SECRET}
 *     joinPageUrl: https://proxy.example.org/join
 */
export default definePlugin({
  manifest: {
    id: 'video-openvidu',
    role: 'video',
    hostApi: '^2',
    description: 'Video consults on OpenVidu 2.x: one random session per appointment, patient, practitioner and guest links, join detection',
  },
  optionsSchema: openViduOptionsSchema,
  create(options, ctx) {
    const api = new OpenViduApi(options);
    const provider = new OpenViduVideoProvider({ api, state: ctx.state, clock: ctx.clock, logger: ctx.logger, options });
    return {
      service: provider,
      start: () => provider.start(),
      stop: () => provider.stop(),
      checkHealth: () => provider.checkHealth(),
    };
  },
});
