import type { RunningHost } from '../../core/runtime/host.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { ApiClient, MORNING, startSimulatorHost, tmpFolder } from '../e2e/simulator-host.js';

/** Monday morning at the clinic (Melbourne summer, UTC+11). */
export const CLINIC_MORNING = '2026-11-23T08:00:00+11:00';

/** The two morning appointments with Dr Lee and one video with Dr Okafor. Numbers end 678, 789, 890. */
export const SEEDED = [
  ...MORNING,
  {
    id: 'appt-noor',
    start: '2026-11-23T11:15:00+11:00',
    end: '2026-11-23T11:30:00+11:00',
    patient: { id: 'pat-noor', name: 'Noor Haddad', firstName: 'Noor', mobile: '0434 567 890' },
    practitioner: { id: 'prac-okafor', name: 'Dr Okafor' },
    isVideo: true,
  },
];

/** A simulator host with the seeded day read once, as reception finds it in the morning. */
export interface ReceptionHost {
  host: RunningHost;
  api: ApiClient;
  clock: ManualClock;
  url: string;
  stop(): Promise<void>;
}

/** @param config extra config keys over the simulator's (e.g. `workflow`). */
export async function startReceptionHost(config: Record<string, unknown> = {}): Promise<ReceptionHost> {
  const folder = tmpFolder();
  const clock = new ManualClock(CLINIC_MORNING);
  const host = await startSimulatorHost(folder.dir, clock, undefined, config);
  const api = new ApiClient(host.apiUrl);
  for (const appointment of SEEDED) await api.post('/api/simulator/appointments', appointment);
  await host.runTodayCycle();
  return {
    host,
    api,
    clock,
    url: host.apiUrl,
    stop: async () => {
      await host.stop();
      folder.remove();
    },
  };
}
