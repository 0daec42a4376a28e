import { join } from 'node:path';
import { loadConfigFromObject } from '../../core/config/load.js';
import type { Appointment } from '@clinic-arrivals/plugin-kit';
import { startHost, type RunningHost } from '../../core/runtime/host.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { createSilentLogger } from '@clinic-arrivals/plugin-kit/testing';
import { startFhirTestServer, type FhirTestServer } from '../fhir/fhir-test-server.js';
import { seedAppointments, type SeedInput } from '../fhir/fhir-seed.js';
import { ApiClient, tmpFolder, type SentText } from './simulator-host.js';

/*
 * The host with pms-fhir-r4 as its PMS, against the real FHIR test server, and simulated
 * SMS, inbox and video. The test plays three people: the patient (texts through the inbox
 * simulator), reception (edits the Appointment on the FHIR server directly, as the PMS's own
 * screens would) and the clinic's admin (the local API).
 */

export const CLINIC = { name: 'Harbour Family Practice', phone: '+61290000000', timeZone: 'Australia/Sydney', region: 'AU', locale: 'en-AU' };
/** The static token the host is configured with; reception's own requests carry it too. */
export const FHIR_TOKEN = 'e2e-fhir-token-7f3a';

/** A FHIR Appointment as stored, in plain JSON. */
export type FhirJson = Record<string, any> & { id?: string; meta?: { versionId?: string; lastUpdated?: string } };

/** Everything one test needs, and `close()` to undo it all. */
export interface FhirWorld {
  server: FhirTestServer;
  host: RunningHost;
  api: ApiClient;
  clock: ManualClock;
  /** The seeded appointments, with the server's ids for appointments, patients and practitioners. */
  seeded: Appointment[];
  /** How many requests the server had received when seeding finished (the rest came from the host or the test). */
  requestsAfterSeeding: number;
  close(): Promise<void>;
}

/** Starts the FHIR server, seeds it, then starts the host on a manual clock with loops off. */
export async function startFhirWorld(appointments: SeedInput[], startAt: string, options: { workflow?: Record<string, unknown> } = {}): Promise<FhirWorld> {
  const folder = tmpFolder();
  const server = await startFhirTestServer();
  let host: RunningHost | undefined;
  try {
    const seeded = await seedAppointments(server.baseUrl, appointments);
    for (const appointment of seeded) await addPmsDetails(server, appointment.id);
    const requestsAfterSeeding = server.requests.length;
    const loaded = await loadConfigFromObject(
      {
        clinic: CLINIC,
        pms: { use: 'pms-fhir-r4', options: { baseUrl: server.baseUrl, auth: { type: 'bearer', token: FHIR_TOKEN } } },
        sms: { use: 'sms-simulator', options: { print: false } },
        inbox: { use: 'inbox-simulator' },
        video: { use: 'video-simulator', options: { baseUrl: 'https://video.test.example' } },
        store: { path: './store.sqlite' },
        logging: { level: 'silent' },
        ...(options.workflow ? { workflow: options.workflow } : {}),
      },
      { file: join(folder.dir, 'clinicarrivals.config.yaml'), dir: folder.dir, env: {} },
    );
    const clock = new ManualClock(startAt);
    host = await startHost(loaded, { clock, logger: createSilentLogger(), apiPort: 0, startLoops: false, printBanner: false });
    const running = host;
    return {
      server,
      host,
      clock,
      seeded,
      requestsAfterSeeding,
      api: new ApiClient(host.apiUrl),
      close: async () => {
        await running.stop();
        await server.close();
        folder.remove();
      },
    };
  } catch (error) {
    await host?.stop();
    await server.close();
    folder.remove();
    throw error;
  }
}

const authorised = { authorization: `Bearer ${FHIR_TOKEN}` };

/** An extension of the PMS's own that the host must carry through its writes untouched. */
export const PMS_OWN_EXTENSION = { url: 'https://pms.example.test/fhir/StructureDefinition/billing-code', valueString: 'A23' };

/**
 * Fills in what a real PMS record carries beyond what the host reads (identifiers, tags,
 * comments, participant roles, its own extensions, an extension on a primitive), so a write
 * that loses or reorders anything shows up in the field-by-field comparisons.
 */
