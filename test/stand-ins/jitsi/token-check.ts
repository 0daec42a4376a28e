import jwt from 'jsonwebtoken';

/** The JWT settings a stand-in deployment accepts (Prosody's `app_id` / `app_secret` and friends). */
export interface StandInJwt {
  appId: string;
  secret: string;
  /** @default 'jitsi' */
  audience?: string;
  /** `sub` the deployment expects (its domain); `*` in a token is accepted too. */
  subject: string;
}

/** A token's claims as Jitsi's token authentication reads them. */
export interface RoomClaims {
  room: string;
  sub: string;
  context?: { user?: { id?: string; name?: string; moderator?: boolean | string } };
}

/**
 * Verifies a room token the way a JWT-secured Jitsi deployment does on join: HS256 with the
 * app secret, `aud`, `iss`, `nbf`/`exp` against `nowMs`, `sub` equal to the deployment (or `*`)
 * and `room` equal to the room asked for (or `*`). Throws with the reason otherwise.
 */
export function verifyRoomToken(token: string, room: string, settings: StandInJwt, nowMs: number): RoomClaims {
  const claims = jwt.verify(token, settings.secret, {
    algorithms: ['HS256'],
    audience: settings.audience ?? 'jitsi',
    issuer: settings.appId,
    clockTimestamp: Math.floor(nowMs / 1000),
  }) as jwt.JwtPayload & Partial<RoomClaims>;
  if (claims.sub !== settings.subject && claims.sub !== '*') throw new Error(`token sub ${String(claims.sub)} is not this deployment`);
  if (typeof claims.room !== 'string') throw new Error('token has no room claim');
  if (claims.room !== '*' && claims.room.toLowerCase() !== room.toLowerCase()) throw new Error('token is for another room');
  return claims as RoomClaims;
}
