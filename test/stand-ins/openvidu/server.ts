import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  CUSTOM_SESSION_ID,
  MEDIA_MODES,
  newConnectionId,
  newSessionId,
  newToken,
  RECORDING_MODES,
  ROLES,
  connectionJson,
  sessionJson,
  type StandInConnection,
  type StandInSession,
} from './model.js';
import { evict, serveRpc } from './rpc.js';
import { acceptWebSocket, type MiniWebSocket } from './websocket.js';

/** Which REST operation a request is. */
export type OpenViduOperation =
  'list-sessions' | 'create-session' | 'fetch-session' | 'close-session' | 'create-connection' | 'list-connections' | 'fetch-connection' | 'close-connection';

/** One request as the stand-in received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  operation?: OpenViduOperation;
  /** Parsed JSON body, if any. */
  body?: unknown;
  authenticated: boolean;
}

/** `drop` closes the socket without answering (a network failure); a number answers with that status. */
export type StandInFailure = 'drop' | number;

/** A failure waiting for the next matching request(s). */
export interface QueuedFailure {
  on: OpenViduOperation | 'any';
  remaining: number;
  failure: StandInFailure;
}

const API = '/openvidu/api';
const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The HTTP side of the stand-in: Basic auth, routing, queued faults. State lives in `sessions`. */
export class OpenViduStandInServer {
  readonly sessions = new Map<string, StandInSession>();
  readonly requests: RecordedRequest[] = [];
  readonly failures: QueuedFailure[] = [];
  /** Public WebSocket URL written into tokens; set by `listen` unless given. */
  publicUrl = '';
  private readonly server: Server;

