import type { PractitionerSettings } from '../../contracts/progress.js';
import { idParams } from '../schemas.js';
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

interface PractitionerPatchBody {
  room?: string | null;
  ignore?: boolean;
  noVideo?: boolean;
}

/** Practitioner settings: room text, ignore, no video. */
export const practitionerRoutes: RouteModule = (app, control) => {
  app.get('/api/practitioners', { schema: { summary: 'practitioners and their settings' } }, async () =>
    list(await control.listPractitioners()),
  );

  app.patch<{ Params: { id: string }; Body: PractitionerPatchBody }>(
    '/api/practitioners/:id',
    { schema: { summary: 'change room, ignore or noVideo', params: idParams, body: practitionerPatch } },
    async (request) => {
      const { room, ...flags } = request.body;
      const patch: Partial<Omit<PractitionerSettings, 'practitionerId'>> = { ...flags };
      if (room !== undefined) patch.room = room ?? undefined;
      const updated = await control.updatePractitioner(request.params.id, patch);
      await recordActivity(request, 'practitioner-change', { practitionerId: request.params.id, fields: Object.keys(request.body).sort().join(',') });
      return updated;
    },
  );
};
