import type { ActivityEntry } from '../../store/store.js';
import { isoTime, list } from '../views.js';
import type { RouteModule } from './route-module.js';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

const activityQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT } },
} as const;

function activityView(entry: ActivityEntry) {
  return { id: entry.id, at: isoTime(entry.at), actor: entry.actor, action: entry.action, ...(entry.detail ? { detail: entry.detail } : {}) };
}

/** The activity log: who did what and when, newest first. */
export const activityRoutes: RouteModule = (app) => {
  app.get<{ Querystring: { limit?: number } }>(
    '/api/activity',
    { schema: { summary: 'staff actions, newest first (?limit=N)', querystring: activityQuery } },
    async (request) => list((await request.server.staffAuth.store.listActivity({ limit: request.query.limit ?? DEFAULT_LIMIT })).map(activityView)),
  );
};