  constructor(
    private readonly secret: string,
    private readonly now: () => number,
  ) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendError(res, 500, `stand-in failure: ${String(error)}`, req.url ?? '');
      });
    });
    // Browsers holding a token connect to `<publicUrl>/openvidu` for JSON-RPC.
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
      this.upgraded.add(socket);
      socket.on('close', () => this.upgraded.delete(socket));
      if (new URL(req.url ?? '/', 'http://stand-in').pathname !== '/openvidu') return void socket.destroy();
      const ws = acceptWebSocket(req, socket);
      if (ws) serveRpc(ws, this.sessions, this.now, this.live);
    });
  }

  private readonly upgraded = new Set<Duplex>();
  /** Browsers joined over the WebSocket, by connection: evicted when their connection is deleted. */
  private readonly live = new Map<StandInConnection, MiniWebSocket>();

  /** Listens on an ephemeral port. Tokens name `publicUrl`, by default this server as `wss://` (or `ws://`). */
  async listen(host: string, publicUrl?: string, webSocketScheme: 'ws' | 'wss' = 'wss'): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, host, () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.publicUrl = publicUrl ?? `${webSocketScheme}://${host}:${port}`;
    return `http://${host}:${port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.upgraded) socket.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw && (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(raw) : undefined;
    } catch {
      body = Symbol.for('invalid-json');
    }
    const route = matchRoute(method, url.pathname);
    const authenticated = req.headers.authorization === `Basic ${Buffer.from(`OPENVIDUAPP:${this.secret}`).toString('base64')}`;
    this.requests.push({ method, path: url.pathname, query: url.searchParams, operation: route?.operation, body, authenticated });

    const fault = route?.operation ? this.takeFailure(route.operation) : undefined;
    if (fault === 'drop') {
      req.socket.destroy();
      return;
    }
    if (!authenticated) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="OpenVidu"' }).end();
      return;
    }
    if (!route) return sendError(res, 404, 'Not Found', url.pathname);
    if (!route.operation) return sendError(res, 405, `Request method '${method}' is not supported`, url.pathname);
    if (typeof fault === 'number') return sendError(res, fault, 'injected failure', url.pathname);
    if (body === Symbol.for('invalid-json')) return sendError(res, 400, 'Body is not valid JSON', url.pathname);

    const withPending = url.searchParams.get('pendingConnections') === 'true';
    const session = route.sessionId !== undefined ? this.sessions.get(route.sessionId) : undefined;
    switch (route.operation) {
      case 'list-sessions': {
        const content = [...this.sessions.values()].map((s) => sessionJson(s, withPending));
        return sendJson(res, 200, { numberOfElements: content.length, content });
      }
      case 'create-session':
        return this.createSession(res, (body ?? {}) as Record<string, unknown>, url.pathname);
      case 'fetch-session':
        return session ? sendJson(res, 200, sessionJson(session, withPending)) : void res.writeHead(404).end();
      case 'close-session':
        if (!session) return void res.writeHead(404).end();
        this.sessions.delete(session.id);
        return void res.writeHead(204).end();
      case 'create-connection':
        if (!session) return void res.writeHead(404).end();
        return this.createConnection(res, session, (body ?? {}) as Record<string, unknown>, url.pathname);
      case 'list-connections': {
        if (!session) return void res.writeHead(404).end();
        const content = (sessionJson(session, withPending).connections as { content: unknown[] }).content;
        return sendJson(res, 200, { numberOfElements: content.length, content });
      }
      case 'fetch-connection':
      case 'close-connection': {
        const connection = session?.connections.find((c) => c.id === route.connectionId);
        if (!session || !connection) return void res.writeHead(404).end();
        if (route.operation === 'fetch-connection') return sendJson(res, 200, connectionJson(connection, session.id));
        session.connections = session.connections.filter((c) => c !== connection);
        evict(this.live, connection);
        return void res.writeHead(204).end();
      }
    }
  }

  private createSession(res: ServerResponse, body: Record<string, unknown>, path: string): void {
    const { customSessionId, mediaMode = 'ROUTED', recordingMode = 'MANUAL' } = body;
    if (customSessionId !== undefined && customSessionId !== null && customSessionId !== '') {
      if (typeof customSessionId !== 'string' || !CUSTOM_SESSION_ID.test(customSessionId)) {
        return sendError(res, 400, "Parameter 'customSessionId' is wrong. Must be an alphanumeric string [a-zA-Z0-9_-]", path);
      }
      if (this.sessions.has(customSessionId)) return void res.writeHead(409).end();
    }
    if (!MEDIA_MODES.includes(mediaMode as never) || !RECORDING_MODES.includes(recordingMode as never)) {
      return sendError(res, 400, 'Some parameter is not valid. Invalid mediaMode or recordingMode', path);
    }
    const id = typeof customSessionId === 'string' && customSessionId !== '' ? customSessionId : newSessionId();
    const session: StandInSession = {
      id,
      createdAt: this.now(),
      mediaMode: mediaMode as StandInSession['mediaMode'],
      recordingMode: recordingMode as StandInSession['recordingMode'],
      customSessionId: typeof customSessionId === 'string' ? customSessionId : '',
      connections: [],
    };
    this.sessions.set(id, session);
    sendJson(res, 200, sessionJson(session, false));
  }

  private createConnection(res: ServerResponse, session: StandInSession, body: Record<string, unknown>, path: string): void {
    const type = body.type ?? 'WEBRTC';
    const role = body.role ?? 'PUBLISHER';
    if (type !== 'WEBRTC') return sendError(res, 400, 'Only WEBRTC connections are supported by this stand-in', path);
    if (!ROLES.includes(role as never)) return sendError(res, 400, `Parameter 'role' ${String(role)} is not defined`, path);
    if (body.data !== undefined && body.data !== null && typeof body.data !== 'string') {
      return sendError(res, 400, "Type error in parameter 'data'", path);
    }
    const connection = {
      id: newConnectionId(),
      status: 'pending' as const,
      token: newToken(this.publicUrl, session.id),
      role: role as (typeof ROLES)[number],
      serverData: body.data ?? '',
      record: typeof body.record === 'boolean' ? body.record : true,
      createdAt: this.now(),
      activeAt: null,
      platform: null,
      clientData: null,
    };
    session.connections.push(connection);
    sendJson(res, 200, connectionJson(connection, session.id));
  }

  private takeFailure(operation: OpenViduOperation): StandInFailure | undefined {
    const queued = this.failures.find((f) => f.on === 'any' || f.on === operation);
    if (!queued) return undefined;
    if (--queued.remaining <= 0) this.failures.splice(this.failures.indexOf(queued), 1);
    return queued.failure;
  }
}

function matchRoute(method: string, path: string): { operation?: OpenViduOperation; sessionId?: string; connectionId?: string } | undefined {
  if (!path.startsWith(`${API}/sessions`)) return undefined;
  const parts = path
    .slice(API.length + 1)
    .split('/')
    .map(decodeURIComponent);
  const [, sessionId, sub, connectionId] = parts;
  const pick = (ops: Partial<Record<string, OpenViduOperation>>) => ops[method];
  if (parts.length === 1) return { operation: pick({ GET: 'list-sessions', POST: 'create-session' }) };
  if (parts.length === 2) return { sessionId, operation: pick({ GET: 'fetch-session', DELETE: 'close-session' }) };
  if (sub !== 'connection') return undefined;
  if (parts.length === 3) return { sessionId, operation: pick({ GET: 'list-connections', POST: 'create-connection' }) };
  if (parts.length === 4) return { sessionId, connectionId, operation: pick({ GET: 'fetch-connection', DELETE: 'close-connection' }) };
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** OpenVidu's error body (Spring's shape). */
function sendError(res: ServerResponse, status: number, message: string, path: string): void {
  sendJson(res, status, { timestamp: Date.now(), status, error: REASONS[status] ?? 'Error', message, path });
}
