import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFromObject } from '../../core/config/load.js';
import type { LoadedConfig } from '../../core/config/types.js';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import { startHost, type RunningHost } from '../../core/runtime/host.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { createSilentLogger } from '@clinic-arrivals/plugin-kit/testing';

/*
 * A host on the four simulators, with its store in a tmp folder and the API on a free port,
 * loops off (the test drives them), and a tiny JSON client for the API.
 */

export const CLINIC = { name: 'Test Street Medical', phone: '+61390000000', timeZone: 'Australia/Melbourne', region: 'AU', locale: 'en-AU' };

/** A folder for one test's store and config; `remove()` deletes it. */
export function tmpFolder(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'ca-e2e-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Loads a simulator config (validated by the real loader) whose store lives in `dir`. */
export function simulatorConfig(dir: string, extra: Record<string, unknown> = {}): Promise<LoadedConfig> {
  return loadConfigFromObject(
    {
      clinic: CLINIC,
      pms: { use: 'pms-simulator' },
      sms: { use: 'sms-simulator', options: { print: false } },
      inbox: { use: 'inbox-simulator' },
      video: { use: 'video-simulator', options: { baseUrl: 'https://video.test.example' } },
      store: { path: './store.sqlite' },
      logging: { level: 'silent' },
      ...extra,
    },
    { file: join(dir, 'clinicarrivals.config.yaml'), dir, env: {} },
  );
}

/** Starts the host by hand-driven loops on a manual clock. */
export async function startSimulatorHost(
  dir: string,
  clock: ManualClock,
  logger: Logger = createSilentLogger(),
  extra: Record<string, unknown> = {},
): Promise<RunningHost> {
  return startHost(await simulatorConfig(dir, extra), { clock, logger, apiPort: 0, startLoops: false, printBanner: false });
}

/** JSON over HTTP against the host's API; throws with the body on a non-2xx answer. */
export class ApiClient {
  constructor(private readonly base: string) {}

  get<T = any>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T = any>(path: string, body: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  patch<T = any>(path: string, body: unknown): Promise<T> {
    return this.call<T>('PATCH', path, body);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(this.base + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** A text as GET /api/simulator/sms/sent shows it. */
export interface SentText {
  providerId: string;
  to: string;
  body: string;
  at: string;
}

/** Two morning appointments with Dr Lee (Alex at 10:00, Sam at 10:30), for `POST /api/simulator/appointments`. */
export const MORNING = [
  {
    id: 'appt-alex',
    start: '2026-11-23T10:00:00+11:00',
    end: '2026-11-23T10:15:00+11:00',
    patient: { id: 'pat-alex', name: 'Alex Citizen', firstName: 'Alex', mobile: '0412 345 678' },
    practitioner: { id: 'prac-lee', name: 'Dr Lee' },
  },
  {
    id: 'appt-sam',
    start: '2026-11-23T10:30:00+11:00',
    end: '2026-11-23T10:45:00+11:00',
    patient: { id: 'pat-sam', name: 'Sam Jones', firstName: 'Sam', mobile: '0423 456 789' },
    practitioner: { id: 'prac-lee', name: 'Dr Lee' },
  },
];

/** A simulator host on a manual clock at 08:00 on 23 November, with the {@link MORNING} appointments booked through its API. */
export interface MorningHost {
  folder: ReturnType<typeof tmpFolder>;
  clock: ManualClock;
  host: RunningHost;
  api: ApiClient;
  /** Texts the SMS simulator sent, all or to one number. */
  sent(to?: string): Promise<SentText[]>;
  /** The last text sent to `to` ('' when none). */
  lastTo(to: string): Promise<string>;
  /** A patient's text through the inbox simulator, handled by one inbox pass. */
  reply(from: string, body: string): Promise<void>;
  /** The simulated PMS status of appointment `id`. */
  statusOf(id: string): Promise<string>;
  /** Stops the host and deletes its folder. */
  stop(): Promise<void>;
}

export async function startMorningHost(): Promise<MorningHost> {
  const folder = tmpFolder();
  const clock = new ManualClock('2026-11-23T08:00:00+11:00');
  const host = await startSimulatorHost(folder.dir, clock);
  const api = new ApiClient(host.apiUrl);
  for (const appointment of MORNING) await api.post('/api/simulator/appointments', appointment);
  const sent = async (to?: string): Promise<SentText[]> => {
    const { items } = await api.get<{ items: SentText[] }>('/api/simulator/sms/sent');
    return to ? items.filter((m) => m.to === to) : items;
  };
  return {
    folder,
    clock,
    host,
    api,
    sent,
    lastTo: async (to) => (await sent(to)).at(-1)?.body ?? '',
    reply: async (from, body) => {
      await api.post('/api/simulator/inbox', { from, body });
      expect(await host.handleInboxOnce(), 'replies handled in one inbox pass').to.equal(1);
    },
    statusOf: async (id) => {
      const { items } = await api.get<{ items: Array<{ id: string; status: string }> }>('/api/simulator/appointments');
      return items.find((a) => a.id === id)!.status;
    },
    stop: async () => {
      await host.stop();
      folder.remove();
    },
  };
}
