import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type pg from 'pg';
import { putResource } from '../fhir/fhir-seed.js';
import { startFhirTestServer, type FhirTestServer } from '../fhir/fhir-test-server.js';
import { startTwilioStandIn, type StandInMessage, type TwilioStandIn } from '../stand-ins/twilio/index.js';
import type { FleetDatabase } from './fleet-support.js';
import { ReplicaProcess } from './replica-process.js';

/*
 * A fleet of real replica processes on one PostgreSQL schema, one shared PMS and one Twilio:
 * the FHIR test server (each clinic reads the appointments at its own Location) and the Twilio
 * stand-in (each clinic texts from its own number) run in the test process, so every text any
 * replica sends lands in one place. Leases are short (5 s, the least the schema allows; checked
 * every 0.3 s) and each clinic polls its PMS every second.
 */

const ACCOUNT_SID = `AC${'4f'.repeat(16)}`;
const AUTH_TOKEN = 'replica-e2e-auth-token';
export const LEASE_SECONDS = 5;
const MINUTE = 60_000;

/**
 * A fixed-offset zone in which it is late morning now, so an appointment an hour or two from
 * now is today at the clinic and inside its sending hours: the replicas run on the real clock.
 */
export function lateMorningZone(now = Date.now()): string {
  const offset = 11 - new Date(now).getUTCHours(); // -12 … +11 hours from UTC
  return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`; // Etc/GMT-10 is UTC+10
}

/** The clinic's own Twilio number (the From of its texts). */
export const clinicNumber = (index: number) => `+614800000${String(index).padStart(2, '0')}`;

/** One booked visit as the test sees it. */
export interface Booking {
  clinic: string;
  appointmentId: string;
  /** The patient's mobile in E.164 (the To of the text). */
  mobile: string;
}

/** A lease row as the database has it now. */
export interface LeaseRow {
  replica: string | null;
  token: number;
  live: boolean;
}

/** An outbox row as the test compares it. */
export interface OutboxRow {
  key: string;
  appointmentId: string;
  status: string;
  providerId: string | null;
  resolution: string | null;
  /** What the provider check last found (unknown sends). */
  checkNote: string | null;
}

export class ReplicaFleet {
  readonly replicas: ReplicaProcess[] = [];
  readonly bookings: Booking[] = [];
  private readonly clinicIndex = new Map<string, number>();
  private patients = 0;

  private constructor(
    readonly db: FleetDatabase,
    private readonly pool: pg.Pool,
    readonly fhir: FhirTestServer,
    readonly twilio: TwilioStandIn,
    readonly dir: string,
    readonly timeZone: string,
  ) {}

  /** The PMS, Twilio and a fleet file whose clinics are `clinicIds` (no replica started yet). */
  static async start(db: FleetDatabase, pool: pg.Pool, clinicIds: readonly string[]): Promise<ReplicaFleet> {
    const fhir = await startFhirTestServer();
    const twilio = await startTwilioStandIn({ accounts: [{ sid: ACCOUNT_SID, authToken: AUTH_TOKEN }] });
    const dir = mkdtempSync(join(tmpdir(), 'ca-replicas-'));
    const fleet = new ReplicaFleet(db, pool, fhir, twilio, dir, lateMorningZone());
    mkdirSync(join(dir, 'clinics'));
    writeFileSync(join(dir, 'clinicarrivals.config.yaml'), stringify(fleet.fleetFile()));
    for (const id of clinicIds) await fleet.addClinic(id);
    return fleet;
  }

  get configFile(): string {
    return join(this.dir, 'clinicarrivals.config.yaml');
  }

  /** Starts a replica process named `id`. */
  startReplica(id: string): ReplicaProcess {
    const replica = ReplicaProcess.start(id, this.configFile, { TWILIO_AUTH_TOKEN: AUTH_TOKEN });
    this.replicas.push(replica);
    return replica;
  }

  replica(id: string): ReplicaProcess {
    const found = this.replicas.find((r) => r.id === id);
    if (!found) throw new Error(`no replica ${id}`);
    return found;
  }

  numberOf(clinic: string): string {
    return clinicNumber(this.clinicIndex.get(clinic)!);
  }

  /**
   * Books a visit at the clinic `minutesFromNow` ahead (a new patient with a mobile of their
   * own), as reception would in the PMS: the replica working the clinic sees it at its next poll.
   */
  async book(clinic: string, minutesFromNow = 90): Promise<Booking> {
    const index = this.clinicIndex.get(clinic)!;
    const n = ++this.patients;
    const patientId = `pat-${clinic}-${n}`;
    const local = `0412 ${String(index).padStart(3, '0')} ${String(n).padStart(3, '0')}`;
    await putResource(this.fhir.baseUrl, {
      resourceType: 'Patient',
      id: patientId,
      name: [{ use: 'official', family: `Patient${n}`, given: ['Sam'] }],
      telecom: [{ system: 'phone', use: 'mobile', value: local }],
    });
    const appointmentId = `appt-${clinic}-${n}`;
    await putResource(this.fhir.baseUrl, {
      resourceType: 'Appointment',
      id: appointmentId,
      status: 'booked',
      start: new Date(Math.ceil((Date.now() + minutesFromNow * MINUTE) / MINUTE) * MINUTE).toISOString(),
      minutesDuration: 15,
      participant: [
        { actor: { reference: `Patient/${patientId}` }, status: 'accepted' },
        { actor: { reference: `Practitioner/pr-${clinic}` }, status: 'accepted' },
        { actor: { reference: `Location/loc-${clinic}` }, status: 'accepted' },
      ],
    });
    const booking = { clinic, appointmentId, mobile: `+61412${String(index).padStart(3, '0')}${String(n).padStart(3, '0')}` };
    this.bookings.push(booking);
    return booking;
  }

  /** Texts Twilio accepted from the clinic's number, oldest first. */
  textsOf(clinic: string): StandInMessage[] {
    return this.twilio.sent().filter((m) => m.from === this.numberOf(clinic));
  }

  /** Each clinic's lease as the database has it now. */
  async leases(): Promise<Map<string, LeaseRow>> {
    const { rows } = await this.pool.query<{ clinic_id: string; replica_id: string | null; token: string; live: boolean }>(
      'SELECT clinic_id, replica_id, token, (replica_id IS NOT NULL AND expires_at > now()) AS live FROM clinic_leases WHERE clinic_id = ANY($1::text[])',
      [[...this.clinicIndex.keys()]],
    );
    return new Map(rows.map((row) => [row.clinic_id, { replica: row.replica_id, token: Number(row.token), live: row.live }]));
  }

  /** The replica holding the clinic's live lease now, if any. */
  async holderOf(clinic: string): Promise<LeaseRow | undefined> {
    const lease = (await this.leases()).get(clinic);
    return lease?.live ? lease : undefined;
  }

  /** The clinic's outbox rows, oldest first. */
  async outbox(clinic: string): Promise<OutboxRow[]> {
    const { rows } = await this.pool.query<{
      key: string;
      appointment_id: string;
      status: string;
      provider_id: string | null;
      resolution: string | null;
      check_note: string | null;
    }>('SELECT key, appointment_id, status, provider_id, resolution, check_note FROM outbox WHERE clinic_id = $1 ORDER BY id', [clinic]);
    return rows.map((r) => ({
      key: r.key,
      appointmentId: r.appointment_id,
      status: r.status,
      providerId: r.provider_id,
      resolution: r.resolution,
      checkNote: r.check_note,
    }));
  }

  /** Stops every replica still running (killing the ones that do not stop), then the PMS and Twilio. */
  async close(): Promise<void> {
    await Promise.all(this.replicas.map((replica) => replica.stop(5_000)));
    // A killed replica's heartbeat would count as live for one TTL: the next fleet on this schema starts clean.
    await this.pool.query('DELETE FROM fleet_replicas');
    await this.twilio.close();
    await this.fhir.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private fleetFile(): Record<string, unknown> {
    const url = `${this.db.url}?options=${encodeURIComponent(`-c search_path=${this.db.schema}`)}`;
    return {
      clinics: './clinics',
      store: { use: 'postgres', url, poolMax: 4 },
      fleet: { replicaId: '${REPLICA_ID}', leaseSeconds: LEASE_SECONDS, checkSeconds: 0.3 },
      api: { port: 0 },
      logging: { level: 'info' },
      clinic: { region: 'AU', locale: 'en-AU', timeZone: this.timeZone },
      pms: { use: 'pms-fhir-r4', options: { baseUrl: this.fhir.baseUrl } },
      sms: { use: 'sms-twilio', options: { accountSid: ACCOUNT_SID, authToken: '${TWILIO_AUTH_TOKEN}', apiBaseUrl: this.twilio.url, retries: 0 } },
      inbox: { use: 'inbox-simulator' },
      video: { use: 'none' },
      workflow: { pollSeconds: 1 },
    };
  }

  private async addClinic(id: string): Promise<void> {
    const index = this.clinicIndex.size + 1;
    this.clinicIndex.set(id, index);
    await putResource(this.fhir.baseUrl, { resourceType: 'Location', id: `loc-${id}`, name: `Clinic ${id}` });
    await putResource(this.fhir.baseUrl, { resourceType: 'Practitioner', id: `pr-${id}`, name: [{ text: `Dr ${id}` }] });
    const clinicFile = {
      clinic: { name: `Clinic ${id}`, phone: '+61290000000' },
      pms: { options: { filters: { location: [`Location/loc-${id}`] } } },
      sms: { options: { from: clinicNumber(index) } },
    };
    writeFileSync(join(this.dir, 'clinics', `${id}.yaml`), stringify(clinicFile));
  }
}
