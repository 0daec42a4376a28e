import { join } from 'node:path';
import { expect } from 'chai';
import type { Appointment } from '@clinic-arrivals/plugin-kit';
import { stepKey } from '../core/engine/facts.js';
import { prepareAppointments } from '../core/engine/prepare.js';
import type { RunningHost } from '../core/runtime/host.js';
import { openSqliteStore } from '../core/store/sqlite-store.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { ApiClient, startSimulatorHost, tmpFolder, type SentText } from './e2e/simulator-host.js';
import { simulatorsOf } from './simulator-services.js';

const ALEX = '+61412345678';
const KIM = '+61434567890';

const APPOINTMENTS: Appointment[] = [
  {
    id: 'appt-alex',
    start: '2026-11-23T10:00:00+11:00',
    status: 'booked',
    isVideo: false,
    patient: { id: 'pat-alex', name: 'Alex Citizen', firstName: 'Alex', mobile: '0412 345 678' },
    practitioner: { id: 'prac-lee', name: 'Dr Lee' },
  },
  {
    id: 'appt-kim',
    start: '2026-11-23T10:15:00+11:00',
    status: 'booked',
    isVideo: false,
    patient: { id: 'pat-kim', name: 'Kim Tran', firstName: 'Kim', mobile: '0434 567 890' },
    practitioner: { id: 'prac-lee', name: 'Dr Lee' },
  },
];

