import type { LogLevel } from '../../core/runtime/logger.js';
import { createLogger } from '../../core/runtime/logger.js';
import { startHost } from '../../core/runtime/host.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { ApiClient, simulatorConfig, tmpFolder, type SentText } from '../e2e/simulator-host.js';
import type { SeededAppointment } from './patient-data.js';
import { simulatorsOf } from '../simulator-services.js';

/** What a logged day produced: the raw log and the patient data the log must not hold. */
export interface LoggedDay {
  /** Everything the host's logger wrote, exactly as written (JSON lines). */
  log: string;
  /** The demo day the host seeded (patients with names and numbers). */
  appointments: SeededAppointment[];
  /** Every text of the day: sent by the host and received from patients. */
  texts: string[];
}

/**
 * A whole clinic day through the real host on the simulators, its logger writing JSON lines
 * to a capture at `level`: the demo seed (registration for tomorrow, screening, a video
 * consult, an arrived patient), replies that are understood, not understood and from an
 * unknown number, a send the provider refuses and its retry, reception's room and the
 * doctor-ready text, the status page, and a clean stop.
 */
export async function runLoggedDay(level: LogLevel): Promise<LoggedDay> {
  const folder = tmpFolder();
  let log = '';
  const logger = createLogger({ level, destination: { write: (line: string) => void (log += line) } });
  const clock = new ManualClock('2026-11-23T09:00:00+11:00');
  const loaded = await simulatorConfig(folder.dir, { demo: true });
  const host = await startHost(loaded, { clock, logger, apiPort: 0, startLoops: false, printBanner: false });
  const received: string[] = [];
  try {
    const api = new ApiClient(host.apiUrl);
    const { items: appointments } = await api.get<{ items: Array<SeededAppointment & { id: string; isVideo?: boolean; status: string }> }>(
      '/api/simulator/appointments',
    );
    const mobileOf = (suffix: string) => appointments.find((a) => a.id.endsWith(suffix))!.patient.mobile!;
    const reply = async (from: string, body: string) => {
      received.push(body);
      await api.post('/api/simulator/inbox', { from, body });
      await host.handleInboxOnce();
    };

    await host.runUpcomingCycle();
    await host.runTodayCycle();
    await reply(mobileOf('-screening'), 'what is this about?');
    await reply(mobileOf('-screening'), 'No');
    await reply(mobileOf('-tomorrow'), 'Thanks, see you tomorrow at ten');
    await reply('0499 999 999', 'hello, is this the clinic?');

    clock.set('2026-11-23T09:05:00+11:00');
    simulatorsOf(host).sms.failNext('unavailable');
    await host.runTodayCycle();
    clock.advance(60_000);
    await host.runTodayCycle();
    await reply(mobileOf('-video'), 'JOINED');

    clock.set('2026-11-23T09:55:00+11:00');
    await reply(mobileOf('-screening'), 'arrived');
    const screening = appointments.find((a) => a.id.endsWith('-screening'))!;
    await api.patch('/api/practitioners/demo-prac-taylor', { room: 'room 9' });
    clock.set('2026-11-23T10:05:00+11:00');
    await api.patch(`/api/simulator/appointments/${screening.id}`, { status: 'fulfilled' });
    await host.runTodayCycle();

    await api.get('/api/status');
    await api.get('/api/appointments/today');
    await api.get('/api/messages/unprocessed');
    const { items: sent } = await api.get<{ items: SentText[] }>('/api/simulator/sms/sent');
    await host.stop();
    return { log, appointments, texts: [...sent.map((text) => text.body), ...received] };
  } finally {
    await host.stop();
    folder.remove();
  }
}
