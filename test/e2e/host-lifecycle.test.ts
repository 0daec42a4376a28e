import { expect } from 'chai';
import { DateTime } from 'luxon';
import type { LoadedConfig, LoadedPlugin } from '../../core/config/types.js';
import type { PluginDescriptor, PluginRole } from '@clinic-arrivals/plugin-kit';
import { AuthError, UnavailableError, UnreachableError } from '@clinic-arrivals/plugin-kit';
import { toE164 } from '../../core/phone/normalise.js';
import { startHost, type RunningHost } from '../../core/runtime/host.js';
import { PluginStartError } from '../../core/runtime/plugin-lifecycle.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { createSilentLogger } from '@clinic-arrivals/plugin-kit/testing';
import { waitFor } from '@clinic-arrivals/plugin-kit/testing';
import { ApiClient, simulatorConfig, startSimulatorHost, tmpFolder } from './simulator-host.js';
import { simulatorsOf } from '../simulator-services.js';

/** The same plugin, with start() replaced (and stop() recorded). */
function withStart<R extends PluginRole>(plugin: LoadedPlugin<R>, start: () => Promise<void>, stopped: string[]): LoadedPlugin<R> {
  const descriptor: PluginDescriptor<R> = {
    ...plugin.descriptor,
    create(options, ctx) {
      const instance = plugin.descriptor.create(options, ctx);
      return {
        ...instance,
        start,
        stop: async () => {
          stopped.push(plugin.descriptor.manifest.role);
          await instance.stop?.();
        },
      };
    },
  };
  return { ...plugin, descriptor };
}

