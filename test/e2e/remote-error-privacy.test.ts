import { join } from 'node:path';
import { expect } from 'chai';
import { loadConfigFromObject } from '../../core/config/load.js';
import type { Appointment } from '@clinic-arrivals/plugin-kit';
import { startHost, type RunningHost } from '../../core/runtime/host.js';
import { createLogger } from '../../core/runtime/logger.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { startFaultProxy, type FaultProxy } from '../fhir/fault-proxy.js';
import { seedAppointments } from '../fhir/fhir-seed.js';
import { startFhirTestServer, type FhirTestServer } from '../fhir/fhir-test-server.js';
import { CLINIC, FHIR_TOKEN } from './fhir-host.js';
import { ApiClient, tmpFolder, type SentText } from './simulator-host.js';

/*
 * Issue 9, part 4: a PMS that refuses the arrival write with an OperationOutcome naming the
 * patient. The host runs with pms-fhir-r4 against the real FHIR test server, behind the fault
 * proxy that answers the arrival PUT; everything the real pino logger writes is captured and
 * `/api/status` is read over HTTP. The remote text must reach neither; the status code, the
 * issue code and a fixed description must reach both.
 */

const DIAGNOSTICS = 'Appointment for Jane Citizen (mobile 0412 345 678, DOB 1957-03-14) is locked by user reception2';
/** Everything in the PMS's text that identifies someone, in every spelling of the number. */
const IDENTIFYING = ['Jane', 'Citizen', '1957-03-14', 'reception2', '0412 345 678', '0412345678', '412345678', '412 345 678'];
const LEVEL = { debug: 20, info: 30 };

interface LogEntry {
  level: number;
  msg?: string;
  [field: string]: unknown;
}

interface World {
  server: FhirTestServer;
  proxy: FaultProxy;
  host: RunningHost;
  api: ApiClient;
  clock: ManualClock;
  appointment: Appointment;
  /** Every line the host's logger wrote, parsed, debug included. */
  log: LogEntry[];
  close(): Promise<void>;
}

async function startWorld(pmsOptions: Record<string, unknown> = {}): Promise<World> {
  const folder = tmpFolder();
  const server = await startFhirTestServer();
  const proxy = await startFaultProxy(server.baseUrl);
  let host: RunningHost | undefined;
  try {
    const [appointment] = await seedAppointments(server.baseUrl, [
      {
        start: '2026-11-23T10:00:00+11:00',
        end: '2026-11-23T10:15:00+11:00',
        status: 'booked',
        isVideo: false,
        patient: { id: 'pat-jane', name: 'Jane Citizen', firstName: 'Jane', mobile: '0412 345 678' },
        practitioner: { id: 'dr-shah', name: 'Dr Priya Shah' },
      },
    ]);
    const loaded = await loadConfigFromObject(
      {
        clinic: CLINIC,
        pms: { use: 'pms-fhir-r4', options: { baseUrl: proxy.url, auth: { type: 'bearer', token: FHIR_TOKEN }, ...pmsOptions } },
        sms: { use: 'sms-simulator', options: { print: false } },
        inbox: { use: 'inbox-simulator' },
        video: { use: 'video-simulator', options: { baseUrl: 'https://video.test.example' } },
        store: { path: './store.sqlite' },
        logging: { level: 'debug' },
      },
      { file: join(folder.dir, 'clinicarrivals.config.yaml'), dir: folder.dir, env: {} },
    );
    const log: LogEntry[] = [];
    // The host's real logger (redaction included), at debug so nothing it could write is missed.
    const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void log.push(JSON.parse(line) as LogEntry) } });
    const clock = new ManualClock('2026-11-23T08:00:00+11:00');
    host = await startHost(loaded, { clock, logger, apiPort: 0, startLoops: false, printBanner: false });
    const running = host;
    return {
      server,
      proxy,
      host,
      clock,
      appointment: appointment!,
      log,
      api: new ApiClient(host.apiUrl),
      close: async () => {
        await running.stop();
        await proxy.close();
        await server.close();
        folder.remove();
      },
    };
  } catch (error) {
    await host?.stop();
    await proxy.close();
    await server.close();
    folder.remove();
    throw error;
  }
}

