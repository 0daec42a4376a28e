import { expect } from 'chai';
import type { Appointment } from '@clinic-arrivals/plugin-kit';
import { loadConfigFromObject } from '../../core/config/load.js';
import { startHost, type RunningHost } from '../../core/runtime/host.js';
import { createLogger } from '../../core/runtime/logger.js';
import { SEND_MAX_ATTEMPTS, SEND_RETRY_MAX_MS } from '../../core/executor/send-backoff.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { startTwilioStandIn, type TwilioStandIn } from '../stand-ins/twilio/index.js';
import { ApiClient, CLINIC, tmpFolder } from '../e2e/simulator-host.js';

/*
 * S29 for texts: the SMS provider (sms-twilio on the Twilio stand-in) rejects texts with
 * 21211 (invalid number), 21610 (opted out) and a 5xx. sms turns `degraded` with the failures
 * counted, each appointment says its text failed (and why, in our codes), every failure is a
 * warn line with code, outbox key and appointment but never the number or the text, and sms is
 * `ok` again once the window has slid past them.
 */

const ACCOUNT_SID = `AC${'5e'.repeat(16)}`;
const AUTH_TOKEN = 'stand-in-auth-token';
const CLINIC_NUMBER = '+61480000000';
const WINDOW_S = 120;

const PATIENTS = {
  alex: { mobile: '0412 345 678', e164: '412345678' },
  kim: { mobile: '0434 567 890', e164: '434567890' },
  sam: { mobile: '0423 456 789', e164: '423456789' },
  robin: { mobile: '0498 765 432', e164: '498765432' },
};

const appointment = (name: keyof typeof PATIENTS, start: string): Appointment => ({
  id: `appt-${name}`,
  start,
  status: 'booked',
  isVideo: false,
  patient: { id: `pat-${name}`, name: `${name} Citizen`, firstName: name, mobile: PATIENTS[name].mobile },
  practitioner: { id: 'prac-lee', name: 'Dr Lee' },
});

interface TodayItem {
  appointment: { id: string };
  state: string;
  stateText: string;
  attention?: string;
  textProblem?: { status: string; code?: string; at: string; attempts: number };
}
interface SmsLine {
  role: string;
  health: { status: string };
  window?: { status: string; calls: number; retried: number; failed: number; lastError?: { code: string; at: string } };
}

