import { recordActivity } from '../activity-recorder.js';
import { okReply } from '../response-schemas.js';
import type { RouteModule } from './route-module.js';

/** Runs the today loop now (the dashboard's "refresh"); answers when the pass has finished. */
export const cycleRoutes: RouteModule = (app, control) => {
  app.post('/api/cycle', { schema: { summary: 'run the today loop now', response: { 200: okReply } } }, async (request) => {
    await control.runCycleNow();
    await recordActivity(request, 'run-cycle');
    return { ok: true };
  });
};
