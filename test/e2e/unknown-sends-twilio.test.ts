import { expect } from 'chai';
import type { Appointment } from '@clinic-arrivals/plugin-kit';
import { loadConfigFromObject } from '../../core/config/load.js';
import { startHost, type RunningHost } from '../../core/runtime/host.js';
import { CHECK_AGAIN_AFTER_MS } from '../../core/runtime/unknown-send-checker.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { createSilentLogger } from '@clinic-arrivals/plugin-kit/testing';
import { startTwilioStandIn, type TwilioStandIn } from '../stand-ins/twilio/index.js';
import { ApiClient, CLINIC, tmpFolder } from './simulator-host.js';

/*
 * A host on pms-simulator + sms-twilio (the real twilio library, pointed at the Twilio
 * stand-in): one screening text reaches Twilio but its answer is lost, another never gets
 * there. After a restart the provider check settles the first from Twilio's Messages list and
 * leaves the second for a person, who has it sent again.
 */

const ACCOUNT_SID = `AC${'5e'.repeat(16)}`;
const AUTH_TOKEN = 'stand-in-auth-token';
const CLINIC_NUMBER = '+61480000000';
const ALEX = '+61412345678';
const KIM = '+61434567890';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const appointment = (id: string, first: string, mobile: string, start: string): Appointment => ({
  id,
  start,
  status: 'booked',
  isVideo: false,
  patient: { id: `pat-${id}`, name: `${first} Citizen`, firstName: first, mobile },
  practitioner: { id: 'prac-lee', name: 'Dr Lee' },
});

interface UnknownItem {
  id: number;
  appointmentId: string;
  providerId?: string;
  lastCheck?: { at: string; note: string; nextAt?: string };
  resolution?: { outcome: string; by: string; at: string; note?: string };
}