describe('plugin health window: an SMS provider rejecting texts (S29)', function () {
  this.timeout(30_000);
  let folder: ReturnType<typeof tmpFolder>;
  let clock: ManualClock;
  let twilio: TwilioStandIn;
  let host: RunningHost | undefined;
  let api: ApiClient;
  let logLines: Array<Record<string, unknown>>;

  beforeEach(async () => {
    folder = tmpFolder();
    clock = new ManualClock('2026-11-23T08:00:00+11:00');
    logLines = [];
    twilio = await startTwilioStandIn({ accounts: [{ sid: ACCOUNT_SID, authToken: AUTH_TOKEN }], now: () => clock.now() });
    const loaded = await loadConfigFromObject(
      {
        clinic: CLINIC,
        pms: { use: 'pms-simulator' },
        sms: {
          use: 'sms-twilio',
          options: {
            accountSid: ACCOUNT_SID,
            authToken: '${TWILIO_AUTH_TOKEN}',
            from: CLINIC_NUMBER,
            apiBaseUrl: twilio.url,
            retries: 2,
            retryMinDelayMs: 1,
            retryMaxDelayMs: 5,
          },
        },
        inbox: { use: 'inbox-simulator' },
        video: { use: 'none' },
        store: { path: './store.sqlite' },
        health: { windowSeconds: WINDOW_S },
        logging: { level: 'silent' },
      },
      { file: `${folder.dir}/clinicarrivals.config.yaml`, dir: folder.dir, env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN } },
    );
    const logger = createLogger({
      level: 'debug',
      destination: {
        write: (line: string) => {
          logLines.push(JSON.parse(line));
        },
      },
    });
    host = await startHost(loaded, { clock, logger, apiPort: 0, startLoops: false, printBanner: false });
    api = new ApiClient(host.apiUrl);
  });

  afterEach(async () => {
    await host?.stop();
    host = undefined;
    await twilio.close();
    folder.remove();
  });

  const smsLine = async () => (await api.get<{ plugins: SmsLine[] }>('/api/status')).plugins.find((p) => p.role === 'sms')!;
  const today = async () => new Map((await api.get<{ items: TodayItem[] }>('/api/appointments/today')).items.map((i) => [i.appointment.id, i]));
  const sendWarnings = () => logLines.filter((l) => l.level === 40 && typeof l.msg === 'string' && l.msg.startsWith('send '));

  /** Nothing in the log names a patient's number or carries a text's words. */
  function expectLogClean(): void {
    const all = JSON.stringify(logLines);
    for (const { e164 } of Object.values(PATIENTS)) expect(all).to.not.contain(e164);
    for (const sent of twilio.sent()) expect(all).to.not.contain(sent.body);
    expect(all).to.not.match(/Reply|video/i);
  }

  it('turns sms degraded on 21211, 21610 and a 5xx, marks each appointment, warns without number or text, and is ok after the window', async () => {
    await api.post('/api/simulator/appointments', appointment('alex', '2026-11-23T10:00:00+11:00'));
    await host!.runTodayCycle();
    expect((await smsLine()).window).to.include({ status: 'ok', calls: 1, failed: 0 });

    // sms-twilio tries a 5xx three times (two retries) before the host hears of it.
    const rejections: Array<[keyof typeof PATIENTS, number, number]> = [
      ['kim', 21211, 1],
      ['sam', 21610, 1],
      ['robin', 500, 3],
    ];
    for (const [name, failure, times] of rejections) {
      clock.advance(5_000);
      await api.post('/api/simulator/appointments', appointment(name, '2026-11-23T10:30:00+11:00'));
      twilio.failNext(failure, { times });
      await host!.runTodayCycle();
    }
    const lastFailureAt = clock.now();

    const sms = await smsLine();
    expect(sms.health.status).to.equal('degraded');
    expect(sms.window).to.include({ status: 'degraded', calls: 4, retried: 2, failed: 3 });
    expect(sms.window!.lastError).to.deep.equal({ code: 'CA_ERR_UNAVAILABLE', at: new Date(lastFailureAt).toISOString() });
    const feed = host!.health.current().find((s) => s.role === 'sms');
    expect(feed).to.include({ status: 'degraded', calls: 4, retried: 2, failed: 3 });

    const rows = await today();
    expect(rows.get('appt-alex')!.textProblem).to.equal(undefined);
    expect(rows.get('appt-kim')).to.deep.include({ attention: 'failed', stateText: 'text failed: number invalid' });
    expect(rows.get('appt-kim')!.textProblem).to.include({ status: 'failed', code: 'CA_ERR_INVALID_NUMBER' });
    expect(rows.get('appt-sam')).to.deep.include({ attention: 'failed', stateText: 'text failed: patient opted out' });
    expect(rows.get('appt-sam')!.textProblem).to.include({ status: 'failed', code: 'CA_ERR_OPTED_OUT' });
    expect(rows.get('appt-robin')!.stateText).to.equal('text not sent yet, retrying');
    expect(rows.get('appt-robin')!.textProblem).to.include({ status: 'retry', code: 'CA_ERR_UNAVAILABLE', attempts: 1 });

    const retryWarnings = logLines.filter((l) => l.level === 40 && l.msg === 'twilio unavailable; retrying the send');
    expect(retryWarnings.map((w) => w.code)).to.deep.equal(['CA_ERR_UNAVAILABLE', 'CA_ERR_UNAVAILABLE']);
    const warnings = sendWarnings();
    expect(warnings.map((w) => [w.code, w.appointmentId, w.msg])).to.deep.equal([
      ['CA_ERR_INVALID_NUMBER', 'appt-kim', 'send failed'],
      ['CA_ERR_OPTED_OUT', 'appt-sam', 'send failed'],
      ['CA_ERR_UNAVAILABLE', 'appt-robin', 'send failed; will retry'],
    ]);
    for (const w of warnings) expect(w.key).to.be.a('string').and.contain(w.appointmentId);
    expectLogClean();

    clock.advance(WINDOW_S * 1000 + 1000);
    host!.health.refresh();
    const later = await smsLine();
    expect(later.health.status).to.equal('ok');
    expect(later.window).to.include({ status: 'ok', calls: 0, failed: 0 });
    expect(later.window!.lastError?.code).to.equal('CA_ERR_UNAVAILABLE');
  });

  it('an outcome-unknown send and a send that ran out of retries are warn lines and say so on the appointment', async () => {
    await api.post('/api/simulator/appointments', appointment('alex', '2026-11-23T10:00:00+11:00'));
    twilio.failNext('lost-answer');
    await host!.runTodayCycle();
    const alex = (await today()).get('appt-alex')!;
    expect(alex.attention).to.equal('unknown');
    expect(alex.textProblem).to.include({ status: 'unknown', code: 'CA_ERR_UNAVAILABLE' });
    expect(sendWarnings().map((w) => [w.appointmentId, w.msg])).to.deep.equal([
      ['appt-alex', 'send outcome unknown: not sent again on its own (listed at /api/messages/unknown)'],
    ]);
    expect((await smsLine()).window).to.include({ status: 'down', calls: 1, failed: 1 });

    await api.post('/api/simulator/appointments', appointment('kim', '2026-11-23T10:30:00+11:00'));
    for (let attempt = 1; attempt <= SEND_MAX_ATTEMPTS; attempt++) {
      twilio.failNext(503, { times: 3 });
      await host!.runTodayCycle();
      clock.advance(SEND_RETRY_MAX_MS);
    }
    const kim = (await today()).get('appt-kim')!;
    expect(kim.textProblem).to.include({ status: 'retried-out', code: 'CA_ERR_UNAVAILABLE', attempts: SEND_MAX_ATTEMPTS });
    expect(kim).to.deep.include({ attention: 'failed', stateText: 'text failed: not sent' });
    const gaveUp = sendWarnings().filter((w) => w.msg === 'send retried out: no more tries (the text is not sent)');
    expect(gaveUp.map((w) => [w.appointmentId, w.code, w.attempts])).to.deep.equal([['appt-kim', 'CA_ERR_UNAVAILABLE', SEND_MAX_ATTEMPTS]]);
    expectLogClean();
  });
});
