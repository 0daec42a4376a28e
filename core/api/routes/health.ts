import { okReply } from '../response-schemas.js';
import type { RouteModule } from './route-module.js';

/** Liveness: answers while the process serves HTTP. Needs no token (for load balancers, scripts). */
export const healthRoutes: RouteModule = (app) => {
  app.get('/api/health', { schema: { summary: 'liveness check (no token needed)', response: { 200: okReply } } }, async () => ({ ok: true }));
};
