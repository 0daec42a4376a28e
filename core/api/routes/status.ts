import { statusReply } from '../response-schemas.js';
import type { RouteModule } from './route-module.js';

/** The status page's data: plugins, loops, counts, recent errors. */
export const statusRoutes: RouteModule = (app, control) => {
  app.get('/api/status', { schema: { summary: 'host status: plugins, loops, counters', response: { 200: statusReply } } }, () => control.status());
};
