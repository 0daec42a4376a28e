import type { Server, ServerOptions, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ProxyConfig } from './config.js';
import type { ProxyMetrics } from './metrics.js';

/*
 * What a slow or greedy client can hold: a deadline for receiving each request, and caps on
 * open connections. Node enforces the deadline itself, but only when it is passed to
 * createServer(): on Node 20, setting `server.requestTimeout` afterwards leaves
 * `headersTimeout` at its 60 s default, node swaps the two when headersTimeout is the larger,
 * and the connection check runs every 30 s, so a body trickling in a byte at a time stayed
 * connected for 60 to 90 s whatever `requestSeconds` said.
 */

/** How often node looks for expired requests: the deadline is kept to within this. */
export function connectionsCheckingIntervalMs(requestMs: number): number {
  return Math.max(100, Math.min(1000, Math.floor(requestMs / 4)));
}

/**
 * createServer() options for the whole-request deadline: a request's headers and body must
 * have arrived within `timeouts.requestSeconds` of its first byte, however steadily bytes
 * trickle in (node times from the start of each request, keep-alive ones included). Past
 * it, the clientError handler answers 408 and closes the connection. Once a request has been
 * received in full it is no longer timed, so streams and long polls (long responses) are
 * not cut.
 */
export function requestDeadlineOptions(config: ProxyConfig): ServerOptions {
  const requestMs = config.timeouts.requestSeconds * 1000;
  return {
    requestTimeout: requestMs,
    // The headers are part of the request: the same deadline (never more than requestTimeout).
    headersTimeout: requestMs,
    connectionsCheckingInterval: connectionsCheckingIntervalMs(requestMs),
  };
}

/**
 * Caps open connections: `maxTotal` for the server (node closes the extra ones on arrival)
 * and `maxPerAddress` per socket peer address, counted here. A refused connection is closed
 * before a byte is read. The address is the socket's, never X-Forwarded-For (a header
 * cannot be read before the connection is accepted); behind a balancer it is the balancer's.
 * Memory: one map entry per address with an open connection.
 */
export function capConnections(server: Server, limits: ProxyConfig['connections'], metrics: Pick<ProxyMetrics, 'connectionsRefused'>): void {
  server.maxConnections = limits.maxTotal;
  server.on('drop', () => metrics.connectionsRefused.inc({ reason: 'total' }));
  const open = new Map<string, number>();
  // Before node's own listener, which would start parsing the connection.
  server.prependListener('connection', (socket: Socket) => {
    const address = socket.remoteAddress;
    if (address === undefined) return; // the peer is already gone
    const count = open.get(address) ?? 0;
    if (count >= limits.maxPerAddress) {
      metrics.connectionsRefused.inc({ reason: 'address' });
      socket.destroy();
      return;
    }
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}

const CLIENT_ERRORS: Record<string, [status: number, reason: string, error: string, message: string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'request_timeout', 'the request (headers and body) was not received in time'],
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'headers_too_large', 'the request headers are too large'],
};
const BAD_REQUEST: [number, string, string, string] = [400, 'Bad Request', 'bad_request', 'the request could not be read'];

/**
 * Fastify's `clientErrorHandler` (errors before a request reaches a route: the request
 * deadline, unparsable HTTP): answers in the proxy's `{ error, message }` shape when nothing
 * of a response has been sent on the connection yet (as node itself does, so a response
 * already under way is never corrupted), then closes the connection.
 */
export function clientErrorHandler(metrics: Pick<ProxyMetrics, 'requestTimeouts'>) {
  return (error: NodeJS.ErrnoException, socket: Socket): void => {
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') metrics.requestTimeouts.inc();
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    // Node's own field: the response being written on this connection, if any.
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (socket.writable && !inFlight?.headersSent) {
      const [status, reason, code, message] = CLIENT_ERRORS[error.code ?? ''] ?? BAD_REQUEST;
      const body = JSON.stringify({ error: code, message });
      socket.write(
        `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}
