import { ApiHttpError } from '../http-errors.js';
import { EventStreamHub } from './event-stream.js';
import type { RouteModule } from './route-module.js';

/**
 * `GET /api/events`: server-sent events telling the app what to refetch. Each event is
 * `event: change` with `data: {"topic": …, "id"?: …}` (ids only). The stream starts with a
 * `retry:` hint; a comment heartbeat follows every 15 s. Ids count up per host run, and
 * nothing is replayed: a client that reconnects refetches what it shows.
 */
export const eventRoutes: RouteModule = (app, control) => {
  const feed = control.events;
  const hub = feed ? new EventStreamHub(feed) : undefined;
  // Before the server closes: it waits for open requests, and a stream never ends by itself.
  if (hub) app.addHook('preClose', async () => hub.closeAll());

  app.get('/api/events', { schema: { summary: 'live change events (text/event-stream)' } }, async (request, reply) => {
    if (!hub) throw new ApiHttpError(404, 'live events are not available on this host');
    if (hub.full) throw new ApiHttpError(503, 'too many live event streams are open; close a tab and try again');
    reply.hijack();
    const response = reply.raw;
    // Hijacked replies skip the app's onSend hook: set its headers here.
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    request.raw.socket.setNoDelay(true);
    hub.add(response);
  });
};
