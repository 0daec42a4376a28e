import type { FastifyInstance } from 'fastify';
import type { PluginRoute, PluginRouteHost } from '@clinic-arrivals/plugin-kit';
import { recordActivity } from './activity-recorder.js';

/** The routes one active plugin contributes. */
export interface PluginRouteSet {
  pluginId: string;
  routes: readonly PluginRoute[];
}

/*
 * A plugin owns `/api/plugins/<id>/`. The built-in simulators keep the `/api/simulator/` paths
 * the reception app's simulator screen and people's scripts already call.
 */
const SHARED_PREFIXES = ['/api/simulator/'];

/** Why a plugin may not use `path`, or undefined when it may. */
export function pluginRoutePathProblem(pluginId: string, path: string): string | undefined {
  const own = `/api/plugins/${pluginId}/`;
  if (path.startsWith(own) || SHARED_PREFIXES.some((prefix) => path.startsWith(prefix))) return undefined;
  return `plugin "${pluginId}" may add routes under ${own} only, not ${path}`;
}

/*
 * Staff actions through plugin routes share one activity action. The simulators are the only
 * plugins with routes so far, and the reception app's activity list already names this one.
 */
const PLUGIN_ACTIVITY = 'simulator';

/**
 * Mounts the plugins' routes on the API. They sit behind the app's hooks like every other
 * route (staff access, no-store, request log) because they are registered on the same
 * instance; their schemas validate requests and feed the OpenAPI document.
 * Throws, naming the plugin, for a path outside what the plugin may use.
 */
export function registerPluginRoutes(app: FastifyInstance, sets: readonly PluginRouteSet[]): void {
  for (const { pluginId, routes } of sets) {
    for (const route of routes) {
      const problem = pluginRoutePathProblem(pluginId, route.path);
      if (problem) throw new Error(problem);
      app.route({
        method: route.method,
        url: route.path,
        schema: route.schema,
        handler: async (request, reply) => {
          const host: PluginRouteHost = { recordActivity: (detail) => recordActivity(request, PLUGIN_ACTIVITY, detail) };
          const answer = await route.handler({ params: request.params, query: request.query, body: request.body }, host);
          return reply.code(answer.status ?? 200).send(answer.body);
        },
      });
    }
  }
}
