import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

/** Who a token is for: only the practitioner is a moderator (never a guest). */
export type JitsiRole = 'patient' | 'practitioner' | 'guest';

/** The JWT settings of a secured deployment. */
export interface JitsiJwtSettings {
  appId: string;
  /** The app secret as a key object: jsonwebtoken re-imports a string secret on every call (about 2 ms each). */
  key: KeyObject;
  audience: string;
  subject: string;
}

/** What a room token says (Jitsi's token authentication reads these claims). */
export interface JitsiTokenRequest {
  room: string;
  role: JitsiRole;
  /** Shown in the Jitsi UI; omitted when undefined. */
  displayName?: string;
  /** `context.user.id`: a random id per guest, so the deployment (and its logs) tell guests apart. Omitted when undefined. */
  userId?: string;
  /** Epoch ms: token valid from (before server clock skew allowance). */
  notBefore: number;
  /** Epoch ms: the token stops working. */
  expiresAt: number;
  /** Epoch ms: issued at (from the injected clock, never the system clock). */
  issuedAt: number;
}

/** The HS256 signing key for a shared secret (UTF-8, as Prosody reads `app_secret`). */
export function secretKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

/** Room tokens become valid a little before they are issued, so a server clock running behind still accepts them. */
export const CLOCK_SKEW_ALLOWANCE_MS = 60_000;

const seconds = (ms: number): number => Math.floor(ms / 1000);

/**
 * Signs an HS256 room token with the claims Jitsi's token authentication checks: `aud`, `iss`
 * (app id), `sub` (domain or tenant), `room`, `nbf`, `exp`, and `context.user` with the
 * display name and `moderator` (true only for the practitioner; a guest's id when given).
 */
export function signRoomToken(settings: JitsiJwtSettings, request: JitsiTokenRequest): string {
  const user: Record<string, unknown> = { moderator: request.role === 'practitioner' };
  if (request.displayName !== undefined) user.name = request.displayName;
  if (request.userId !== undefined) user.id = request.userId;
  const payload = {
    aud: settings.audience,
    iss: settings.appId,
    sub: settings.subject,
    room: request.room,
    iat: seconds(request.issuedAt),
    nbf: seconds(request.notBefore - CLOCK_SKEW_ALLOWANCE_MS),
    exp: seconds(request.expiresAt),
    context: { user },
  };
  return jwt.sign(payload, settings.key, { algorithm: 'HS256', header: { alg: 'HS256', typ: 'JWT' } });
}

/**
 * A short-lived token without a user, for the room-size endpoint when the deployment sets
 * `enable_roomsize_token_verification` (it checks the token's room). Ignored otherwise.
 */
export function signRoomQueryToken(settings: JitsiJwtSettings, room: string, now: number): string {
  const payload = {
    aud: settings.audience,
    iss: settings.appId,
    sub: settings.subject,
    room,
    iat: seconds(now),
    nbf: seconds(now - CLOCK_SKEW_ALLOWANCE_MS),
    exp: seconds(now + 5 * 60_000),
  };
  return jwt.sign(payload, settings.key, { algorithm: 'HS256' });
}