describe('host lifecycle', function () {
  this.timeout(20_000);
  let folder: ReturnType<typeof tmpFolder>;
  let clock: ManualClock;
  let host: RunningHost | undefined;
  const logger = createSilentLogger();
  const start = (loaded: LoadedConfig, startLoops = false) => startHost(loaded, { clock, logger, apiPort: 0, startLoops, printBanner: false });

  beforeEach(() => {
    folder = tmpFolder();
    clock = new ManualClock('2026-11-23T08:00:00+11:00');
  });

  afterEach(async () => {
    await host?.stop();
    host = undefined;
    folder.remove();
  });

  it('runs its loops on timers and stops them cleanly (twice is fine)', async () => {
    const loaded = await simulatorConfig(folder.dir, { workflow: { pollSeconds: 1 } });
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    host = await start(loaded, true);
    const control = host.control;
    await waitFor(async () => ((await control.status()).loops.today?.runs ?? 0) >= 2, { what: 'two runs of the today loop' });
    const status = await control.status();
    expect(status.loops.upcoming?.runs).to.be.greaterThan(0);
    expect(status.loops.purge?.runs).to.equal(1);

    await Promise.all([host.stop(), host.stop()]);
    await host.stop();
    host = undefined;
    const timersAfter = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    expect(timersAfter, 'timers left running').to.be.at.most(timersBefore);
  });

  it('refuses to start when a plugin rejects its credentials, naming it, and undoes the rest', async () => {
    const loaded = await simulatorConfig(folder.dir);
    const stopped: string[] = [];
    loaded.plugins.pms = withStart(loaded.plugins.pms, async () => undefined, stopped);
    loaded.plugins.sms = withStart(
      loaded.plugins.sms,
      async () => {
        throw new AuthError('the account SID or token is wrong');
      },
      stopped,
    );
    let error: unknown;
    try {
      host = await start(loaded);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(PluginStartError);
    expect((error as PluginStartError).code).to.equal('CA_ERR_AUTH');
    expect((error as Error).message).to.equal('sms plugin "sms-simulator" could not start: CA_ERR_AUTH: the account SID or token is wrong');
    expect((error as Error).cause).to.be.instanceOf(AuthError);
    expect(stopped).to.deep.equal(['sms', 'pms']);
  });

  it('keeps going when a plugin is not ready yet, and says so on the status page', async () => {
    const loaded = await simulatorConfig(folder.dir);
    loaded.plugins.video = withStart(
      loaded.plugins.video!,
      async () => {
        throw new UnavailableError('video server 503');
      },
      [],
    );
    host = await start(loaded);
    const video = (await host.control.status()).plugins.find((p) => p.role === 'video')!;
    expect(video.health.status).to.equal('down');
    expect(video.notes?.[0]).to.contain('CA_ERR_UNAVAILABLE');
  });

  it('shows the SMS plugin down when the provider rejects the credentials mid-day', async () => {
    host = await startSimulatorHost(folder.dir, clock);
    const api = new ApiClient(host.apiUrl);
    await api.post('/api/simulator/appointments', {
      id: 'appt-1',
      start: '2026-11-23T10:00:00+11:00',
      patient: { id: 'p1', name: 'Alex Citizen', mobile: '0412 345 678' },
      practitioner: { id: 'd1', name: 'Dr Lee' },
    });
    simulatorsOf(host).sms.failNext('auth');
    await host.runTodayCycle();
    const status = await host.control.status();
    expect(status.plugins.find((p) => p.role === 'sms')!.health).to.include({ status: 'down' });
    expect(status.messagesToday.failed).to.equal(1);
    expect(status.recentErrors[0]!.error).to.contain('CA_ERR_AUTH');
  });

  it('keeps the status page and replies safe while the PMS is down', async () => {
    const loaded = await simulatorConfig(folder.dir);
    let pmsDown = false;
    const pms = loaded.plugins.pms;
    loaded.plugins.pms = {
      ...pms,
      descriptor: {
        ...pms.descriptor,
        create(options, ctx) {
          const instance = pms.descriptor.create(options, ctx);
          const real = instance.service;
          // Same object (the simulator surface stays), listAppointments switchable to fail.
          const list = real.listAppointments.bind(real);
          real.listAppointments = (range) => (pmsDown ? Promise.reject(new UnreachableError('PMS timed out')) : list(range));
          return instance;
        },
      },
    };
    host = await start(loaded);
    const api = new ApiClient(host.apiUrl);
    await api.post('/api/simulator/appointments', {
      id: 'appt-1',
      start: '2026-11-23T10:00:00+11:00',
      patient: { id: 'p1', name: 'Alex Citizen', mobile: '0412 345 678' },
      practitioner: { id: 'd1', name: 'Dr Lee' },
    });
    await host.runTodayCycle();

    pmsDown = true;
    clock.advance(60_000);
    let failure: unknown;
    await host.runTodayCycle().catch((e) => {
      failure = e;
    });
    expect((failure as Error | undefined)?.message).to.equal('PMS timed out');
    await api.post('/api/simulator/inbox', { from: '0412 345 678', body: 'YES' });
    expect(await host.handleInboxOnce()).to.equal(1);

    const status = await host.control.status();
    expect(status.loops.today).to.include({ runs: 2, errors: 1, lastError: 'CA_ERR_UNREACHABLE: PMS timed out' });
    expect(status.messagesToday.received).to.equal(1);

    pmsDown = false;
    clock.advance(60_000);
    await host.runTodayCycle();
    const bodies = (await simulatorsOf(host).sms.sent()).map((t) => t.body);
    expect(bodies.filter((b) => b.includes('will be a video consult'))).to.have.length(1);
  });

  it('runs without video when video is off', async () => {
    host = await start(await simulatorConfig(folder.dir, { video: { use: 'none' } }));
    expect(host.pluginService('video')).to.equal(undefined);
    const api = new ApiClient(host.apiUrl);
    await api.post('/api/simulator/appointments', {
      id: 'appt-1',
      start: '2026-11-23T10:00:00+11:00',
      patient: { id: 'p1', name: 'Alex Citizen', mobile: '0412 345 678' },
      practitioner: { id: 'd1', name: 'Dr Lee' },
    });
    await host.runTodayCycle();
    const [text] = await simulatorsOf(host).sms.sent();
    expect(text!.body).to.contain('please reply ARRIVED when you are in the car park');
    expect((await host.control.status()).plugins.map((p) => p.role)).to.deep.equal(['pms', 'sms', 'inbox']);
  });

  it('texts the admin number when it starts and stops', async () => {
    const loaded = await simulatorConfig(folder.dir, { workflow: { adminNumber: '+61400000001' } });
    host = await start(loaded);
    const sms = simulatorsOf(host).sms;
    await host.stop();
    host = undefined;
    const texts = await sms.sent();
    expect(texts.map((t) => t.to)).to.deep.equal(['+61400000001', '+61400000001']);
    expect(texts[0]!.body).to.contain('Clinic Arrivals has started at Test Street Medical');
    expect(texts[1]!.body).to.contain('Clinic Arrivals has stopped at Test Street Medical');
  });

  it('seeds a demo day once, relative to now', async () => {
    const loaded = await simulatorConfig(folder.dir, { demo: true });
    host = await start(loaded);
    const seeded = await simulatorsOf(host).pms.listAll();
    expect(seeded.map((a) => a.status).sort()).to.deep.equal(['arrived', 'booked', 'booked', 'booked']);
    for (const a of seeded) expect(toE164(a.patient.mobile ?? '', 'AU')).to.match(/^\+614\d{8}$/);
    await host.runTodayCycle();
    await host.runUpcomingCycle();
    const bodies = (await simulatorsOf(host).sms.sent()).map((t) => t.body);
    expect(bodies.some((b) => b.includes('reply YES for a video consult'))).to.equal(true);
    expect(bodies.some((b) => b.includes('is ready to join'))).to.equal(true);
    expect(bodies.some((b) => b.includes('We will text you on the day'))).to.equal(true);
    await host.stop();

    host = await start(await simulatorConfig(folder.dir, { demo: true }));
    expect(await simulatorsOf(host).pms.listAll()).to.have.length(4);
  });

  it('seeds a demo day started late in the evening on today, not after midnight', async () => {
    clock = new ManualClock('2026-11-23T23:55:00+11:00');
    host = await start(await simulatorConfig(folder.dir, { demo: true }));
    const seeded = await simulatorsOf(host).pms.listAll();
    const dayOf = (iso: string) => DateTime.fromISO(iso, { zone: 'Australia/Melbourne' }).toISODate();
    expect(seeded.map((a) => dayOf(a.start)).sort()).to.deep.equal(['2026-11-23', '2026-11-23', '2026-11-23', '2026-11-24']);
    expect((await host.control.todaysAppointments()).map((v) => v.appointment.id)).to.have.length(3);
  });

  it('keeps an edited template across a restart', async () => {
    host = await startSimulatorHost(folder.dir, clock);
    await host.control.updateTemplate('DoctorReady', '{{ Practitioner.name }} will see you now in {{ room }}.');
    await host.stop();
    host = await startSimulatorHost(folder.dir, clock);
    const view = (await host.control.listTemplates()).find((t) => t.name === 'DoctorReady')!;
    expect(view).to.include({ source: 'edited', text: '{{ Practitioner.name }} will see you now in {{ room }}.' });
  });
});
