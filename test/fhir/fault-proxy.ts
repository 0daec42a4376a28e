/**
 * A small HTTP proxy between a client and a test server that injects faults into chosen
 * requests: drop the connection, delay, answer 5xx/429 (with an OperationOutcome and
 * optional Retry-After), answer 200 with a body that is not JSON, or lose the server's answer.
 * The Host header is passed through, so the server's links point back at the proxy.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { kind: 'drop' }
  | { kind: 'delay'; ms: number }
  /**
   * Answers `status` with an OperationOutcome: one `transient` issue carrying `text`, or the
   * `issues` given (as a PMS would send them, diagnostics and all).
   */
  | { kind: 'status'; status: number; text?: string; retryAfterSeconds?: number; issues?: Array<Record<string, unknown>> }
  /** 200 with an HTML page, or (`json`) with JSON that is not FHIR. */
  | { kind: 'garbage'; json?: boolean }
  /** Forwards the request, lets the server answer, then drops the connection: the write landed, the answer is lost. */
  | { kind: 'lose-answer' };

export interface FaultProxy {
  /** The target's URL with the proxy's host and port (paths unchanged). */
  readonly url: string;
  /** Requests that reached the proxy, faulted or not. */
  readonly seen: Array<{ method: string; url: string; fault?: Fault['kind'] }>;
  /** Applies `fault` to the next `times` requests that `match` (default: every request). */
  failNext(fault: Fault, times?: number, match?: (method: string, url: string) => boolean): void;
  /** Forgets queued faults. */
  clear(): void;
  close(): Promise<void>;
}

interface Queued {
  fault: Fault;
  left: number;
  match: (method: string, url: string) => boolean;
}

/** Starts a proxy on 127.0.0.1 (free port) in front of `targetBaseUrl`. */
export async function startFaultProxy(targetBaseUrl: string): Promise<FaultProxy> {
  const target = new URL(targetBaseUrl);
  const queue: Queued[] = [];
  const seen: FaultProxy['seen'] = [];
  const timers = new Set<NodeJS.Timeout>();

  const server = http.createServer((req, res) => {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const queued = queue.find((q) => q.left > 0 && q.match(method, url));
    if (queued) queued.left -= 1;
    const fault = queued?.fault;
    seen.push({ method, url, fault: fault?.kind });
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      const body = JSON.stringify({
        resourceType: 'OperationOutcome',
        issue: fault.issues ?? [{ severity: 'error', code: 'transient', details: { text: fault.text ?? 'Injected failure' } }],
      });
      const headers: Record<string, string> = { 'content-type': 'application/fhir+json' };
      if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
      res.writeHead(fault.status, headers).end(body);
      return;
    }
    if (fault?.kind === 'garbage') {
      if (fault.json) res.writeHead(200, { 'content-type': 'application/json' }).end('{"message":"upstream busy"}');
      else res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Gateway says hello</body></html>');
      return;
    }
    const forward = () => {
      const upstream = http.request({ host: target.hostname, port: target.port, method, path: url, headers: req.headers }, (answer) => {
        if (fault?.kind === 'lose-answer') {
          answer.resume();
          answer.on('end', () => req.socket.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    };
    if (fault?.kind === 'delay') {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) forward();
      }, fault.ms);
      timers.add(timer);
    } else {
      forward();
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxyUrl = new URL(targetBaseUrl);
  proxyUrl.host = `127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: proxyUrl.toString().replace(/\/$/, ''),
    seen,
    failNext(fault, times = 1, match = () => true) {
      queue.push({ fault, left: times, match });
    },
    clear() {
      queue.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
