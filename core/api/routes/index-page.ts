import type { FastifyInstance } from 'fastify';

interface RouteLine {
  method: string;
  url: string;
  summary: string;
}

/**
 * A plain-text list of the API's routes at `/api`, for a person who opens the URL in a browser
 * (the reception app lives at `/`).
 * Built from the routes as they are registered, so it cannot drift from them.
 */
export function registerIndexPage(app: FastifyInstance): void {
  const lines: RouteLine[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD' || route.url === '/api' || route.url === '/*' || route.schema?.hide) continue;
      const summary = (route.schema as { summary?: unknown } | undefined)?.summary;
      lines.push({ method, url: route.url, summary: typeof summary === 'string' ? summary : '' });
    }
  });

  app.get('/api', { schema: { hide: true } }, async (_request, reply) => {
    const sorted = [...lines].sort((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method));
    const width = Math.max(...sorted.map((line) => line.url.length));
    const body = [
      'clinic-arrivals local API',
      'JSON in and out; send "Authorization: Bearer <api.token>" when a token is configured.',
      'The OpenAPI document is at /api/openapi.json; the reception app at /.',
      '',
      ...sorted.map((line) => `${line.method.padEnd(7)}${line.url.padEnd(width + 2)}${line.summary}`.trimEnd()),
      '',
    ].join('\n');
    return reply.type('text/plain; charset=utf-8').send(body);
  });
}
