import { type Connection, MediaMode, OpenVidu, OpenViduRole, RecordingMode, Session } from 'openvidu-node-client';
import { AuthError, ClinicArrivalsError, NotFoundError, RateLimitedError, UnavailableError } from '@clinic-arrivals/plugin-kit';

/** One connection of a session as OpenVidu reports it (only what this plugin reads). */
export interface OpenViduConnectionInfo {
  connectionId: string;
  /** `pending` until someone connects with its token, then `active`. */
  status: string;
  /** The `data` the connection was created with (this plugin writes JSON naming the party). */
  serverData?: string;
  /** The connection's token (listed while it is pending). */
  token?: string;
}

/** The two connections made for one room. */
export interface CreatedConnection {
  connectionId: string;
  /** `wss://…?sessionId=…&token=tok_…`: whoever holds it can join, once. */
  token: string;
}

/** Settings of {@link OpenViduApi}. */
export interface OpenViduApiOptions {
  url: string;
  secret: string;
  mediaMode: 'ROUTED' | 'RELAYED';
  record: boolean;
  timeoutMs: number;
}

/**
 * The few OpenVidu 2.x REST calls the plugin makes, through openvidu-node-client, with its
 * errors turned into the host's typed errors. The client rejects with `Error('<status>')` for
 * an HTTP error and with a non-numeric message when no answer came (the cause is lost).
 */
export class OpenViduApi {
  private readonly client: OpenVidu;

  constructor(private readonly options: OpenViduApiOptions) {
    this.client = new OpenVidu(options.url, options.secret);
    // Stops the client's console logging (it would print session ids and tokens).
    this.client.enableProdMode();
  }

  /** Creates a session with our own random id. */
  async createSession(customSessionId: string): Promise<void> {
    await this.call('create the session', async () => {
      const session = await this.client.createSession({
        customSessionId,
        mediaMode: this.options.mediaMode === 'RELAYED' ? MediaMode.RELAYED : MediaMode.ROUTED,
        recordingMode: this.options.record ? RecordingMode.ALWAYS : RecordingMode.MANUAL,
      });
      this.forget(session);
    });
  }

  /** Creates one PUBLISHER connection whose server data names the party. @throws NotFoundError when the session is gone. */
  async createConnection(sessionId: string, data: string): Promise<CreatedConnection> {
    return this.call('create a connection', async () => {
      const connection = await this.handle(sessionId).createConnection({
        role: OpenViduRole.PUBLISHER,
        data,
        record: this.options.record,
      });
      return { connectionId: connection.connectionId, token: connection.token };
    });
  }

  /** The session's connections, pending ones included. @throws NotFoundError when the session is gone. */
  async connections(sessionId: string): Promise<OpenViduConnectionInfo[]> {
    return this.call('fetch the session', async () => {
      const session = this.handle(sessionId);
      await session.fetch();
      return session.connections.map((c) => ({ connectionId: c.connectionId, status: c.status, serverData: c.serverData, token: c.token }));
    });
  }

  /**
   * Deletes one connection: evicts whoever is using it, or makes its unused token invalid.
   * Resolves false when OpenVidu no longer has it (or its session).
   */
  async deleteConnection(sessionId: string, connectionId: string): Promise<boolean> {
    try {
      await this.call('delete a connection', () => {
        const session = this.handle(sessionId);
        // The client updates its local copy of the connection after the DELETE and warns on the
        // console when it has none; a placeholder keeps it quiet (the handle is thrown away).
        session.connections.push({ connectionId, publishers: [] } as unknown as Connection);
        return session.forceDisconnect(connectionId);
      });
      return true;
    } catch (error) {
      if (error instanceof NotFoundError) return false;
      throw error;
    }
  }

  /** Closes the session, evicting everyone. Resolves false when it was already gone. */
  async closeSession(sessionId: string): Promise<boolean> {
    try {
      await this.call('close the session', () => this.handle(sessionId).close());
      return true;
    } catch (error) {
      if (error instanceof NotFoundError) return false;
      throw error;
    }
  }

  /** Lists the sessions (used to check the URL and the secret at start-up); returns how many. */
  async countSessions(): Promise<number> {
    return this.call('list sessions', async () => {
      await this.client.fetch();
      const count = this.client.activeSessions.length;
      this.client.activeSessions.splice(0);
      return count;
    });
  }

  /*
   * A Session object for an id, without the client's createSession (which would re-create a
   * closed session). Built from the JSON shape the client itself parses.
   */
  private handle(sessionId: string): Session {
    return new Session(this.client, { sessionId, createdAt: 0, connections: { numberOfElements: 0, content: [] } });
  }

  /** The client keeps every session it creates in a list we never read: drop it so memory stays flat. */
  private forget(session: Session): void {
    const index = this.client.activeSessions.indexOf(session);
    if (index >= 0) this.client.activeSessions.splice(index, 1);
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new UnavailableError(`OpenVidu did not answer within ${this.options.timeoutMs} ms (${what})`)), this.options.timeoutMs);
      timer.unref();
    });
    try {
      return await Promise.race([fn(), timeout]);
    } catch (error) {
      throw translateError(error, what);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Turns what openvidu-node-client rejects with into the host's typed errors. */
export function translateError(error: unknown, what: string): unknown {
  if (error instanceof ClinicArrivalsError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const status = /^\d{3}$/.test(message) ? Number(message) : undefined;
  if (status === undefined) {
    return new UnavailableError(`OpenVidu could not be reached (${what})`, { cause: error });
  }
  if (status === 401 || status === 403) {
    return new AuthError(`OpenVidu rejected the secret (HTTP ${status}) when trying to ${what}; check video.options.secret`, {
      code: 'CA_ERR_VIDEO_AUTH',
      cause: error,
    });
  }
  if (status === 404) return new NotFoundError(`OpenVidu has no such session (${what})`, { cause: error });
  if (status === 429) return new RateLimitedError(`OpenVidu asked us to slow down (${what})`, { cause: error });
  if (status >= 500) return new UnavailableError(`OpenVidu failed with HTTP ${status} (${what})`, { cause: error });
  return new ClinicArrivalsError('CA_ERR_VIDEO_REJECTED', `OpenVidu refused to ${what} (HTTP ${status})`, { cause: error });
}
