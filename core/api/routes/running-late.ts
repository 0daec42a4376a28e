import { NotFoundError } from '@clinic-arrivals/plugin-kit';
import { recordActivity } from '../activity-recorder.js';
import type { HostControl, WaitControl } from '../host-api.js';
import { lateTextsBody, practitionerQueueReply, queuesReply, runningLateBody } from '../response-schemas.js';
import { practitionerIdParams } from '../schemas.js';
import { list, practitionerQueueView } from '../views.js';
import type { RouteModule } from './route-module.js';

/** The longest "running late by" reception can set (four hours). */
export const MAX_LATE_MINUTES = 240;

/** The host's wait control, or 404 on a host without one. */
export function waitOf(control: HostControl): WaitControl {
  if (!control.wait) throw new NotFoundError('this host keeps no wait estimate');
  return control.wait;
}

/**
 * Each practitioner's queue today (the wait estimate), and reception's two controls over it:
 * "running late by N minutes" and muting running-late texts, each for the clinic day only.
 */
export const runningLateRoutes: RouteModule = (app, control) => {
  app.get(
    '/api/practitioners/queues',
    {
      schema: {
        summary: "today's queue per practitioner: delay, consult median, waiting patients' estimates (ids only)",
        response: { 200: queuesReply },
      },
    },
    async () => list((await waitOf(control).queues()).map(practitionerQueueView)),
  );

  app.put<{ Params: { id: string }; Body: { minutes: number | null } }>(
    '/api/practitioners/:id/running-late',
    {
      schema: {
        summary: 'set (minutes 0–240) or clear (null) "running late by N minutes" for today',
        params: practitionerIdParams,
        body: runningLateBody,
        response: { 200: practitionerQueueReply },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { minutes } = request.body;
      const queue = await waitOf(control).setRunningLate(id, minutes);
      await recordActivity(request, 'running-late', minutes === null ? { practitionerId: id, cleared: true } : { practitionerId: id, minutes });
      return practitionerQueueView(queue);
    },
  );

  app.put<{ Params: { id: string }; Body: { muted: boolean } }>(
    '/api/practitioners/:id/late-texts',
    {
      schema: {
        summary: "mute (or unmute) a practitioner's running-late texts for today",
        params: practitionerIdParams,
        body: lateTextsBody,
        response: { 200: practitionerQueueReply },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { muted } = request.body;
      const queue = await waitOf(control).setLateTextsMuted(id, muted);
      await recordActivity(request, 'late-texts', { practitionerId: id, muted });
      return practitionerQueueView(queue);
    },
  );
};
