import { expect } from 'chai';
import { loadConfigFromObject } from '../../core/config/load.js';
import type { LogFn, Logger } from '@clinic-arrivals/plugin-kit';
import { startHost, type RunningHost } from '../../core/runtime/host.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { CLINIC, tmpFolder } from '../e2e/simulator-host.js';
import { ACCOUNT, AUTH_TOKEN } from '../proxy/support.js';
import { startTwilioStandIn, type TwilioStandIn } from '../stand-ins/twilio/index.js';
import { alertsConfigFor, startSmtpSink, type SmtpSink } from './smtp-sink.js';
import { TestHealthFeed } from './test-health-feed.js';

/*
 * Alerts end to end: a real host (store, executor, outbox) texting through sms-twilio against
 * the Twilio stand-in, and emailing through nodemailer to a real SMTP server on a free port.
 * Plugin health comes from a hand-driven feed; the clock is manual and the test runs the
 * host's alert check itself (as its timed loop does every 30 s).
 */

const MINUTE = 60_000;
const T0 = Date.parse('2026-11-23T08:00:00+11:00');
const ADMIN = '+61412345678';
const CLINIC_NUMBER = '+61480000000';
const SMTP = { user: 'clinic-alerts', password: 'smtp-secret-do-not-print' };

/** Keeps every log call as one JSON line, to check levels and that no secret is in them. */
function recordingLogger(lines: Array<{ level: string; line: string }>): Logger {
  const at =
    (level: string): LogFn =>
    (fields: unknown, message?: string) => {
      lines.push({ level, line: JSON.stringify(typeof fields === 'string' ? { msg: fields } : { ...(fields as object), msg: message }) });
    };
  const logger: Logger = {
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('fatal'),
    child: () => logger,
  };
  return logger;
}