async function addPmsDetails(server: FhirTestServer, id: string): Promise<void> {
  const current = await readAppointment(server, id);
  const participant = (current.participant as Array<Record<string, unknown>>).map((p, index) => ({
    ...p,
    type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: index === 0 ? 'SBJ' : 'PPRF' }] }],
    required: 'required',
  }));
  const detailed = {
    ...current,
    meta: { tag: [{ system: 'https://pms.example.test/tags', code: 'imported' }] },
    identifier: [{ system: 'https://pms.example.test/appointment-id', value: `PMS-${id.slice(0, 8)}` }],
    extension: [PMS_OWN_EXTENSION],
    _status: { extension: [{ url: 'https://pms.example.test/fhir/StructureDefinition/status-by', valueString: 'front desk' }] },
    serviceType: [{ text: 'Standard consultation' }],
    description: 'Follow-up visit',
    comment: 'Prefers afternoon calls',
    minutesDuration: 15,
    participant,
  };
  const response = await fetch(`${server.baseUrl}/Appointment/${id}`, {
    method: 'PUT',
    headers: { ...authorised, 'content-type': 'application/fhir+json' },
    body: JSON.stringify(detailed),
  });
  if (!response.ok) throw new Error(`PUT Appointment/${id} → ${response.status}: ${await response.text()}`);
}

/** A plain FHIR read of an Appointment, as any other client of the PMS would do it. */
export async function readAppointment(server: FhirTestServer, id: string): Promise<FhirJson> {
  const response = await fetch(`${server.baseUrl}/Appointment/${id}`, { headers: { ...authorised, accept: 'application/fhir+json' } });
  if (!response.ok) throw new Error(`GET Appointment/${id} → ${response.status}: ${await response.text()}`);
  return (await response.json()) as FhirJson;
}

/** Reception changes the status in the PMS: read, edit, PUT with If-Match on the version read. */
export async function setStatusAtReception(server: FhirTestServer, id: string, status: string): Promise<FhirJson> {
  const current = await readAppointment(server, id);
  const response = await fetch(`${server.baseUrl}/Appointment/${id}`, {
    method: 'PUT',
    headers: { ...authorised, 'content-type': 'application/fhir+json', 'if-match': `W/"${current.meta!.versionId}"` },
    body: JSON.stringify({ ...current, status }),
  });
  if (!response.ok) throw new Error(`PUT Appointment/${id} → ${response.status}: ${await response.text()}`);
  return (await response.json()) as FhirJson;
}

/** The resource without the fields named, and without the two `meta` fields every write changes. */
export function without(resource: FhirJson, ...fields: string[]): FhirJson {
  const copy: FhirJson = JSON.parse(JSON.stringify(resource));
  for (const field of fields) delete copy[field];
  delete copy.meta?.versionId;
  delete copy.meta?.lastUpdated;
  return copy;
}

/** Writes (PUT/POST/PATCH) the server received for one Appointment since seeding. */
export function writesTo(world: FhirWorld, id: string): string[] {
  return world.server.requests
    .slice(world.requestsAfterSeeding)
    .filter((r) => r.method !== 'GET' && r.url.split('?')[0] === `Appointment/${id}`)
    .map((r) => `${r.method} ${r.url}`);
}

/** The patient's side of the conversation, through the simulators and the local API. */
export class Patient {
  constructor(
    private readonly world: FhirWorld,
    readonly mobileE164: string,
    private readonly textsFrom = mobileE164,
  ) {}

  /** Every text the host sent this patient, oldest first. */
  async texts(): Promise<string[]> {
    const { items } = await this.world.api.get<{ items: SentText[] }>('/api/simulator/sms/sent');
    return items.filter((m) => m.to === this.mobileE164).map((m) => m.body);
  }

  async lastText(): Promise<string | undefined> {
    return (await this.texts()).at(-1);
  }

  /** Texts the clinic and waits until the host has handled the reply. */
  async reply(body: string): Promise<void> {
    await this.world.api.post('/api/simulator/inbox', { from: this.textsFrom, body });
    const handled = await this.world.host.handleInboxOnce();
    if (handled !== 1) throw new Error(`expected the host to handle 1 reply, it handled ${handled}`);
  }
}
