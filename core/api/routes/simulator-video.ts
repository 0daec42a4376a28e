import { notFound } from '../http-errors.js';
import { list } from '../views.js';
import { recordActivity } from '../activity-recorder.js';
import { okReply, simulatedRooms } from '../response-schemas.js';
import type { RouteModule } from './route-module.js';
import { activeSimulator } from './simulator-guard.js';

const roomParams = {
  type: 'object',
  additionalProperties: false,
  required: ['roomId'],
  properties: { roomId: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

/** video-simulator: rooms, and a button for "the patient joined". */
export const simulatorVideoRoutes: RouteModule = (app, control) => {
  app.get('/api/simulator/video/rooms', { schema: { summary: 'simulated video rooms', response: { 200: simulatedRooms } } }, async () =>
    list(await activeSimulator(control, 'video').rooms()),
  );

  app.post<{ Params: { roomId: string } }>(
    '/api/simulator/video/:roomId/join',
    { schema: { summary: 'simulate the patient joining a room', params: roomParams, response: { 200: okReply } } },
    async (request) => {
      const video = activeSimulator(control, 'video');
      const exists = (await video.rooms()).some((room) => room.roomId === request.params.roomId);
      if (!exists) throw notFound(`no simulated video room "${request.params.roomId}"`);
      await video.simulatePatientJoin(request.params.roomId);
      await recordActivity(request, 'simulator', { what: 'patient-join', roomId: request.params.roomId });
      return { ok: true };
    },
  );
};
