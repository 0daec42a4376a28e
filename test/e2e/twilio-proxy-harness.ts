import twilio from 'twilio';
import { loadConfigFromObject } from '../../core/config/load.js';
import { startHost, type RunningHost } from '../../core/runtime/host.js';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { createSilentLogger } from '@clinic-arrivals/plugin-kit/testing';
import { ACCOUNT, AUTH_TOKEN, CLIENT_KEY, PUBLIC_URL, startTestProxy, type TestProxy } from '../proxy/support.js';
import { startTwilioStandIn, type TwilioStandIn } from '../stand-ins/twilio/index.js';
import { ApiClient, CLINIC, tmpFolder } from './simulator-host.js';

/*
 * The whole Twilio path over real HTTP on 127.0.0.1: the Twilio REST stand-in, the reply
 * proxy (SQLite in a tmp folder) and a host on pms-simulator + sms-twilio (pointed at the
 * stand-in) + proxy-default (pointed at the proxy). Shared by the end-to-end test and the bench.
 */

/** The clinic's Twilio number patients text. */
export const CLINIC_NUMBER = '+61480000000';

/** Everything running; `close()` stops it all and deletes the tmp folder. */
export interface TwilioProxyRig {
  host: RunningHost;
  api: ApiClient;
  proxy: TestProxy;
  twilio: TwilioStandIn;
  dir: string;
  /**
   * A patient's text as Twilio delivers it: recorded by the stand-in (its MessageSid), then
   * posted to the proxy's webhook form-encoded and signed with the account's auth token over
   * the public URL. Resolves with the MessageSid once the proxy accepted it (200).
   */
  text(from: string, body: string): Promise<string>;
  /** Stops the host only (the proxy and the stand-in keep running). */
  stopHost(): Promise<void>;
  /** Starts a host again on the same store. */
  startHost(): Promise<RunningHost>;
  close(): Promise<void>;
}

/** Options of {@link startTwilioProxyRig}. */
export interface RigOptions {
  /** The host's clock (and the proxy's, so leases and receivedAt agree). */
  clock: ManualClock;
  /** `inbox.options` overrides (transport…). */
  inbox?: Record<string, unknown>;
  /** Extra top-level config (workflow…). */
  config?: Record<string, unknown>;
  /** false: no video; a function: the `video` section, given the proxy's URL (its join pages); default the video simulator. */
  video?: boolean | ((proxyUrl: string) => Record<string, unknown>);
  /** The host's logger (default silent). */
  logger?: Logger;
  /** Have sms-twilio ask for status callbacks at the proxy's public `/twilio/status`. */
  statusCallback?: boolean;
}

function videoSection(video: RigOptions['video'], proxyUrl: string): Record<string, unknown> {
  if (video === false) return { use: 'none' };
  if (typeof video === 'function') return video(proxyUrl);
  return { use: 'video-simulator', options: { baseUrl: 'https://video.test.example' } };
}

export async function startTwilioProxyRig(options: RigOptions): Promise<TwilioProxyRig> {
  const folder = tmpFolder();
  const clock = options.clock;
  const standIn = await startTwilioStandIn({ accounts: [{ sid: ACCOUNT, authToken: AUTH_TOKEN }], now: () => clock.now() });
  const proxy = await startTestProxy({ clock, config: { leaseSeconds: 30, stream: { heartbeatSeconds: 5, retryMs: 100 } } });
  const loaded = await loadConfigFromObject(
    {
      clinic: CLINIC,
      pms: { use: 'pms-simulator' },
      sms: {
        use: 'sms-twilio',
        options: {
          accountSid: ACCOUNT,
          authToken: '${TWILIO_AUTH_TOKEN}',
          from: CLINIC_NUMBER,
          apiBaseUrl: standIn.url,
          ...(options.statusCallback ? { statusCallback: `${PUBLIC_URL}/twilio/status` } : {}),
        },
      },
      inbox: {
        use: 'proxy-default',
        options: { url: proxy.url, accountSid: ACCOUNT, clientKey: '${PROXY_CLIENT_KEY}', reconnect: { minDelayMs: 50, maxDelayMs: 500 }, ...options.inbox },
      },
      video: videoSection(options.video, proxy.url),
      store: { path: './store.sqlite' },
      logging: { level: 'silent' },
      ...options.config,
    },
    { file: `${folder.dir}/clinicarrivals.config.yaml`, dir: folder.dir, env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN, PROXY_CLIENT_KEY: CLIENT_KEY } },
  );

  const launch = () => startHost(loaded, { clock, logger: options.logger ?? createSilentLogger(), apiPort: 0, startLoops: true, printBanner: false });
  let host: RunningHost | undefined = await launch();
  let sequence = 0;

  const rig: TwilioProxyRig = {
    host,
    api: new ApiClient(host.apiUrl),
    proxy,
    twilio: standIn,
    dir: folder.dir,
    async text(from, body) {
      const sid = standIn.inbound({ from, to: CLINIC_NUMBER, body }).sid;
      const params: Record<string, string> = {
        ToCountry: 'AU',
        SmsMessageSid: sid,
        NumMedia: '0',
        SmsSid: sid,
        SmsStatus: 'received',
        Body: body,
        To: CLINIC_NUMBER,
        NumSegments: '1',
        MessageSid: sid,
        AccountSid: ACCOUNT,
        From: from,
        ApiVersion: '2010-04-01',
      };
      sequence += 1;
      const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/twilio`, params);
      const response = await fetch(`${proxy.url}/twilio`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'x-twilio-signature': signature },
        body: new URLSearchParams(params).toString(),
      });
      if (response.status !== 200) throw new Error(`proxy refused webhook ${sequence}: ${response.status} ${await response.text()}`);
      await response.body?.cancel();
      return sid;
    },
    async stopHost() {
      await host?.stop();
      host = undefined;
    },
    async startHost() {
      host = await launch();
      rig.host = host;
      rig.api = new ApiClient(host.apiUrl);
      return host;
    },
    async close() {
      await host?.stop();
      await proxy.destroy();
      await standIn.close();
      folder.remove();
    },
  };
  return rig;
}
