/**
 * A stand-in for a self-hosted Jitsi deployment, as far as the host can see one: Prosody's
 * mod_muc_size endpoint (`GET /room-size?room=<name>&domain=<base>[&token=<jwt>]` →
 * `{"participants": N}`, 404 when the room does not exist, 403 when token verification is on
 * and the token does not fit) over real HTTP on 127.0.0.1, plus joins made by opening a room
 * link, with the token checks a JWT-secured deployment applies on join.
 *
 * @example
 * const jitsi = await startJitsiStandIn({ domain: 'video.clinic.test', jwt: { appId, secret, subject: 'video.clinic.test' } });
 * jitsi.joinWithLink(room.patientLink);           // throws if the token is expired or for another room
 * // … plugin option roomSizeUrl: jitsi.roomSizeUrl …
 * jitsi.failNext(503, 2);                         // next two room-size requests fail
 * await jitsi.close();
 */
import { JitsiStandIn, type JitsiStandInOptions } from './server.js';

export { JitsiStandIn, type JitsiStandInOptions, type RecordedRoomSizeRequest, type StandInOccupant } from './server.js';
export { verifyRoomToken, type RoomClaims, type StandInJwt } from './token-check.js';

/** Starts a stand-in on 127.0.0.1, an ephemeral port. Close it in the test's `after`/`afterEach`. */
export async function startJitsiStandIn(options: JitsiStandInOptions): Promise<JitsiStandIn> {
  const standIn = new JitsiStandIn(options);
  await standIn.listen('127.0.0.1');
  return standIn;
}