describe('alerts: delivered by text (Twilio stand-in) and email (SMTP sink)', function () {
  this.timeout(30_000);
  let folder: ReturnType<typeof tmpFolder>;
  let twilio: TwilioStandIn;
  let smtp: SmtpSink;
  let clock: ManualClock;
  let feed: TestHealthFeed;
  let host: RunningHost | undefined;
  let logs: Array<{ level: string; line: string }>;

  async function launch(): Promise<RunningHost> {
    const loaded = await loadConfigFromObject(
      {
        clinic: CLINIC,
        pms: { use: 'pms-simulator' },
        sms: { use: 'sms-twilio', options: { accountSid: ACCOUNT, authToken: '${TWILIO_AUTH_TOKEN}', from: CLINIC_NUMBER, apiBaseUrl: twilio.url } },
        inbox: { use: 'inbox-simulator' },
        video: { use: 'none' },
        store: { path: './store.sqlite' },
        logging: { level: 'silent' },
        workflow: { adminNumber: ADMIN },
        alerts: alertsConfigFor(smtp, SMTP.user),
      },
      { file: `${folder.dir}/clinicarrivals.config.yaml`, dir: folder.dir, env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN, SMTP_PASSWORD: SMTP.password } },
    );
    host = await startHost(loaded, { clock, logger: recordingLogger(logs), apiPort: 0, startLoops: false, printBanner: false, healthFeed: feed });
    return host;
  }

  /** Texts the admin got from the stand-in, HostStarted/HostStopped left out. */
  const adminAlerts = () =>
    twilio
      .sent()
      .filter((m) => m.to === ADMIN && !/has (started|stopped)/.test(m.body))
      .map((m) => m.body);

  /** Moves the clock a minute at a time, running the host's alert check after each. */
  async function minutesPass(minutes: number): Promise<void> {
    for (let i = 0; i < minutes; i++) {
      clock.advance(MINUTE);
      await host!.checkAlerts();
    }
  }

  async function health(role: 'sms' | 'pms', status: 'ok' | 'down', code?: string): Promise<void> {
    feed.set(role, status, clock.now(), code);
    await host!.checkAlerts();
  }

  beforeEach(async () => {
    folder = tmpFolder();
    clock = new ManualClock(T0);
    feed = new TestHealthFeed(T0);
    logs = [];
    twilio = await startTwilioStandIn({ accounts: [{ sid: ACCOUNT, authToken: AUTH_TOKEN }], now: () => clock.now() });
    smtp = await startSmtpSink(SMTP);
  });

  afterEach(async () => {
    await host?.stop();
    host = undefined;
    await twilio.close();
    await smtp.close();
    folder.remove();
  });

  it('texts and emails the admin once after the failure window, nothing in between, and once on recovery', async () => {
    await launch();
    expect(feed.subscribers).to.equal(1);
    await health('pms', 'down', 'CA_ERR_PMS_UNREACHABLE');
    await minutesPass(9);
    expect(adminAlerts(), 'inside the window').to.deep.equal([]);
    expect(smtp.received).to.deep.equal([]);

    await minutesPass(1);
    const alert =
      'Clinic Arrivals alert, Test Street Medical: the PMS connection has been failing since Mon 23 Nov, 8:00 am (CA_ERR_PMS_UNREACHABLE).' +
      ' Please check the status page.';
    expect(adminAlerts()).to.deep.equal([alert]);
    expect(smtp.received).to.have.length(1);
    expect(smtp.received[0]).to.deep.include({
      from: 'clinic-arrivals@clinic.example',
      to: ['practice-manager@clinic.example'],
      subject: 'Clinic Arrivals alert at Test Street Medical: the PMS connection is failing',
      text: alert,
    });

    await minutesPass(45);
    expect(adminAlerts(), 'still failing').to.have.length(1);
    expect(smtp.received).to.have.length(1);

    await health('pms', 'ok');
    await minutesPass(4);
    expect(adminAlerts(), 'working for 4 minutes').to.have.length(1);
    await minutesPass(1);
    const recovered =
      'Clinic Arrivals, Test Street Medical: the PMS connection works again (it had been failing since Mon 23 Nov, 8:00 am, CA_ERR_PMS_UNREACHABLE).';
    expect(adminAlerts()).to.deep.equal([alert, recovered]);
    expect(smtp.received.map((m) => m.subject)).to.deep.equal([
      'Clinic Arrivals alert at Test Street Medical: the PMS connection is failing',
      'Clinic Arrivals at Test Street Medical: the PMS connection works again',
    ]);
    await minutesPass(60);
    expect(adminAlerts()).to.have.length(2);
    expect(smtp.received).to.have.length(2);
  });

  it('gets the alert out by email when texting is what fails, retrying a refused email without printing the password', async () => {
    await launch();
    await health('sms', 'down', 'CA_ERR_NOT_READY');
    // Texting is down for real: Twilio answers 503 to the alert text, and the mail server is busy once.
    twilio.failNext('unavailable', { times: 20 });
    smtp.rejectNext(1);
    await minutesPass(10);
    expect(adminAlerts()).to.deep.equal([]);
    expect(smtp.received).to.deep.equal([]);
    const warned = logs.filter((l) => l.level === 'warn' && l.line.includes('alert email not sent'));
    expect(warned).to.have.length(1);
    expect(warned[0]!.line).to.include('"responseCode":451');

    await minutesPass(1);
    expect(smtp.received.map((m) => m.subject)).to.deep.equal(['Clinic Arrivals alert at Test Street Medical: texting is failing']);
    expect(smtp.received[0]!.text).to.include('texting has been failing since Mon 23 Nov, 8:00 am (CA_ERR_NOT_READY)');
    for (const { line } of logs) expect(line).not.to.include(SMTP.password);
    expect(host!.control).to.be.an('object'); // the host kept running
  });

  it('does not alert again after a restart for a spell already alerted, and still sends the recovery', async () => {
    await launch();
    await health('sms', 'down', 'CA_ERR_NOT_READY');
    await minutesPass(10);
    expect(adminAlerts()).to.have.length(1);
    await host!.stop();
    host = undefined;

    clock.advance(2 * MINUTE);
    feed = new TestHealthFeed(T0);
    feed.set('sms', 'down', T0, 'CA_ERR_NOT_READY');
    await launch();
    await minutesPass(30);
    expect(adminAlerts()).to.have.length(1);
    expect(smtp.received).to.have.length(1);

    await health('sms', 'ok');
    await minutesPass(5);
    expect(adminAlerts()).to.have.length(2);
    expect(adminAlerts()[1]).to.include('texting works again');
    expect(smtp.received).to.have.length(2);
  });
});
