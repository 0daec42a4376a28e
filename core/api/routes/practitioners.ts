import type { PractitionerPatch } from '../host-api.js';
import { practitionerIdParams } from '../schemas.js';
import { list } from '../views.js';
import { recordActivity } from '../activity-recorder.js';
import type { RouteModule } from './route-module.js';

const practitionerPatch = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    /** `null` clears the room. */
    room: { type: ['string', 'null'], minLength: 1, maxLength: 60 },
    ignore: { type: 'boolean' },
    noVideo: { type: 'boolean' },
  },
} as const;

const practitionerView = {
  type: 'object',
  required: ['practitionerId', 'seen'],
  properties: {
    practitionerId: { type: 'string' },
    /** As the PMS last gave it; absent until a poll has seen the practitioner. */
    name: { type: 'string' },
    room: { type: 'string' },
    ignore: { type: 'boolean' },
    noVideo: { type: 'boolean' },
    /** False for a practitioner set in the config or the app that no poll has seen yet. */
    seen: { type: 'boolean' },
  },
} as const;

/** Practitioner settings: room text, ignore, no video; by id, before or after a poll first sees them. */
export const practitionerRoutes: RouteModule = (app, control) => {
  app.get(
    '/api/practitioners',
    {
      schema: {
        summary: 'practitioners and their settings in effect (config, then app changes), seen or not',
        response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: practitionerView } } } },
      },
    },
    async () => list(await control.listPractitioners()),
  );

  app.patch<{ Params: { id: string }; Body: PractitionerPatch }>(
    '/api/practitioners/:id',
    {
      schema: {
        summary: 'change room, ignore or noVideo (an id not seen yet is created)',
        params: practitionerIdParams,
        body: practitionerPatch,
        response: { 200: practitionerView },
      },
    },
    async (request) => {
      const updated = await control.updatePractitioner(request.params.id, request.body);
      await recordActivity(request, 'practitioner-change', { practitionerId: request.params.id, fields: Object.keys(request.body).sort().join(',') });
      return updated;
    },
  );
};
