import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyRoomToken, type RoomClaims, type StandInJwt } from './token-check.js';

/** Options of {@link JitsiStandIn}. */
export interface JitsiStandInOptions {
  /** The XMPP base domain of the deployment, e.g. `video.clinic.test`. */
  domain: string;
  /** Prosody's `muc_mapper_domain_prefix`. @default 'conference' */
  mucPrefix?: string;
  /** Turns on token authentication: joins need a valid room token. */
  jwt?: StandInJwt;
  /** Prosody's `enable_roomsize_token_verification`: /room-size needs `token` for that room. @default false */
  roomSizeTokenVerification?: boolean;
  /** Time for token checks (epoch ms), e.g. a test's ManualClock. @default Date.now */
  now?: () => number;
}

/** One request to the stand-in, for assertions on the wire format. */
export interface RecordedRoomSizeRequest {
  path: string;
  query: URLSearchParams;
}

/** Someone in a room. */
export interface StandInOccupant {
  id: string;
  /** From the token: moderator or not (undefined without JWT). */
  moderator?: boolean;
  displayName?: string;
  /** From the token's `context.user.id`, when it has one. */
  userId?: string;
}

type Fault = { kind: 'status'; status: number } | { kind: 'drop' };

/**
 * The HTTP side of Prosody's mod_muc_size plus an in-memory model of MUC rooms: a room exists
 * from the first join (the focus joins with it) until the last person leaves.
 */
export class JitsiStandIn {
  readonly requests: RecordedRoomSizeRequest[] = [];
  /** Room JID (`<room>@<prefix>.<domain>`) → occupants (the focus is implied while the room exists). */
  private readonly rooms = new Map<string, Map<string, StandInOccupant>>();
  private readonly faults: Fault[] = [];
  private readonly server: Server;
  private baseUrl = '';

  constructor(private readonly options: JitsiStandInOptions) {
    this.server = createServer((req, res) => this.handle(req, res));
  }

  /** Base URL once listening, e.g. `http://127.0.0.1:40123`. */
  get url(): string {
    return this.baseUrl;
  }

  /** The endpoint the plugin's `roomSizeUrl` points at. */
  get roomSizeUrl(): string {
    return `${this.baseUrl}/room-size`;
  }

  async listen(host = '127.0.0.1'): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, host, () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://${host}:${port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /**
   * Someone opens a room link (`https://<host>/<room>?jwt=…`). With JWT on, the token must be
   * valid for that room now, as the deployment would insist. Returns the occupant's id.
   * @throws when the deployment would refuse the join.
   */
  joinWithLink(link: string): string {
    const url = new URL(link);
    const room = decodeURIComponent(url.pathname.replace(/^\/+/, ''));
    const token = url.searchParams.get('jwt') ?? undefined;
    let claims: RoomClaims | undefined;
    if (this.options.jwt) {
      if (token === undefined) throw new Error('stand-in: this deployment needs a token to join');
      claims = verifyRoomToken(token, room, this.options.jwt, this.now());
    }
    const occupant: StandInOccupant = { id: randomUUID().slice(0, 8) };
    if (claims?.context?.user) {
      occupant.moderator = claims.context.user.moderator === true || claims.context.user.moderator === 'true';
      occupant.displayName = claims.context.user.name;
      if (claims.context.user.id !== undefined) occupant.userId = claims.context.user.id;
    }
    const address = this.address(room);
    const occupants = this.rooms.get(address) ?? new Map<string, StandInOccupant>();
    occupants.set(occupant.id, occupant);
    this.rooms.set(address, occupants);
    return occupant.id;
  }

  /** An occupant leaves; the room is destroyed with its last occupant. */
  leave(room: string, occupantId: string): void {
    const address = this.address(room);
    const occupants = this.rooms.get(address);
    occupants?.delete(occupantId);
    if (occupants?.size === 0) this.rooms.delete(address);
  }

  /** Who is in a room now (empty when it does not exist). */
  occupants(room: string): StandInOccupant[] {
    return [...(this.rooms.get(this.address(room))?.values() ?? [])];
  }

  /** The next `times` room-size requests answer HTTP `status` (e.g. 503). */
  failNext(status: number, times = 1): void {
    for (let i = 0; i < times; i++) this.faults.push({ kind: 'status', status });
  }

  /** The next `times` room-size requests have their connection cut (a network error). */
  dropNext(times = 1): void {
    for (let i = 0; i < times; i++) this.faults.push({ kind: 'drop' });
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private address(room: string): string {
    return `${room.toLowerCase()}@${this.options.mucPrefix ?? 'conference'}.${this.options.domain}`;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    this.requests.push({ path: url.pathname, query: url.searchParams });
    if (req.method !== 'GET' || url.pathname !== '/room-size') return void reply(res, 404);
    const fault = this.faults.shift();
    if (fault?.kind === 'drop') return void req.socket.destroy();
    if (fault?.kind === 'status') return void reply(res, fault.status);
    // mod_muc_size answers 400 without a query string at all.
    if (url.search === '') return void reply(res, 400);
    const room = url.searchParams.get('room') ?? '';
    const domain = url.searchParams.get('domain') ?? '';
    const address = `${room.toLowerCase()}@${this.options.mucPrefix ?? 'conference'}.${domain}`;
    if (this.options.roomSizeTokenVerification && !this.roomSizeTokenAccepted(url.searchParams.get('token'), room)) return void reply(res, 403);
    const occupants = this.rooms.get(address);
    if (!occupants) return void reply(res, 404);
    // The module counts every MUC occupant, then leaves the hidden focus out when others are there.
    const withFocus = occupants.size + 1;
    const participants = withFocus > 1 ? withFocus - 1 : withFocus;
    reply(res, 200, JSON.stringify({ participants }));
  }

  private roomSizeTokenAccepted(token: string | null, room: string): boolean {
    if (!this.options.jwt || token === null) return false;
    try {
      verifyRoomToken(token, room, this.options.jwt, this.now());
      return true;
    } catch {
      return false;
    }
  }
}

function reply(res: ServerResponse, status: number, body?: string): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(body);
}
