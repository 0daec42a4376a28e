import twilio from 'twilio';
import type { DependencyContainer } from 'tsyringe';
import { createSilentLogger, type ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { startFleet, type RunningFleet } from '../../core/runtime/fleet/fleet-host.js';
import { TOKENS } from '../../core/runtime/tokens.js';
import { startFhirTestServer, type FhirTestServer } from '../fhir/fhir-test-server.js';
import { seedTwoZones } from '../fhir/fhir-two-zones-fixture.js';
import { ACCOUNT, AUTH_TOKEN, CLIENT_KEY, PUBLIC_URL, startTestProxy, type TestProxy } from '../proxy/support.js';
import { startTwilioStandIn, type TwilioStandIn } from '../stand-ins/twilio/index.js';
import { fleetConfigIn, fleetFolder, type FleetFolder } from './fleet-harness.js';

/*
 * A vendor's fleet of two clinics, every part real and on 127.0.0.1: one FHIR R4 server
 * holding both clinics' appointments (and a third clinic's), one Twilio account (the stand-in)
 * with a number per clinic, and the reply proxy serving that account. The fleet file shares
 * the PMS, Twilio and proxy settings; each clinic's file adds its time zone, its FHIR filters,
 * its `from` number and its inbox `numbers`. Loops are off: the test runs each clinic's passes
 * and inbox by hand on a manual clock.
 */

export const VENDOR_TOKEN = 'vendor-admin-token-0123456789';

export interface RigClinic {
  id: string;
  name: string;
  timeZone: string;
  /** The clinic's Twilio number: it texts from it, its patients text it. */
  number: string;
  filters: Record<string, unknown>;
}

/** A: Melbourne, told apart by its Location. */
export const CLINIC_A: RigClinic = {
  id: 'bayside',
  name: 'Bayside Medical',
  timeZone: 'Australia/Melbourne',
  number: '+61480000001',
  filters: { location: ['loc-bayside'] },
};

/** B: Perth, told apart by its Organization. */
export const CLINIC_B: RigClinic = {
  id: 'swan',
  name: 'Swan River Clinic',
  timeZone: 'Australia/Perth',
  number: '+61480000002',
  filters: { organization: ['Organization/org-swan'] },
};

export interface TwoClinicsRig {
  fleet: RunningFleet;
  fhir: FhirTestServer;
  twilio: TwilioStandIn;
  proxy: TestProxy;
  /** The running clinic's container (its store, loops, inbox pump, plugins). */
  container(clinic: RigClinic): DependencyContainer;
  /** One today pass and one upcoming pass of the clinic, as its timers would run them. */
  runPasses(clinic: RigClinic): Promise<void>;
  /** Runs every clinic's inbox pump (the loop the host runs) until the returned function stops them. */
  startInboxes(): () => Promise<void>;
  /**
   * A patient's text to `to` as Twilio delivers it: recorded by the stand-in, then posted to the
   * proxy's webhook, signed. Resolves with the MessageSid once the proxy stored it (200).
   */
  text(from: string, to: string, body: string): Promise<string>;
  /** GET on the fleet API with the vendor token; throws on a non-2xx answer. */
  get<T>(path: string): Promise<T>;
  close(): Promise<void>;
}

export async function startTwoClinicsRig(clock: ManualClock): Promise<TwoClinicsRig> {
  const closers: Array<() => Promise<void> | void> = [];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer();
  };
  try {
    const fhir = await startFhirTestServer();
    closers.push(() => fhir.close());
    await seedTwoZones(fhir);
    const standIn = await startTwilioStandIn({ accounts: [{ sid: ACCOUNT, authToken: AUTH_TOKEN }], now: () => clock.now() });
    closers.push(() => standIn.close());
    const proxy = await startTestProxy({ clock, config: { leaseSeconds: 60, stream: { heartbeatSeconds: 5, retryMs: 100 } } });
    closers.push(() => proxy.destroy());

    const folder: FleetFolder = fleetFolder({
      api: { token: VENDOR_TOKEN },
      clinic: { region: 'AU', locale: 'en-AU' },
      pms: { use: 'pms-fhir-r4', options: { baseUrl: fhir.baseUrl } },
      sms: { use: 'sms-twilio', options: { accountSid: ACCOUNT, authToken: AUTH_TOKEN, apiBaseUrl: standIn.url } },
      inbox: { use: 'proxy-default', options: { url: proxy.url, accountSid: ACCOUNT, clientKey: CLIENT_KEY, reconnect: { minDelayMs: 50, maxDelayMs: 500 } } },
      video: { use: 'none' },
    });
    closers.push(() => folder.remove());
    for (const clinic of [CLINIC_A, CLINIC_B]) {
      folder.writeClinic(clinic.id, {
        clinic: { name: clinic.name, timeZone: clinic.timeZone },
        pms: { options: { filters: clinic.filters } },
        sms: { options: { from: clinic.number } },
        inbox: { options: { numbers: [clinic.number] } },
      });
    }
    const fleet = await startFleet(fleetConfigIn(folder), { clock, logger: createSilentLogger(), apiPort: 0, startLoops: false, watch: false });
    closers.push(() => fleet.stop());
    for (const clinic of [CLINIC_A, CLINIC_B]) {
      const runner = fleet.clinics.runners.get(clinic.id);
      if (runner?.state !== 'running') throw new Error(`clinic ${clinic.id} did not start: ${runner?.state}`);
    }

    const container = (clinic: RigClinic) => {
      const cell = fleet.clinics.runners.get(clinic.id)?.running;
      if (!cell) throw new Error(`clinic ${clinic.id} is not running`);
      return cell.container;
    };
    let pumps: (() => Promise<void>) | undefined;
    const startInboxes = () => {
      const abort = new AbortController();
      const runs = [CLINIC_A, CLINIC_B].map((clinic) => container(clinic).resolve(TOKENS.InboxPump).run(abort.signal));
      const stop = async () => {
        abort.abort();
        await Promise.all(runs);
      };
      pumps = stop;
      return stop;
    };
    // The pumps end before the fleet stops its plugins.
    closers.push(() => pumps?.());

    return {
      fleet,
      fhir,
      twilio: standIn,
      proxy,
      container,
      async runPasses(clinic) {
        const loops = container(clinic).resolve(TOKENS.Loops);
        await loops.runToday();
        await loops.runUpcoming();
      },
      startInboxes,
      async text(from, to, body) {
        const sid = standIn.inbound({ from, to, body }).sid;
        const params: Record<string, string> = {
          ToCountry: 'AU',
          SmsMessageSid: sid,
          NumMedia: '0',
          SmsSid: sid,
          SmsStatus: 'received',
          Body: body,
          To: to,
          NumSegments: '1',
          MessageSid: sid,
          AccountSid: ACCOUNT,
          From: from,
          ApiVersion: '2010-04-01',
        };
        const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/twilio`, params);
        const response = await fetch(`${proxy.url}/twilio`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'x-twilio-signature': signature },
          body: new URLSearchParams(params).toString(),
        });
        if (response.status !== 200) throw new Error(`proxy refused the webhook: ${response.status} ${await response.text()}`);
        await response.body?.cancel();
        return sid;
      },
      async get<T>(path: string): Promise<T> {
        const response = await fetch(fleet.apiUrl + path, { headers: { authorization: `Bearer ${VENDOR_TOKEN}` } });
        if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
        return (await response.json()) as T;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