describe('restart on the same store file', function () {
  this.timeout(20_000);
  let folder: ReturnType<typeof tmpFolder>;
  let clock: ManualClock;
  let host: RunningHost | undefined;

  const sentBy = async (h: RunningHost, to: string): Promise<string[]> => {
    const { items } = await new ApiClient(h.apiUrl).get<{ items: SentText[] }>('/api/simulator/sms/sent');
    return items.filter((m) => m.to === to).map((m) => m.body);
  };

  beforeEach(() => {
    folder = tmpFolder();
    clock = new ManualClock('2026-11-23T08:00:00+11:00');
  });

  afterEach(async () => {
    await host?.stop();
    host = undefined;
    folder.remove();
  });

  it('keeps progress: the screening is not sent again and the YES still works', async () => {
    host = await startSimulatorHost(folder.dir, clock);
    await new ApiClient(host.apiUrl).post('/api/simulator/appointments', APPOINTMENTS[0]);
    await host.runTodayCycle();
    expect(await sentBy(host, ALEX)).to.have.length(1);
    await host.stop();

    clock.advance(5 * 60_000);
    host = await startSimulatorHost(folder.dir, clock);
    await host.runTodayCycle();
    await host.runTodayCycle();
    expect(await sentBy(host, ALEX), 'nothing re-sent after the restart').to.deep.equal([]);

    await new ApiClient(host.apiUrl).post('/api/simulator/inbox', { from: ALEX, body: 'YES' });
    expect(await host.handleInboxOnce()).to.equal(1);
    const [answer] = await sentBy(host, ALEX);
    expect(answer).to.contain('will be a video consult');
    expect((await host.control.status()).unknownSends).to.equal(0);
  });

  it('reports a send cut off by a crash and never repeats it', async () => {
    host = await startSimulatorHost(folder.dir, clock);
    const api = new ApiClient(host.apiUrl);
    for (const appointment of APPOINTMENTS) await api.post('/api/simulator/appointments', appointment);
    await host.stop();
    host = undefined;

    // The host died between recording Kim's screening and hearing back from the provider.
    const [, kim] = prepareAppointments(APPOINTMENTS, 'AU');
    const store = await openSqliteStore(join(folder.dir, 'store.sqlite'));
    await store.beginSend({ key: stepKey(kim!, 'screening'), appointmentId: 'appt-kim', to: KIM, template: 'ConsiderTeleHealth', body: '…' }, clock.now());
    await store.close();

    host = await startSimulatorHost(folder.dir, clock);
    expect((await host.control.status()).unknownSends).to.equal(1);
    await host.runTodayCycle();
    expect(await sentBy(host, KIM)).to.deep.equal([]);
    expect(await sentBy(host, ALEX)).to.have.length(1);
    const sent = await host.control.listSent();
    expect(sent.find((e) => e.appointmentId === 'appt-kim')?.status).to.equal('unknown');
  });

  describe('sends whose outcome is unknown', () => {
    /** Screening keys as the engine makes them. */
    const [alexAppt, kimAppt] = prepareAppointments(APPOINTMENTS, 'AU');
    const screeningKey = { alex: stepKey(alexAppt!, 'screening'), kim: stepKey(kimAppt!, 'screening') };
    const storePath = () => join(folder.dir, 'store.sqlite');

    /**
     * Alex's screening reached the provider but its answer was lost (outcome unknown); Kim's
     * was recorded, then the host died before the provider call. Leaves the host stopped.
     */
    async function twoUnknownSends(): Promise<void> {
      host = await startSimulatorHost(folder.dir, clock);
      const api = new ApiClient(host.apiUrl);
      await api.post('/api/simulator/appointments', APPOINTMENTS[0]);
      simulatorsOf(host).sms.failNext('lost-answer');
      await host.runTodayCycle();
      expect(await sentBy(host, ALEX), 'the simulator has it').to.have.length(1);
      await api.post('/api/simulator/appointments', APPOINTMENTS[1]);
      await host.stop();
      host = undefined;

      clock.advance(60_000);
      const store = await openSqliteStore(storePath());
      await store.beginSend(
        { key: screeningKey.kim, appointmentId: 'appt-kim', to: KIM, template: 'ConsiderTeleHealth', body: 'Hi Kim, is a video consult OK? Reply YES or NO.' },
        clock.now(),
      );
      await store.close();
    }

    type UnknownItem = {
      id: number;
      appointmentId: string;
      template: string;
      to: string;
      createdAt: string;
      attempts: number;
      status: string;
      resolution?: Record<string, string>;
    };
    const listUnknown = async (h: RunningHost, state = '') =>
      (await new ApiClient(h.apiUrl).get<{ items: UnknownItem[] }>(`/api/messages/unknown${state ? `?state=${state}` : ''}`)).items;

    it('survive two restarts on the status page and in the API until a person resolves them; each decision is recorded', async () => {
      await twoUnknownSends();

      // First restart: Kim's cut-off send joins Alex's lost answer.
      clock.advance(5 * 60_000);
      host = await startSimulatorHost(folder.dir, clock);
      expect((await host.control.status()).unknownSends).to.equal(2);
      const listed = await listUnknown(host);
      expect(listed.map((u) => [u.appointmentId, u.template, u.to, u.status, u.attempts])).to.deep.equal([
        ['appt-kim', 'ConsiderTeleHealth', '+614•••••890', 'unknown', 1],
        ['appt-alex', 'ConsiderTeleHealth', '+614•••••678', 'unknown', 1],
      ]);
      expect(listed[0]!.createdAt).to.equal(new Date(clock.now() - 5 * 60_000).toISOString());
      expect(JSON.stringify(listed), 'never the text').to.not.contain('Hi Kim').and.not.contain('video consult');
      await host.runTodayCycle();
      expect([...(await sentBy(host, ALEX)), ...(await sentBy(host, KIM))], 'nothing sent again on its own').to.deep.equal([]);
      await host.stop();

      // Second restart: nothing was cut off this time, and they are still there.
      clock.advance(5 * 60_000);
      host = await startSimulatorHost(folder.dir, clock);
      const status = await host.control.status();
      expect(status.unknownSends).to.equal(2);
      expect(status.messagesToday).to.include({ sent: 0, unknown: 2 });
      expect((await listUnknown(host)).map((u) => u.appointmentId)).to.deep.equal(['appt-kim', 'appt-alex']);
      const [kim, alex] = listed;

      // Alex's: the patient says it arrived.
      const api = new ApiClient(host.apiUrl);
      const delivered = await api.post<UnknownItem>(`/api/messages/unknown/${alex!.id}/delivered`, { by: 'Sam at reception' });
      expect(delivered.resolution).to.deep.equal({
        outcome: 'delivered',
        by: 'Sam at reception',
        at: new Date(clock.now()).toISOString(),
        note: 'a person confirmed it arrived',
      });

      // Kim's: sent again, exactly once, even when asked twice.
      const again = await api.post<{ original: UnknownItem; resend: UnknownItem }>(`/api/messages/unknown/${kim!.id}/send-again`, { by: 'Sam at reception' });
      expect(again.resend).to.include({ appointmentId: 'appt-kim', template: 'ConsiderTeleHealth', status: 'sent' });
      expect(again.original.resolution).to.include({ outcome: 'resent', by: 'Sam at reception' });
      expect(again.original.resolution!.note).to.match(/^resent as appt-kim:screening:.*#resend-1 \(sent, SMsim[0-9a-f]{32}\)$/);
      const twice = await api.post<{ original: UnknownItem; resend: UnknownItem }>(`/api/messages/unknown/${kim!.id}/send-again`, undefined);
      expect(twice).to.deep.equal(again);
      expect(await sentBy(host, KIM)).to.deep.equal(['Hi Kim, is a video consult OK? Reply YES or NO.']);

      const after = await host.control.status();
      expect(after.unknownSends).to.equal(0);
      expect(after.messagesToday).to.include({ sent: 2, unknown: 0 });
      expect(await listUnknown(host)).to.deep.equal([]);
      await host.stop();

      // The decisions outlive the host, and the engine still does not send either text again.
      host = await startSimulatorHost(folder.dir, clock);
      expect((await host.control.status()).unknownSends).to.equal(0);
      const resolved = await listUnknown(host, 'resolved');
      expect(resolved.map((u) => [u.appointmentId, u.resolution?.outcome, u.resolution?.by])).to.deep.equal([
        ['appt-kim', 'resent', 'Sam at reception'],
        ['appt-alex', 'delivered', 'Sam at reception'],
      ]);
      await host.runTodayCycle();
      expect([...(await sentBy(host, ALEX)), ...(await sentBy(host, KIM))]).to.deep.equal([]);
    });

    it('refuses to send again to a number that opted out, or a text the retention purge removed, and keeps them open', async () => {
      await twoUnknownSends();
      const store = await openSqliteStore(storePath());
      await store.setOptedOut(KIM, true, clock.now());
      const alexEntry = await store.findOutbox(screeningKey.alex);
      await store.purgeBodiesBefore(alexEntry!.createdAt + 1);
      await store.close();

      host = await startSimulatorHost(folder.dir, clock);
      const [kim, alex] = await listUnknown(host);
      const api = new ApiClient(host.apiUrl);
      const refused = (id: number) =>
        api.post(`/api/messages/unknown/${id}/send-again`, { by: 'Sam' }).then(
          () => 'sent',
          (e: Error) => e.message,
        );
      expect(await refused(kim!.id)).to.match(/→ 409: .*opted out/);
      expect(await refused(alex!.id)).to.match(/→ 409: .*retention purge/);
      expect(await sentBy(host, KIM)).to.deep.equal([]);
      expect((await host.control.status()).unknownSends).to.equal(2);
      expect(await api.post<UnknownItem>(`/api/messages/unknown/${kim!.id}/dismiss`, {}).then((u) => u.resolution)).to.include({
        outcome: 'dismissed',
        by: 'api',
      });
      expect(await api.post(`/api/messages/unknown/${kim!.id}/delivered`, {}).catch((e: Error) => e.message)).to.match(
        /→ 409: .*already resolved as dismissed by api/,
      );
      expect((await host.control.status()).unknownSends).to.equal(1);
    });
  });
});
