import { createTestContext, describeVideoProviderContract, resolvePluginOptions } from '@clinic-arrivals/plugin-kit/testing';
import plugin from './index.js';
import { jitsiFixture } from './test-support.js';

// The public service: no JWT, no room-size endpoint; so no role links, expiry or join detection.
describeVideoProviderContract({
  name: 'video-jitsi (public meet.jit.si)',
  collisionRooms: 10_000,
  setup: async () => {
    const ctx = createTestContext();
    const provider = plugin.create(resolvePluginOptions(plugin, {}), ctx).service;
    return { provider, teardown: () => ctx.close() };
  },
});

/*
 * A JWT-secured deployment with mod_muc_size and `joinDetection: any-occupant`. The harness
 * offers no simulateOtherJoin on purpose: the room-size endpoint counts occupants, so a
 * practitioner alone in the room *would* count as the patient. That limit is the documented
 * reason the mode is opt-in; jitsi-video-provider.test.ts shows it explicitly.
 */
describeVideoProviderContract({
  name: 'video-jitsi (JWT + room-size, any-occupant)',
  setup: async () => {
    const f = await jitsiFixture();
    return {
      provider: f.provider,
      simulatePatientJoin: async (room) => void f.jitsi.joinWithLink(room.patientLink),
      simulateGuestJoin: async (_room, guest) => void f.jitsi.joinWithLink(guest.link),
      teardown: () => f.close(),
    };
  },
});
