import { appointmentStateView, list } from '../views.js';
import { todayResponseSchema } from './appointment-schema.js';
import type { RouteModule } from './route-module.js';

/** Today's appointments with their workflow state, in words and clinic time, for reception. */
export const appointmentRoutes: RouteModule = (app, control) => {
  app.get(
    '/api/appointments/today',
    { schema: { summary: "today's appointments: workflow state in words, last text, next step", response: todayResponseSchema } },
    async () => list((await control.todaysAppointments()).map(appointmentStateView)),
  );
};
