import type { PluginRouteSet } from '../api/plugin-routes.js';

/**
 * The few lines printed to standard error when the host is up: where the API is, and the
 * routes active plugins added (the simulators' screens), as curl commands for the GETs. Not
 * the log: people read this, so it stays out of the JSON lines on standard output (the
 * `local API listening` line has the URL).
 */
export function startupBanner(options: { clinicName: string; apiUrl: string; tokenRequired: boolean; pluginRoutes: readonly PluginRouteSet[] }): string {
  const { apiUrl } = options;
  const auth = options.tokenRequired ? ` -H "authorization: Bearer $CLINIC_ARRIVALS_API_TOKEN"` : '';
  const lines = [
    `clinic-arrivals is running for ${options.clinicName}.`,
    `  Reception app: ${apiUrl}/   (open it in a browser on this computer)`,
    `  Local API: ${apiUrl}   (routes: ${apiUrl}/api; status: curl -s${auth} ${apiUrl}/api/status)`,
  ];
  for (const { pluginId, routes } of options.pluginRoutes) {
    for (const route of routes) {
      if (route.path.includes(':')) continue;
      const command = route.method === 'GET' ? `curl -s${auth} ${apiUrl}${route.path}` : `${route.method} ${apiUrl}${route.path}`;
      lines.push(`  ${route.schema.summary} [${pluginId}]: ${command}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