/** Screening, NO, then ARRIVED at 09:52: the arrival write meets the PMS's refusal. */
async function arriveWhileThePmsRefuses(w: World, status: number): Promise<void> {
  const reply = async (body: string) => {
    await w.api.post('/api/simulator/inbox', { from: '+61412345678', body });
    expect(await w.host.handleInboxOnce()).to.equal(1);
  };
  await w.host.runTodayCycle();
  const { items } = await w.api.get<{ items: SentText[] }>('/api/simulator/sms/sent');
  expect(
    items.map((m) => m.to),
    'the screening text went out',
  ).to.deep.equal(['+61412345678']);
  await reply('NO');

  const id = w.appointment.id;
  w.proxy.failNext(
    {
      kind: 'status',
      status,
      issues: [{ severity: 'error', code: 'lock-error', diagnostics: DIAGNOSTICS, details: { text: `Locked: Jane Citizen, DOB 1957-03-14` } }],
    },
    10,
    (method, url) => method === 'PUT' && url.includes(`/Appointment/${id}`),
  );
  w.clock.set('2026-11-23T09:52:00+11:00');
  await reply('here');
  expect(
    w.proxy.seen.some((s) => s.method === 'PUT' && s.fault === 'status'),
    'the arrival write was refused',
  ).to.equal(true);
}

const lines = (log: LogEntry[], from: number) =>
  log
    .filter((e) => e.level >= from)
    .map((e) => JSON.stringify(e))
    .join('\n');

function expectNothingIdentifying(text: string, where: string): void {
  for (const value of IDENTIFYING) expect(text, `${where} must not contain "${value}"`).to.not.contain(value);
}

describe('end to end: a PMS error that names the patient reaches neither the log nor the status page', function () {
  this.timeout(20_000);
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  for (const status of [409, 422, 400]) {
    it(`${status} OperationOutcome on the arrival write: status code, issue code and a fixed description only`, async () => {
      world = await startWorld();
      const w = world;
      await arriveWhileThePmsRefuses(w, status);

      const statusPage = await w.api.get<{
        recentErrors: Array<{ where: string; error: string }>;
        plugins: Array<{ role: string; health: { detail?: string } }>;
      }>('/api/status');
      const statusText = JSON.stringify(statusPage);
      const logText = lines(w.log, LEVEL.info);
      expectNothingIdentifying(statusText, '/api/status');
      expectNothingIdentifying(logText, 'the log at info and above');
      // Off by default: not even at debug.
      expectNothingIdentifying(lines(w.log, 0), 'the log at debug');

      // Not silence: both say what failed, with the status code, the issue code and the fixed text.
      const failure = statusPage.recentErrors.find((e) => e.where.includes('markArrived'));
      expect(failure, `recentErrors: ${JSON.stringify(statusPage.recentErrors)}`).to.not.equal(undefined);
      for (const text of [failure!.error, logText]) {
        expect(text)
          .to.contain('CA_ERR_PMS_REJECTED')
          .and.contain(`FHIR server answered ${status} (update Appointment)`)
          .and.contain('error/lock-error')
          .and.contain('refused');
      }
      const pms = statusPage.plugins.find((p) => p.role === 'pms');
      expect(pms?.health.detail).to.contain(`answered ${status}`);
      expect(
        w.log.filter((e) => e.level >= LEVEL.info && JSON.stringify(e).includes(`answered ${status}`)),
        'the failure is warned about',
      ).to.not.be.empty;
    });
  }

  it('logRemoteErrorText: true puts the PMS text in one debug line, and still nowhere at info or above', async () => {
    world = await startWorld({ logRemoteErrorText: true });
    const w = world;
    await arriveWhileThePmsRefuses(w, 409);

    const debug = w.log.filter((e) => e.level === LEVEL.debug && typeof e.remoteDetail === 'string');
    expect(debug.map((e) => e.remoteDetail)).to.include(`${DIAGNOSTICS}; Locked: Jane Citizen, DOB 1957-03-14`);
    expect(debug[0]).to.include({ status: 409, what: 'update Appointment' });
    expectNothingIdentifying(lines(w.log, LEVEL.info), 'the log at info and above');
    expectNothingIdentifying(JSON.stringify(await w.api.get('/api/status')), '/api/status');
  });
});
