import { NotFoundError, pluginRoute, type PluginRoute } from '@clinic-arrivals/plugin-kit';
import type { VideoSimulator } from './video-simulator.js';

const roomParams = {
  type: 'object',
  additionalProperties: false,
  required: ['roomId'],
  properties: { roomId: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

const rooms = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: { roomId: { type: 'string' }, closed: { type: 'boolean' }, patientJoined: { type: 'boolean' } },
        required: ['roomId', 'closed', 'patientJoined'],
      },
    },
  },
  required: ['items'],
} as const;

const guestJoinBody = {
  type: 'object',
  additionalProperties: false,
  required: ['grantId'],
  properties: { grantId: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

const okReply = { type: 'object', properties: { ok: { type: 'boolean', const: true } }, required: ['ok'] } as const;

/** Rooms, and buttons for "the patient joined" and "a guest joined". */
export function videoSimulatorRoutes(video: VideoSimulator): PluginRoute[] {
  return [
    pluginRoute({
      method: 'GET',
      path: '/api/simulator/video/rooms',
      schema: { summary: 'simulated video rooms', response: { 200: rooms } },
      handler: async () => ({ body: { items: await video.rooms() } }),
    }),
    pluginRoute<unknown, { roomId: string }>({
      method: 'POST',
      path: '/api/simulator/video/:roomId/join',
      schema: { summary: 'simulate the patient joining a room', params: roomParams, response: { 200: okReply } },
      handler: async (request, host) => {
        const { roomId } = request.params;
        const exists = (await video.rooms()).some((room) => room.roomId === roomId);
        if (!exists) throw new NotFoundError(`no simulated video room "${roomId}"`);
        await video.simulatePatientJoin(roomId);
        await host.recordActivity({ what: 'patient-join', roomId });
        return { body: { ok: true } };
      },
    }),
    pluginRoute<{ grantId: string }, { roomId: string }>({
      method: 'POST',
      path: '/api/simulator/video/:roomId/guest-join',
      schema: {
        summary: 'simulate a guest opening their link (never counts as the patient joining)',
        params: roomParams,
        body: guestJoinBody,
        response: { 200: okReply },
      },
      handler: async (request, host) => {
        const { roomId } = request.params;
        await video.simulateGuestJoin(roomId, request.body.grantId);
        await host.recordActivity({ what: 'guest-join', roomId, grantId: request.body.grantId });
        return { body: { ok: true } };
      },
    }),
  ];
}
