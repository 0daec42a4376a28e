import type { PluginRouteSet } from '../api/plugin-routes.js';

/**
 * The few lines printed to standard error when the host is up: where the API is, and the
 * reads that active plugins added (the simulators' lists), as curl commands. Not
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
      // Reads only, ready to paste; the rest are listed at /api.
      if (route.method !== 'GET' || route.path.includes(':')) continue;
      lines.push(`  ${route.schema.summary} [${pluginId}]: curl -s${auth} ${apiUrl}${route.path}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
