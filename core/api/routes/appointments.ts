import { recordActivity } from '../activity-recorder.js';
import { cancelReply } from '../response-schemas.js';
import { decidedByBody, idParams } from '../schemas.js';
import { appointmentStateView, list } from '../views.js';
import { todayResponseSchema } from './appointment-schema.js';
import type { RouteModule } from './route-module.js';
import { waitOf } from './running-late.js';

/** Today's and the coming days' appointments with their workflow state, in words and clinic time, for reception. */
export const appointmentRoutes: RouteModule = (app, control) => {
  app.get(
    '/api/appointments/today',
    { schema: { summary: "today's appointments: workflow state in words, last text, next step, confirm state, wait estimate", response: todayResponseSchema } },
    async () => list((await control.todaysAppointments()).map(appointmentStateView)),
  );

  app.get(
    '/api/appointments/coming',
    { schema: { summary: "the coming days' appointments (as last read): state, last text, confirm state", response: todayResponseSchema } },
    async () => list((await waitOf(control).comingAppointments()).map(appointmentStateView)),
  );

  app.post<{ Params: { id: string }; Body: { by?: string } | null }>(
    '/api/appointments/:id/cancel',
    {
      schema: {
        summary: 'cancel an appointment whose patient replied NO (waiting for reception): 409 otherwise',
        params: idParams,
        body: decidedByBody,
        response: { 200: cancelReply },
      },
      // No body at all is the usual click.
      preValidation: async (request: { body: unknown }) => {
        request.body ??= {};
      },
    },
    async (request) => {
      const { id } = request.params;
      const wait = waitOf(control);
      const outcome = await wait.cancelForPatient(id);
      await recordActivity(request, 'appointment-cancel', { appointmentId: id }, request.body?.by);
      // The pass cancels it in the PMS and texts the Cancellation now rather than at the next poll.
      await wait.nudge(outcome.today);
      return { ok: true as const, closedTexts: outcome.closedTexts };
    },
  );
};
