import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ConfigError, describeError, type Logger } from '@clinic-arrivals/plugin-kit';
import { isLoopbackHost } from './access.js';
import { buildFleetFrontApp } from './fleet-front-app.js';
import type { FleetView } from './fleet-view.js';
import { FORWARDED_HEADER, forwardToReplica } from './forward-to-replica.js';
import type { ApiServer } from './server.js';

/** Where and how the fleet host listens. */
export interface FleetApiServerOptions {
  /** Interface to bind. @default 127.0.0.1 */
  host?: string;
  /** TCP port; 0 picks a free one. */
  port: number;
  /**
   * The vendor admin's bearer token: needed for `GET /api/clinics` and `/metrics`. The runtime
   * builds every clinic's app with this same token as its `token`, so the vendor's requests to
   * `/c/<id>/…` are accepted by each clinic too, while a clinic's staff (sessions in that
   * clinic's store, cookie scoped to `/c/<id>/`) reach only their own clinic.
   * Required unless the server listens on a loopback address.
   */
  token?: string;
  logger: Logger;
  /** Folder of the built web app. @default dist/web of this package */
  webRoot?: string;
  /**
   * A request's headers and body must have arrived within this, however steadily bytes trickle
   * in; then it gets a 408 and its connection is closed. Answers (event streams) are not timed.
   * @default 30000
   */
  requestTimeoutMs?: number;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** How long close() lets answers in flight finish before it cuts the connections left (event streams never end). */
const CLOSE_GRACE_MS = 2_000;

/** `/c/<id>` and what follows; the id as clinic ids are spelt. */
const CLINIC_PATH = /^\/c\/([^/?#]*)(.*)$/s;
const CLINIC_ID = /^[a-z0-9-]{1,40}$/;

function urlOf(address: AddressInfo): string {
  const host = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

const CLIENT_ERRORS: Record<string, [status: number, reason: string, message: string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'the request (headers and body) was not received in time'],
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'the request headers are too large'],
};

/** Answers a request node could not read (too slow, malformed, headers too large) in the API's JSON shape, then closes. */
function onClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const [status, reason, message] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'Bad Request', 'the request could not be read'];
    const body = JSON.stringify({ error: message });
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * Starts the fleet host's HTTP server: every clinic's own app under `/c/<id>/` (its API, event
 * stream, web app, plugin routes and sign-in, exactly as a one-clinic host serves them at `/`),
 * and the fleet's routes at the root (core/api/fleet-front-app.ts). Clinics come and go while
 * it runs, so their apps are looked up per request and handed the request with the prefix
 * stripped, never registered up front.
 */
export async function createFleetApiServer(view: FleetView, options: FleetApiServerOptions): Promise<ApiServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token === '' ? undefined : options.token;
  if (token !== undefined && !/^[\x21-\x7e]+$/.test(token)) {
    throw new ConfigError('the fleet token must be printable ASCII without spaces', 'fleet.token');
  }
  if (token === undefined && !isLoopbackHost(host)) {
    throw new ConfigError(`a fleet host listening on ${host} needs a token: its clinic list and metrics are for the vendor only`, 'fleet.token');
  }
  const logger = options.logger.child({ component: 'fleet-api' });
  const front = buildFleetFrontApp(view, { token, logger, webRoot: options.webRoot });
  await front.ready();

  const toClinic = async (req: IncomingMessage, res: ServerResponse, id: string, rest: string) => {
    if (!CLINIC_ID.test(id)) return sendJson(res, 404, { error: 'no such clinic' });
    // The clinic's app addresses its files relative to `/c/<id>/`: the bare id needs its slash.
    if (rest === '' || rest.startsWith('?')) {
      res.writeHead(308, { location: `/c/${id}/${rest}`, 'content-length': '0' });
      return res.end();
    }
    let app;
    try {
      app = await view.clinicApp(id);
    } catch (error) {
      logger.error({ clinic: id, error: describeError(error) }, 'clinic app could not be found');
      return sendJson(res, 503, { error: `clinic ${id} cannot answer now; see GET /api/clinics` });
    }
    if (!app) {
      // Another replica may work it: pass the request there (once: never a forwarded one again).
      const owner = req.headers[FORWARDED_HEADER] === undefined ? await view.ownerUrl?.(id) : undefined;
      if (owner) return forwardToReplica(req, res, owner, logger);
      return sendJson(res, 404, { error: `no clinic ${id} here` });
    }
    req.url = rest;
    app.routing(req, res);
  };

  const requestMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const server = createServer(
    // Passed to createServer, not set afterwards: node 20 then enforces both deadlines as given.
    { requestTimeout: requestMs, headersTimeout: requestMs, connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(requestMs / 4))) },
    (req, res) => {
      const clinic = CLINIC_PATH.exec(req.url ?? '/');
      if (clinic) {
        toClinic(req, res, clinic[1]!, clinic[2]!).catch((error: unknown) => {
          logger.error({ error: describeError(error) }, 'fleet request failed');
          if (!res.headersSent) sendJson(res, 500, { error: 'internal error; see the host log' });
          else res.destroy();
        });
        return;
      }
      front.routing(req, res);
    },
  );
  server.on('clientError', onClientError);

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port: options.port }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await front.close();
    if ((error as { code?: string }).code === 'EADDRINUSE') {
      throw new ConfigError(`fleet port ${options.port} is already in use on ${host}`, 'fleet.port', { cause: error });
    }
    throw error;
  }
  const url = urlOf(server.address() as AddressInfo);
  logger.info({ url, tokenRequired: token !== undefined }, 'fleet API listening');

  let closing: Promise<void> | undefined;
  const close = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // Clinics' event streams stay open until their apps close, which the runtime does (or not) later.
    const grace = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
    await closed;
    clearTimeout(grace);
    await front.close();
    logger.debug('fleet API closed');
  };
  return { url, close: () => (closing ??= close()) };
}
