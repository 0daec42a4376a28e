import { join } from 'node:path';
import { expect } from 'chai';
import { loadConfigFromObject } from '../../core/config/load.js';
import { startHost, type RunningHost } from '../../core/runtime/host.js';
import { createLogger } from '../../core/runtime/logger.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { CLINIC, FHIR_TOKEN } from '../e2e/fhir-host.js';
import { tmpFolder } from '../e2e/simulator-host.js';
import { startFaultProxy, type FaultProxy } from '../fhir/fault-proxy.js';
import { startFhirTestServer, type FhirTestServer } from '../fhir/fhir-test-server.js';
import { ACCOUNT, AUTH_TOKEN } from '../proxy/support.js';
import { startTwilioStandIn, type TwilioStandIn } from '../stand-ins/twilio/index.js';
import { alertsConfigFor, startSmtpSink, type SmtpSink } from './smtp-sink.js';

/*
 * Alerts from the host's own health windows (no hand-driven feed): a FHIR server that stops
 * answering properly makes pms `down`; after `alerts.afterMinutes` the admin gets one text
 * (Twilio stand-in) and one email (SMTP sink); when the server is fine again and the window
 * has slid past the failures, one recovered message each. The loops are driven by hand on a
 * manual clock, a minute at a time, as the timed loops would.
 */

const MINUTE = 60_000;
const ADMIN = '+61412345678';
const SMTP = { user: 'clinic-alerts', password: 'smtp-secret-real-feed' };

describe("alerts: from the host's own plugin health (FHIR server failing, then fine)", function () {
  this.timeout(60_000);
  let folder: ReturnType<typeof tmpFolder>;
  let server: FhirTestServer;
  let proxy: FaultProxy;
  let twilio: TwilioStandIn;
  let smtp: SmtpSink;
  let clock: ManualClock;
  let host: RunningHost | undefined;

  beforeEach(async () => {
    folder = tmpFolder();
    clock = new ManualClock('2026-11-23T08:00:00+11:00');
    server = await startFhirTestServer();
    proxy = await startFaultProxy(server.baseUrl);
    twilio = await startTwilioStandIn({ accounts: [{ sid: ACCOUNT, authToken: AUTH_TOKEN }], now: () => clock.now() });
    smtp = await startSmtpSink(SMTP);
    const loaded = await loadConfigFromObject(
      {
        clinic: CLINIC,
        pms: {
          use: 'pms-fhir-r4',
          options: { baseUrl: proxy.url, auth: { type: 'bearer', token: FHIR_TOKEN }, retries: 1, retryMinDelayMs: 1, retryMaxDelayMs: 2 },
        },
        sms: { use: 'sms-twilio', options: { accountSid: ACCOUNT, authToken: '${TWILIO_AUTH_TOKEN}', from: '+61480000000', apiBaseUrl: twilio.url } },
        inbox: { use: 'inbox-simulator' },
        video: { use: 'none' },
        store: { path: './store.sqlite' },
        workflow: { adminNumber: ADMIN },
        health: { windowSeconds: 300 },
        alerts: alertsConfigFor(smtp, SMTP.user),
      },
      { file: join(folder.dir, 'clinicarrivals.config.yaml'), dir: folder.dir, env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN, SMTP_PASSWORD: SMTP.password } },
    );
    host = await startHost(loaded, { clock, logger: createLogger({ level: 'silent' }), apiPort: 0, startLoops: false, printBanner: false });
  });

  afterEach(async () => {
    await host?.stop();
    host = undefined;
    await Promise.all([proxy.close(), twilio.close(), smtp.close()]);
    await server.close();
    folder.remove();
  });

  const pmsStatus = () => host!.health.current().find((s) => s.role === 'pms')?.status;
  const adminTexts = () =>
    twilio
      .sent()
      .filter((m) => m.to === ADMIN && !/has (started|stopped)/.test(m.body))
      .map((m) => m.body);

  /** A minute of the host's life: a poll of today's list, the health window and the alert check. */
  async function minutesPass(minutes: number): Promise<void> {
    for (let i = 0; i < minutes; i++) {
      clock.advance(MINUTE);
      await host!.runTodayCycle().catch(() => undefined);
      host!.health.refresh();
      await host!.checkAlerts();
    }
  }

  it('alerts once after the failure window, not in between, and once on recovery, by text and email', async () => {
    await minutesPass(1);
    expect(pmsStatus()).to.equal('ok');

    proxy.failNext({ kind: 'status', status: 503 }, 10_000);
    await minutesPass(1);
    // The window still holds the good minute: some calls failed.
    expect(pmsStatus()).to.equal('degraded');
    await minutesPass(8);
    expect(pmsStatus(), 'every call in the window failed').to.equal('down');
    expect(adminTexts(), 'inside the alert window').to.deep.equal([]);
    expect(smtp.received).to.deep.equal([]);

    await minutesPass(2);
    expect(adminTexts()).to.have.length(1);
    expect(adminTexts()[0]).to.match(/the PMS connection has been failing since .* \(CA_ERR_PMS_SERVER\)/);
    expect(smtp.received.map((m) => m.subject)).to.deep.equal([`Clinic Arrivals alert at ${CLINIC.name}: the PMS connection is failing`]);

    await minutesPass(20);
    expect(pmsStatus()).to.equal('down');
    expect(adminTexts(), 'still failing').to.have.length(1);
    expect(smtp.received).to.have.length(1);

    proxy.clear();
    // Degraded while the window still holds the failures, ok after it, recovered 5 minutes later.
    await minutesPass(15);
    expect(pmsStatus()).to.equal('ok');
    expect(adminTexts()).to.have.length(2);
    expect(adminTexts()[1]).to.include('the PMS connection works again');
    expect(smtp.received.map((m) => m.subject)).to.deep.equal([
      `Clinic Arrivals alert at ${CLINIC.name}: the PMS connection is failing`,
      `Clinic Arrivals at ${CLINIC.name}: the PMS connection works again`,
    ]);
    await minutesPass(30);
    expect(adminTexts()).to.have.length(2);
    expect(smtp.received).to.have.length(2);
  });
});
