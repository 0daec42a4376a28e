/**
 * A stand-in for an OpenVidu 2.x server's REST API (`/openvidu/api`, Basic auth
 * `OPENVIDUAPP:<secret>`) that openvidu-node-client talks to unchanged, plus the browser's
 * JSON-RPC WebSocket at `/openvidu` (joinRoom, ping, leaveRoom) so openvidu-browser can join
 * with a token (`webSocket: 'ws'`). It keeps sessions and connections in memory; there is no
 * media server, so publishing fails. Tests can also play the users with `activate`, `leave`
 * and `dropSession`, or join with a token as a browser would (`joinWithToken`). Deleting a
 * connection over REST evicts a browser joined with it (`participantEvicted`).
 *
 * Wire format: POST /sessions (409 for a taken customSessionId, 400 for a malformed one),
 * GET /sessions[?pendingConnections=true], GET|DELETE /sessions/{id} (404 when unknown, 204 on
 * delete), POST /sessions/{id}/connection → connection JSON with a `wss://…?sessionId=…&token=tok_…`
 * token and status `pending`, GET /sessions/{id}/connection, GET|DELETE
 * /sessions/{id}/connection/{connectionId}; 401 (with WWW-Authenticate) for wrong credentials.
 *
 * @example
 * const openvidu = await startOpenViduStandIn({ secret: 'MY_SECRET' });
 * const api = new OpenVidu(openvidu.url, 'MY_SECRET');
 * openvidu.activateRole(sessionId, 'patient');   // the patient opens their link
 * openvidu.failNext(503, { on: 'fetch-session' });
 * await openvidu.close();
 */
import { connectionJson, type StandInConnection, type StandInSession } from './model.js';
import { OpenViduStandInServer, type OpenViduOperation, type RecordedRequest, type StandInFailure } from './server.js';

export type { OpenViduOperation, RecordedRequest, StandInFailure } from './server.js';
export type { StandInConnection, StandInSession } from './model.js';

/** Options of {@link startOpenViduStandIn}. */
export interface OpenViduStandInOptions {
  /** The accepted OPENVIDU_SECRET. */
  secret: string;
  /** Source of `createdAt`/`activeAt` (epoch ms). @default Date.now */
  now?: () => number;
  /** @default '127.0.0.1' */
  host?: string;
  /** The public WebSocket URL written into tokens. @default `wss://<host>:<port>` */
  publicUrl?: string;
  /**
   * Scheme of the default `publicUrl`. The stand-in itself speaks plain `ws` (JSON-RPC at
   * `/openvidu`), so `ws` lets a browser really join; `wss` makes its connection fail. @default 'wss'
   */
  webSocket?: 'ws' | 'wss';
}

/** A running stand-in. */
export interface OpenViduStandIn {
  /** Base URL, e.g. `http://127.0.0.1:41234` (the REST API is under `/openvidu/api`). */
  readonly url: string;
  /** The public WebSocket URL inside tokens. */
  readonly publicUrl: string;
  /** A snapshot of the sessions (deep copies). */
  sessions(): StandInSession[];
  session(sessionId: string): StandInSession | undefined;
  /** Someone connects with this connection's token: `pending` → `active`, as on a browser's joinRoom. */
  activate(sessionId: string, connectionId: string): void;
  /**
   * A browser joins with a token, as openvidu-browser's joinRoom: refused (throws) unless the
   * token belongs to a pending connection of an existing session, as the real server refuses a
   * deleted, used or closed-session token. Returns the connection id.
   */
  joinWithToken(token: string): string;
  /** Activates the connection whose server data (JSON) has this `role`. */
  activateRole(sessionId: string, role: string): void;
  /** The user of a connection leaves: OpenVidu drops the connection (its token cannot be used again). */
  leave(sessionId: string, connectionId: string): void;
  /** The server forgets a session (its garbage collector, a restart, an operator): later calls get 404. */
  dropSession(sessionId: string): void;
  /** Makes the next matching request(s) fail: `drop` closes the socket, a number answers with that status. */
  failNext(failure: StandInFailure, options?: { on?: OpenViduOperation | 'any'; times?: number }): void;
  /** Every request received, oldest first. */
  requests(): RecordedRequest[];
  /** Closes the server and every open connection. Idempotent. */
  close(): Promise<void>;
}

/** Starts a stand-in on 127.0.0.1 and an ephemeral port. */
export async function startOpenViduStandIn(options: OpenViduStandInOptions): Promise<OpenViduStandIn> {
  const now = options.now ?? Date.now;
  const server = new OpenViduStandInServer(options.secret, now);
  const url = await server.listen(options.host ?? '127.0.0.1', options.publicUrl, options.webSocket);
  let closed: Promise<void> | undefined;

  const sessionOrThrow = (sessionId: string): StandInSession => {
    const session = server.sessions.get(sessionId);
    if (!session) throw new Error(`openvidu stand-in: no session ${sessionId}`);
    return session;
  };
  const connectionOrThrow = (sessionId: string, find: (c: StandInConnection) => boolean, what: string): StandInConnection => {
    const connection = sessionOrThrow(sessionId).connections.find(find);
    if (!connection) throw new Error(`openvidu stand-in: no connection ${what} in session ${sessionId}`);
    return connection;
  };
  const use = (connection: StandInConnection): void => {
    if (connection.status === 'active') throw new Error(`openvidu stand-in: token of ${connection.id} already used`);
    connection.status = 'active';
    connection.activeAt = now();
    connection.platform = 'Chrome 120.0.0.0 on Linux 64-bit';
    connection.clientData = '';
  };

  return {
    url,
    publicUrl: server.publicUrl,
    sessions: () => [...server.sessions.values()].map((s) => structuredClone(s)),
    session: (sessionId) => {
      const session = server.sessions.get(sessionId);
      return session && structuredClone(session);
    },
    activate: (sessionId, connectionId) => use(connectionOrThrow(sessionId, (c) => c.id === connectionId, connectionId)),
    joinWithToken: (token) => {
      const sessionId = new URL(token).searchParams.get('sessionId') ?? '';
      const connection = server.sessions.get(sessionId)?.connections.find((c) => c.token === token);
      if (!connection || connection.status !== 'pending') throw new Error('openvidu stand-in: token is not valid (401)');
      use(connection);
      return connection.id;
    },
    activateRole: (sessionId, role) => use(connectionOrThrow(sessionId, (c) => roleOf(c) === role, `with role ${role}`)),
    leave: (sessionId, connectionId) => {
      const session = sessionOrThrow(sessionId);
      connectionOrThrow(sessionId, (c) => c.id === connectionId, connectionId);
      session.connections = session.connections.filter((c) => c.id !== connectionId);
    },
    dropSession: (sessionId) => {
      sessionOrThrow(sessionId);
      server.sessions.delete(sessionId);
    },
    failNext: (failure, failOptions = {}) => {
      server.failures.push({ on: failOptions.on ?? 'any', remaining: Math.max(1, failOptions.times ?? 1), failure });
    },
    requests: () => [...server.requests],
    close: () => (closed ??= server.close()),
  };
}

/** The `role` in a connection's JSON server data, if any. */
function roleOf(connection: StandInConnection): string | undefined {
  try {
    const data = JSON.parse(connection.serverData) as { role?: unknown };
    return typeof data.role === 'string' ? data.role : undefined;
  } catch {
    return undefined;
  }
}

/** Connection JSON as the REST API returns it (for assertions on the wire format). */
export { connectionJson };
