import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { HealthReport } from '@clinic-arrivals/plugin-kit';
import { AuthError, describeError, NotFoundError } from '@clinic-arrivals/plugin-kit';
import type { RoomRecord } from './room-book.js';

/** Room counts the health report shows. */
export interface RoomCounts {
  open: number;
  /** Rooms OpenVidu lost before their links expired: their patients hold dead links. */
  gone: number;
}

/**
 * Remembers how the last OpenVidu call went, so the status page can say "the secret is wrong"
 * or "OpenVidu is unreachable" without making a call of its own.
 */
export class HealthTracker {
  private lastFailure?: { error: string; code?: string; at: number; auth: boolean };
  private lastSuccessAt?: number;

  constructor(private readonly clock: Clock) {}

  /** OpenVidu answered (a 404 about one session still means the server is fine). */
  succeeded(): void {
    this.lastFailure = undefined;
    this.lastSuccessAt = this.clock.now();
  }

  failed(error: unknown): void {
    if (error instanceof NotFoundError) return this.succeeded();
    this.lastFailure = {
      error: describeError(error),
      code: (error as { code?: string }).code,
      at: this.clock.now(),
      auth: error instanceof AuthError,
    };
  }

  report(rooms: RoomCounts): HealthReport {
    const data: Record<string, unknown> = { openRooms: rooms.open, goneRooms: rooms.gone };
    if (this.lastSuccessAt !== undefined) data.lastSuccessAt = new Date(this.lastSuccessAt).toISOString();
    if (this.lastFailure) {
      data.lastError = this.lastFailure.error;
      if (this.lastFailure.code) data.lastErrorCode = this.lastFailure.code;
      data.lastErrorAt = new Date(this.lastFailure.at).toISOString();
      return this.lastFailure.auth
        ? { status: 'down', detail: 'OpenVidu rejects the secret: check video.options.secret', data }
        : { status: 'degraded', detail: `OpenVidu is failing: ${this.lastFailure.error}`, data };
    }
    if (rooms.gone > 0) {
      return { status: 'degraded', detail: `${rooms.gone} video room(s) vanished from OpenVidu before their appointment ended`, data };
    }
    return { status: 'ok', detail: `${rooms.open} video room(s) open`, data };
  }
}

/** Counts for {@link HealthTracker.report} from the stored rooms. */
export function countRooms(records: RoomRecord[], now: number): RoomCounts {
  const live = records.filter((r) => r.expiresAt > now);
  return { open: live.filter((r) => r.goneAt === undefined).length, gone: live.filter((r) => r.goneAt !== undefined).length };
}
