import { randomText, type StandInConnection, type StandInSession } from './model.js';
import type { MiniWebSocket } from './websocket.js';

/*
 * The browser side of OpenVidu 2.x: JSON-RPC 2.0 over the WebSocket at `/openvidu`. Enough for
 * openvidu-browser's `session.connect(token)`: `joinRoom` turns a pending connection active
 * (or fails for an unknown/used token, as the real server does), `ping` answers `pong`,
 * `leaveRoom` leaves. There is no media server, so `publishVideo` and the like fail.
 */

/** The version reported to openvidu-browser (it only warns on a mismatch). */
export const SERVER_VERSION = '2.32.0';

interface RpcRequest {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
}

/**
 * Serves one browser's WebSocket against the stand-in's sessions. `live` maps each joined
 * connection to its socket, so the REST side can evict a participant (see {@link evict}).
 */
export function serveRpc(
  ws: MiniWebSocket,
  sessions: Map<string, StandInSession>,
  now: () => number,
  live: Map<StandInConnection, MiniWebSocket> = new Map(),
): void {
  let joined: { session: StandInSession; connection: StandInConnection } | undefined;
  const rpcSessionId = randomText(26).toLowerCase();

  const reply = (id: number | undefined, result: unknown) => ws.send(JSON.stringify({ id, result, jsonrpc: '2.0' }));
  const fail = (id: number | undefined, code: number, message: string) => ws.send(JSON.stringify({ id, error: { code, message, data: null }, jsonrpc: '2.0' }));

  // A participant who closes the page leaves; OpenVidu then drops the connection (its token is spent).
  const leave = () => {
    if (!joined) return;
    live.delete(joined.connection);
    joined.session.connections = joined.session.connections.filter((c) => c !== joined!.connection);
    joined = undefined;
  };
  ws.onClose(leave);

  ws.onMessage((text) => {
    let request: RpcRequest;
    try {
      request = JSON.parse(text) as RpcRequest;
    } catch {
      return fail(undefined, -32700, 'Parse error');
    }
    const { id, method, params = {} } = request;
    switch (method) {
      case 'ping':
        return reply(id, { value: 'pong' });
      case 'joinRoom': {
        const token = String(params.token ?? '');
        const session = sessions.get(String(params.session ?? ''));
        const connection = session?.connections.find((c) => c.token === token);
        if (!session || !connection || connection.status !== 'pending') {
          return fail(id, 401, `Token ${token} is not valid`);
        }
        connection.status = 'active';
        connection.activeAt = now();
        connection.platform = String(params.platform ?? 'unknown');
        connection.clientData = String(params.metadata ?? '');
        joined = { session, connection };
        live.set(connection, ws);
        return reply(id, {
          id: connection.id,
          finalUserId: randomText(12),
          createdAt: connection.createdAt,
          metadata: connection.serverData,
          value: session.connections
            .filter((c) => c.status === 'active' && c !== connection)
            // No `streams`: nobody publishes without a media server (OpenVidu omits it then).
            .map((c) => ({ id: c.id, createdAt: c.createdAt, metadata: c.serverData })),
          session: session.id,
          sessionId: rpcSessionId,
          role: connection.role,
          record: connection.record,
          coturnIp: '127.0.0.1',
          coturnPort: 3478,
          turnUsername: randomText(8),
          turnCredential: randomText(8),
          version: SERVER_VERSION,
          mediaServer: 'kurento',
          videoSimulcast: false,
          life: 0,
          customIceServers: [],
        });
      }
      case 'leaveRoom':
        leave();
        return reply(id, {});
      default:
        return fail(id, 500, `${String(method)}: this stand-in has no media server`);
    }
  });
}

/**
 * Tells a joined browser it was removed, as OpenVidu does when its connection is deleted over
 * REST: a `participantEvicted` notification with reason `forceDisconnectByServer`, after which
 * openvidu-browser leaves with that reason.
 */
export function evict(live: Map<StandInConnection, MiniWebSocket>, connection: StandInConnection): void {
  const ws = live.get(connection);
  if (!ws) return;
  live.delete(connection);
  ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'participantEvicted', params: { connectionId: connection.id, reason: 'forceDisconnectByServer' } }));
}
