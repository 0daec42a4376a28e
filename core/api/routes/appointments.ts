import { appointmentStateView, list } from '../views.js';
import { listOf, todayItem } from '../response-schemas.js';
import type { RouteModule } from './route-module.js';

/** Today's appointments with their workflow state. */
export const appointmentRoutes: RouteModule = (app, control) => {
  app.get('/api/appointments/today', { schema: { summary: "today's appointments and workflow state", response: { 200: listOf(todayItem) } } }, async () =>
    list((await control.todaysAppointments()).map(appointmentStateView)),
  );
};
