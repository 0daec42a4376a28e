import { AuthError, ClinicArrivalsError, UnavailableError } from '@clinic-arrivals/plugin-kit';
import { withRetry, type RetryOptions } from '@clinic-arrivals/plugin-kit';

/** Where and how to ask Prosody's mod_muc_size how many people are in a room. */
export interface RoomSizeClientOptions {
  /** e.g. `https://video.clinic.example/room-size` */
  url: string;
  /** The `domain` parameter: the XMPP base domain (the module adds its MUC prefix). */
  domain: string;
  timeoutMs: number;
  /** Backoff for 5xx and network failures. */
  retry: Pick<RetryOptions, 'retries' | 'minDelayMs' | 'maxDelayMs' | 'sleep' | 'random'>;
}

/** The endpoint answered in a way that retrying will not fix (4xx other than 403/404, or a body that is not `{"participants": N}`). */
export class RoomSizeProtocolError extends ClinicArrivalsError {
  constructor(message: string) {
    super('CA_ERR_JITSI_ROOM_SIZE', message);
  }
}

/**
 * Client of mod_muc_size's `GET /room-size?room=<name>&domain=<base>[&token=<jwt>]`, which
 * answers `{"participants": N}` (the hidden focus not counted) or 404 when the room does not
 * exist, i.e. nobody is in it. It counts occupants; it cannot say who they are.
 */
export class RoomSizeClient {
  constructor(private readonly options: RoomSizeClientOptions) {}

  /**
   * Occupants of `room` (0 when the room does not exist). Retries 5xx and network failures
   * with backoff, then throws {@link UnavailableError}; 403 throws {@link AuthError}.
   */
  participants(room: string, token?: string): Promise<number> {
    return withRetry(() => this.once(room, token), this.options.retry);
  }

  private async once(room: string, token: string | undefined): Promise<number> {
    const url = new URL(this.options.url);
    url.searchParams.set('room', room);
    url.searchParams.set('domain', this.options.domain);
    if (token !== undefined) url.searchParams.set('token', token);
    let response: Response;
    try {
      response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(this.options.timeoutMs) });
    } catch (error) {
      // The URL carries a token: never put it (or the room) into the message.
      throw new UnavailableError('Jitsi room-size endpoint unreachable', { cause: error });
    }
    const text = await response.text().catch(() => '');
    if (response.status === 404) return 0;
    if (response.status === 403) {
      throw new AuthError('Jitsi room-size endpoint refused the request (403): check jwtAppId/jwtSecret and enable_roomsize_token_verification', {
        code: 'CA_ERR_JITSI_ROOM_SIZE_AUTH',
      });
    }
    if (response.status >= 500 || response.status === 429) {
      throw new UnavailableError(`Jitsi room-size endpoint answered HTTP ${response.status}`, { retryAfterMs: retryAfterMs(response) });
    }
    if (response.status !== 200) throw new RoomSizeProtocolError(`Jitsi room-size endpoint answered HTTP ${response.status}`);
    return parseParticipants(text);
  }
}

function parseParticipants(text: string): number {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new RoomSizeProtocolError('Jitsi room-size endpoint did not answer JSON');
  }
  const n = (body as { participants?: unknown } | null)?.participants;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new RoomSizeProtocolError('Jitsi room-size answer has no participant count');
  }
  return n;
}

/** A Retry-After in seconds, capped so a broken proxy cannot stall the loop for long. */
function retryAfterMs(response: Response): number | undefined {
  const raw = response.headers.get('retry-after');
  if (raw === null || !/^[0-9]+$/.test(raw.trim())) return undefined;
  return Math.min(Number(raw.trim()) * 1000, 30_000);
}
