import { join } from 'node:path';
import { expect } from 'chai';
import { loadConfigFromObject } from '../../core/config/load.js';
import type { LoadedConfig } from '../../core/config/types.js';
import type { Store } from '../../core/store/store.js';
import type { VideoRoom } from '@clinic-arrivals/plugin-kit';
import type { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { tokenFromJoinLink } from '../../plugins/video-openvidu/index.js';
import { startJitsiStandIn, verifyRoomToken, type StandInJwt } from '../stand-ins/jitsi/index.js';
import { startOpenViduStandIn } from '../stand-ins/openvidu/index.js';
import { startTwilioStandIn, type TwilioStandIn } from '../stand-ins/twilio/index.js';
import { CLINIC } from './simulator-host.js';

/*
 * The pieces of the video-consult end-to-end test: one config (PMS simulator, Twilio through
 * its stand-in for both SMS and replies) whose `video` section is the only thing that changes,
 * and per video plugin a stand-in server plus the checks only that provider's links allow.
 */

export const TWILIO_ACCOUNT = { sid: `AC${'3'.repeat(32)}`, authToken: 'e2e-auth-token' };
/** The clinic's Twilio number: texts go out from it, replies come in to it. */
export const CLINIC_NUMBER = '+61480000000';

/** A Twilio stand-in whose message dates follow the test's clock. */
export function startTwilio(clock: ManualClock): Promise<TwilioStandIn> {
  return startTwilioStandIn({ accounts: [TWILIO_ACCOUNT], now: () => clock.now() });
}

/** A video provider as the test sees it from outside: its `video` config section and its server. */
export interface VideoBackend {
  /** Exactly what goes under `video:` in the config. */
  readonly section: { use: string; options: Record<string, unknown> };
  /**
   * Throws unless `link` would let its holder into `room` with `role` (the provider's own
   * check: a token the server issued for that session, or a JWT that verifies for that room).
   */
  expectWorkingLink(link: string, room: VideoRoom, role: 'patient' | 'practitioner'): void;
  /** The text a link carries once decoded (tokens included), for the privacy check. */
  decodedLink(link: string): string;
  /** The patient opens their link (the provider's server sees them join). */
  patientOpens(link: string): void;
  /** The provider's server forgets the room (OpenVidu's garbage collector, a restart); absent when its rooms cannot vanish. */
  loseRoom?(room: VideoRoom): void;
  /** The provider still holds the room open (OpenVidu: the session exists; Jitsi: the plugin remembers it). */
  roomOpen(room: VideoRoom, store: Store): Promise<boolean>;
  close(): Promise<void>;
}

/*
 * Links outlive the host's own clean-up here (graceMinutes 90 > closeRoomsAfterMinutes 60),
 * so what closes the room at end + 60 minutes is the workflow, not the plugin's expiry.
 */
const GRACE_MINUTES = 90;

/** OpenVidu 2.x: the patient link's fragment holds a connection token of the session. */
export async function openViduBackend(clock: ManualClock): Promise<VideoBackend> {
  const secret = 'e2e-openvidu-secret';
  const server = await startOpenViduStandIn({ secret, now: () => clock.now() });
  const connectionOf = (link: string) => {
    const token = tokenFromJoinLink(link);
    expect(token, 'a token in the link fragment').to.be.a('string');
    const sessionId = new URL(token!).searchParams.get('sessionId')!;
    const connection = server.session(sessionId)?.connections.find((c) => c.token === token);
    expect(connection, 'a connection the server issued that token for').to.not.equal(undefined);
    return { sessionId, connection: connection! };
  };
  return {
    section: {
      use: 'video-openvidu',
      options: { url: server.url, secret, joinPageUrl: 'https://join.example.org/v', graceMinutes: GRACE_MINUTES },
    },
    expectWorkingLink(link, room, role) {
      const { sessionId, connection } = connectionOf(link);
      expect(sessionId).to.equal(room.roomId);
      expect(JSON.parse(connection.serverData).role).to.equal(role);
      expect(connection.status, 'not used yet').to.equal('pending');
    },
    decodedLink: (link) => `${link}\n${tokenFromJoinLink(link) ?? ''}`,
    patientOpens(link) {
      const { sessionId, connection } = connectionOf(link);
      server.activate(sessionId, connection.id);
    },
    loseRoom: (room) => server.dropSession(room.roomId),
    roomOpen: async (room) => server.session(room.roomId) !== undefined,
    close: () => server.close(),
  };
}

/** Jitsi Meet with JWT: the link names the room and carries an HS256 token for it. */
export async function jitsiBackend(clock: ManualClock): Promise<VideoBackend> {
  const domain = 'meet.example.org';
  const jwt: StandInJwt = { appId: 'clinic-arrivals', secret: 'e2e-jitsi-app-secret-0123456789', subject: domain };
  const server = await startJitsiStandIn({ domain, jwt, now: () => clock.now() });
  const tokenOf = (link: string) => new URL(link).searchParams.get('jwt') ?? '';
  return {
    section: {
      use: 'video-jitsi',
      options: { domain, jwtAppId: jwt.appId, jwtSecret: jwt.secret, graceMinutes: GRACE_MINUTES },
    },
    expectWorkingLink(link, room, role) {
      const url = new URL(link);
      expect(`${url.protocol}//${url.host}`).to.equal(`https://${domain}`);
      expect(decodeURIComponent(url.pathname.slice(1))).to.equal(room.roomId);
      const claims = verifyRoomToken(tokenOf(link), room.roomId, jwt, clock.now());
      expect(claims.room).to.equal(room.roomId);
      expect(claims.context?.user?.moderator).to.equal(role === 'practitioner');
    },
    decodedLink(link) {
      const payload = tokenOf(link).split('.')[1] ?? '';
      return `${link}\n${Buffer.from(payload, 'base64url').toString('utf8')}`;
    },
    patientOpens(link) {
      server.joinWithLink(link); // throws if the deployment would refuse the token
    },
    roomOpen: async (room, store) => (await store.getPluginState('video-jitsi', `room:${room.roomId}`)) !== undefined,
    close: () => server.close(),
  };
}

/**
 * The one config of the test: PMS simulator, sms-twilio and inbox-twilio-api on the Twilio
 * stand-in, and the given `video` section. Loops that would run on timers are slowed to
 * "never" during a test; the test drives the appointment passes itself.
 */
export function videoConsultConfig(dir: string, twilioUrl: string, video: VideoBackend['section']): Promise<LoadedConfig> {
  const twilio = { accountSid: TWILIO_ACCOUNT.sid, authToken: TWILIO_ACCOUNT.authToken, apiBaseUrl: twilioUrl };
  return loadConfigFromObject(
    {
      clinic: CLINIC,
      pms: { use: 'pms-simulator' },
      sms: { use: 'sms-twilio', options: { ...twilio, from: CLINIC_NUMBER, retries: 0 } },
      inbox: { use: 'inbox-twilio-api', options: { ...twilio, number: CLINIC_NUMBER, pollSeconds: 5 } },
      video,
      workflow: { pollSeconds: 3600, upcomingPollSeconds: 86400 },
      store: { path: './store.sqlite' },
      logging: { level: 'silent' },
    },
    { file: join(dir, 'clinicarrivals.config.yaml'), dir, env: {} },
  );
}