describe("unknown sends settled from Twilio's records (sms-twilio on the stand-in)", function () {
  this.timeout(20_000);
  let folder: ReturnType<typeof tmpFolder>;
  let clock: ManualClock;
  let twilio: TwilioStandIn;
  let host: RunningHost | undefined;

  beforeEach(async () => {
    folder = tmpFolder();
    clock = new ManualClock('2026-11-23T08:00:00+11:00');
    twilio = await startTwilioStandIn({ accounts: [{ sid: ACCOUNT_SID, authToken: AUTH_TOKEN }], now: () => clock.now() });
  });
  afterEach(async () => {
    await host?.stop();
    host = undefined;
    await twilio.close();
    folder.remove();
  });

  async function start(): Promise<RunningHost> {
    const loaded = await loadConfigFromObject(
      {
        clinic: CLINIC,
        pms: { use: 'pms-simulator' },
        sms: { use: 'sms-twilio', options: { accountSid: ACCOUNT_SID, authToken: '${TWILIO_AUTH_TOKEN}', from: CLINIC_NUMBER, apiBaseUrl: twilio.url } },
        inbox: { use: 'inbox-simulator' },
        video: { use: 'none' },
        store: { path: './store.sqlite' },
        logging: { level: 'silent' },
      },
      { file: `${folder.dir}/clinicarrivals.config.yaml`, dir: folder.dir, env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN } },
    );
    return startHost(loaded, { clock, logger: createSilentLogger(), apiPort: 0, startLoops: false, printBanner: false });
  }
  const listRequests = () => twilio.requests().filter((r) => r.method === 'GET' && r.path.endsWith('/Messages.json'));
  const unknown = async (state = 'open') => (await new ApiClient(host!.apiUrl).get<{ items: UnknownItem[] }>(`/api/messages/unknown?state=${state}`)).items;

  it('resolves the send Twilio has as delivered (recorded with its SID) and leaves the one it never got for a person', async () => {
    host = await start();
    const api = new ApiClient(host.apiUrl);
    await api.post('/api/simulator/appointments', appointment('appt-alex', 'Alex', '0412 345 678', '2026-11-23T10:00:00+11:00'));
    twilio.failNext('lost-answer');
    await host.runTodayCycle();
    await api.post('/api/simulator/appointments', appointment('appt-kim', 'Kim', '0434 567 890', '2026-11-23T10:15:00+11:00'));
    twilio.failNext('drop');
    await host.runTodayCycle();
    const [alexText] = twilio.sent();
    expect(
      twilio.sent().map((m) => m.to),
      "Twilio has Alex's text only",
    ).to.deep.equal([ALEX]);
    expect((await host.control.status()).unknownSends).to.equal(2);
    await host.stop();

    clock.advance(5 * MINUTE);
    host = await start();
    await host.checkUnknownSends();

    const [alex] = await unknown('resolved');
    expect(alex).to.include({ appointmentId: 'appt-alex', providerId: alexText!.sid });
    expect(alex!.resolution).to.deep.equal({
      outcome: 'delivered',
      by: 'auto:sms-twilio',
      at: new Date(clock.now()).toISOString(),
      note: `auto: sms-twilio message ${alexText!.sid} found (status sent)`,
    });
    const [kim, ...others] = await unknown();
    expect(others).to.deep.equal([]);
    expect(kim).to.include({ appointmentId: 'appt-kim' });
    expect(kim!.lastCheck).to.deep.equal({
      at: new Date(clock.now()).toISOString(),
      note: 'no matching message at sms-twilio yet',
      nextAt: new Date(clock.now() + CHECK_AGAIN_AFTER_MS).toISOString(),
    });
    const status = await host.control.status();
    expect(status.unknownSends).to.equal(1);
    expect(status.messagesToday).to.include({ sent: 1, unknown: 1 });
    const lists = listRequests();
    expect(lists.map((r) => [r.query.get('To'), r.query.get('From')])).to.deep.equal([
      [ALEX, CLINIC_NUMBER],
      [KIM, CLINIC_NUMBER],
    ]);
    expect(lists.every((r) => r.query.has('DateSent>'))).to.equal(true);

    // Kim's is asked about again only when due, and no more once Twilio would have sent it.
    await host.checkUnknownSends();
    expect(listRequests(), 'not due yet').to.have.length(2);
    clock.advance(12 * HOUR);
    await host.checkUnknownSends();
    expect(listRequests()).to.have.length(3);
    expect((await unknown())[0]!.lastCheck).to.deep.equal({
      at: new Date(clock.now()).toISOString(),
      note: 'no matching message at sms-twilio 12 h after the send; a person decides',
    });
    clock.advance(HOUR);
    await host.checkUnknownSends();
    expect(listRequests(), 'the checks are over').to.have.length(3);
    expect(
      twilio.sent().filter((m) => m.to === KIM),
      'never sent again on its own',
    ).to.deep.equal([]);

    // A person decides: Twilio gets exactly one copy.
    const again = await new ApiClient(host.apiUrl).post<{ original: UnknownItem; resend: UnknownItem & { status: string } }>(
      `/api/messages/unknown/${kim!.id}/send-again`,
      { by: 'Sam' },
    );
    const [copy, ...more] = twilio.sent().filter((m) => m.to === KIM);
    expect(more).to.deep.equal([]);
    expect(copy!.body).to.contain('Kim');
    expect(again.resend).to.include({ status: 'sent', providerId: copy!.sid });
    expect(again.original.resolution).to.include({ outcome: 'resent', by: 'Sam' });
    expect((await host.control.status()).unknownSends).to.equal(0);
  });

  it('keeps the send open and the pass failing while Twilio cannot be asked, then settles it', async () => {
    host = await start();
    await new ApiClient(host.apiUrl).post('/api/simulator/appointments', appointment('appt-alex', 'Alex', '0412 345 678', '2026-11-23T10:00:00+11:00'));
    twilio.failNext('lost-answer');
    await host.runTodayCycle();
    twilio.failNext(503, { on: 'list' });
    let failure: unknown;
    await host.checkUnknownSends().catch((error: unknown) => (failure = error));
    expect(failure).to.have.property('code', 'CA_ERR_UNAVAILABLE');
    const status = await host.control.status();
    expect(status.unknownSends).to.equal(1);
    expect(status.loops['unknown-sends']).to.include({ runs: 1, errors: 1 });
    expect((await unknown())[0]).to.not.have.property('lastCheck');

    await host.checkUnknownSends();
    expect((await unknown('resolved'))[0]!.resolution).to.include({ outcome: 'delivered', by: 'auto:sms-twilio' });
  });
});
