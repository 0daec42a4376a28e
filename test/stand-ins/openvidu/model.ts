import { randomInt } from 'node:crypto';

/*
 * Sessions and connections as an OpenVidu 2.x server keeps them, and their JSON as the REST
 * API (`/openvidu/api`, 2.16 and later) returns it.
 */

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LETTERS = ALNUM.slice(0, 52);

/** `n` random characters from `alphabet`. */
export function randomText(n: number, alphabet = ALNUM): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export const CUSTOM_SESSION_ID = /^[a-zA-Z0-9_-]+$/;
export const MEDIA_MODES = ['ROUTED', 'RELAYED'] as const;
export const RECORDING_MODES = ['ALWAYS', 'MANUAL'] as const;
export const ROLES = ['SUBSCRIBER', 'PUBLISHER', 'MODERATOR'] as const;

/** One connection: `pending` until its token is used, then `active`. */
export interface StandInConnection {
  id: string;
  status: 'pending' | 'active';
  token: string;
  role: (typeof ROLES)[number];
  /** The `data` given when the connection was created (server data). */
  serverData: string;
  record: boolean;
  createdAt: number;
  activeAt: number | null;
  platform: string | null;
  clientData: string | null;
}

/** One session (a room). */
export interface StandInSession {
  id: string;
  createdAt: number;
  mediaMode: (typeof MEDIA_MODES)[number];
  recordingMode: (typeof RECORDING_MODES)[number];
  customSessionId: string;
  connections: StandInConnection[];
}

/** A new session id when none was asked for. */
export const newSessionId = (): string => `ses_${randomText(10)}`;
/** Connection ids look like `con_Xxxxxxxxxx`. */
export const newConnectionId = (): string => `con_${randomText(1, LETTERS).toUpperCase()}${randomText(9)}`;

/** A token as OpenVidu 2.x issues it: the public WebSocket URL with the session and a `tok_` secret. */
export function newToken(publicUrl: string, sessionId: string): string {
  return `${publicUrl}?sessionId=${sessionId}&token=tok_${randomText(16)}`;
}

export function connectionJson(c: StandInConnection, sessionId: string): Record<string, unknown> {
  const active = c.status === 'active';
  return {
    id: c.id,
    object: 'connection',
    status: c.status,
    connectionId: c.id,
    sessionId,
    createdAt: c.createdAt,
    type: 'WEBRTC',
    record: c.record,
    role: c.role,
    kurentoOptions: null,
    rtspUri: null,
    adaptativeBitrate: null,
    onlyPlayWithSubscribers: null,
    networkCache: null,
    customIceServers: [],
    serverData: c.serverData,
    token: c.token,
    activeAt: c.activeAt,
    location: active ? 'unknown' : null,
    ip: active ? '127.0.0.1' : null,
    platform: c.platform,
    clientData: c.clientData,
    publishers: active ? [] : null,
    subscribers: active ? [] : null,
  };
}

/** Session JSON; pending connections only when asked for (`?pendingConnections=true`). */
export function sessionJson(s: StandInSession, withPending: boolean): Record<string, unknown> {
  const listed = s.connections.filter((c) => withPending || c.status === 'active');
  return {
    id: s.id,
    object: 'session',
    sessionId: s.id,
    createdAt: s.createdAt,
    recording: false,
    broadcasting: false,
    mediaMode: s.mediaMode,
    recordingMode: s.recordingMode,
    defaultRecordingProperties: {
      name: '',
      hasAudio: true,
      hasVideo: true,
      outputMode: 'COMPOSED',
      recordingLayout: 'BEST_FIT',
      resolution: '1280x720',
      frameRate: 25,
      shmSize: 536870912,
    },
    customSessionId: s.customSessionId,
    forcedVideoCodec: 'MEDIA_SERVER_PREFERRED',
    allowTranscoding: false,
    connections: { numberOfElements: listed.length, content: listed.map((c) => connectionJson(c, s.id)) },
  };
}
