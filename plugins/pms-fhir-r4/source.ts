import type { Appointment, AppointmentListing, AppointmentSource, TimeRange } from '@clinic-arrivals/plugin-kit';
import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { ClinicInfo, HealthReport, PhoneNumbers, PluginHealthReporter } from '@clinic-arrivals/plugin-kit';
import { classify, ClinicArrivalsError, CODES, describeError } from '@clinic-arrivals/plugin-kit';
import { PMS_UNMAPPED_ERROR } from './errors.js';
import { createAuthProvider, type AuthProvider } from './auth.js';
import { FhirConnection, type Sleep } from './client.js';
import { mapAppointment } from './mapping.js';
import { checkCapabilities, type ServerFacts } from './metadata.js';
import type { FhirPmsOptions } from './options.js';
import { WindowReader, type ReadKind } from './window-reader.js';
import type { SmartFetch } from './smart-auth.js';
import { applyChange, markArrivedChange, videoConsultChange, type AppointmentChange } from './update.js';
import { cancelByPatientChange, confirmChange, fhirDateTime } from './patient-replies.js';

export interface FhirSourceContext {
  logger: Logger;
  clock: Clock;
  clinic: ClinicInfo;
  phone: PhoneNumbers;
  configDir: string;
  /** The host's health window, told about retries. */
  health?: PluginHealthReporter;
}

/** Test seams: instant sleeps, another fetch for the token endpoint. */
export interface FhirSourceSeams {
  sleep?: Sleep;
  fetch?: SmartFetch;
}

interface PollStats {
  at: number;
  truncated: boolean;
  appointments: number;
  requests: number;
  skipped: Record<string, number>;
  kind: ReadKind;
}

/**
 * The appointment source for any FHIR R4 PMS. Reads a window with one search (plus pages and
 * gap reads), maps what it can and counts what it skips; writes arrivals, video consults and
 * patients' confirmations and cancellations as conditional updates of the freshly read resource.
 */
export class FhirAppointmentSource implements AppointmentSource {
  readonly connection: FhirConnection;
  private readonly auth: AuthProvider;
  private readonly logger: Logger;
  private readonly reader: WindowReader;
  private server?: ServerFacts;
  private lastPoll?: PollStats;
  private lastError?: ClinicArrivalsError;
  private unconditionalUpdates = 0;
  private conflictsSeen = 0;

  constructor(
    private readonly options: FhirPmsOptions,
    private readonly ctx: FhirSourceContext,
    seams: FhirSourceSeams = {},
  ) {
    this.logger = ctx.logger;
    this.auth = createAuthProvider(options.auth, {
      baseUrl: options.baseUrl,
      configDir: ctx.configDir,
      clock: ctx.clock,
      timeoutMs: options.timeoutMs,
      fetch: seams.fetch,
    });
    this.connection = new FhirConnection(options, this.auth, { logger: ctx.logger, sleep: seams.sleep, health: ctx.health });
    this.reader = new WindowReader(this.connection, options, ctx.clock, ctx.clinic.timeZone);
  }

  /** Checks the key material, then `/metadata`: FHIR 4.x and Appointment search by date, or refuses. */
  async start(): Promise<void> {
    this.server = await this.track(async () => {
      await this.auth.prepare();
      return checkCapabilities(await this.connection.capabilityStatement(), this.options);
    });
    if (!this.server.lastUpdatedSearch) this.reader.serverLacksLastUpdated();
    this.logger.info(
      { fhirVersion: this.server.fhirVersion, software: this.server.software, auth: this.auth.description, warnings: this.server.warnings },
      'FHIR server ready',
    );
  }

  async listAppointments(range: TimeRange): Promise<AppointmentListing> {
    if (!(range.to > range.from)) return { appointments: [], skipped: {} };
    const requestsBefore = this.connection.requestCount;
    const data = await this.track(() => this.reader.read(range));
    const appointments: Appointment[] = [];
    const skipped: Record<string, number> = {};
    for (const raw of data.appointments) {
      const result = mapAppointment(raw, { options: this.options, index: data.index, phone: this.ctx.phone });
      if ('skipped' in result) {
        skipped[result.skipped] = (skipped[result.skipped] ?? 0) + 1;
        this.logger.debug({ appointmentId: raw.id, reason: result.skipped }, 'FHIR appointment skipped');
        continue;
      }
      // Servers differ in how they read a date search; the window is enforced here as instants.
      const start = Date.parse(result.appointment.start);
      if (start >= range.from && start < range.to) appointments.push(result.appointment);
    }
    const total = Object.values(skipped).reduce((a, b) => a + b, 0);
    if (total > 0) this.logger.warn({ skipped }, `${total} FHIR appointment(s) skipped`);
    if (data.truncated) this.logger.warn({ maxPages: this.options.maxPages }, 'FHIR search stopped at maxPages; later appointments were not read');
    this.lastPoll = {
      at: this.ctx.clock.now(),
      truncated: data.truncated,
      appointments: appointments.length,
      requests: this.connection.requestCount - requestsBefore,
      skipped,
      kind: this.reader.lastKind,
    };
    return { appointments, skipped };
  }

  markArrived(appointmentId: string): Promise<void> {
    return this.change(appointmentId, markArrivedChange);
  }

  recordVideoConsult(appointmentId: string, practitionerLink: string): Promise<void> {
    return this.change(appointmentId, videoConsultChange(this.options, practitionerLink));
  }

  /** The patient participant accepted and the confirmation extension added; a second confirmation changes nothing. */
  async confirmAppointment(appointmentId: string, confirmedAt: string): Promise<void> {
    await this.change(appointmentId, confirmChange(this.options, fhirDateTime(confirmedAt)));
  }

  /** `cancelled` with reason `pat`, while still before arrival. */
  cancelAppointment(appointmentId: string): Promise<void> {
    return this.change(appointmentId, cancelByPatientChange);
  }

  /** Nothing to release: requests are one-shot fetches. Idempotent. */
  async stop(): Promise<void> {}

  health(): HealthReport {
    const skipped = this.lastPoll?.skipped ?? {};
    const skippedTotal = Object.values(skipped).reduce((a, b) => a + b, 0);
    const notes: string[] = [];
    if (skippedTotal)
      notes.push(
        `${skippedTotal} appointment(s) skipped in the last poll (${Object.entries(skipped)
          .map(([k, v]) => `${k}: ${v}`)
          .join(', ')})`,
      );
    if (this.lastPoll?.truncated) notes.push(`the last poll stopped after maxPages (${this.options.maxPages}) pages`);
    if (this.unconditionalUpdates) notes.push('server has no versioning: updates are plain PUTs, not conditional');
    notes.push(...(this.server?.warnings ?? []));
    if (this.reader.filtersMatchNothing) notes.push('the organization filter matched no Location: no appointments are read');
    const data = {
      fhirVersion: this.server?.fhirVersion,
      software: this.server?.software,
      auth: this.auth.description,
      lastPollAt: this.lastPoll ? new Date(this.lastPoll.at).toISOString() : undefined,
      lastPollAppointments: this.lastPoll?.appointments,
      lastPollRequests: this.lastPoll?.requests,
      lastPollKind: this.lastPoll?.kind,
      readsChangesOnly: this.reader.fullReadsOnly === undefined,
      skipped,
      unconditionalUpdates: this.unconditionalUpdates,
      conflicts: this.conflictsSeen,
      requests: this.connection.requestCount,
      lastErrorCode: this.lastError?.code,
    };
    if (this.lastError) {
      const { kind } = classify(this.lastError);
      const status = kind === 'auth' || kind === 'config' ? 'down' : 'degraded';
      return { status, detail: describeError(this.lastError), data };
    }
    if (!this.server) return { status: 'degraded', detail: 'not started yet', data };
    // Skipped records and server quirks are worth showing, but the connection itself is fine.
    return { status: 'ok', ...(notes.length ? { detail: notes.join('; ') } : {}), data };
  }

  private async change(id: string, change: AppointmentChange): Promise<void> {
    const outcome = await this.track(async () => {
      await this.reader.checkOwn(id);
      return applyChange(this.connection, this.options, id, change);
    });
    this.conflictsSeen += outcome.conflicts;
    if (outcome.unconditional) {
      if (this.unconditionalUpdates === 0) this.logger.warn('FHIR server gives no resource versions: updating without If-Match');
      this.unconditionalUpdates += 1;
    }
  }

  /** Remembers the last failure for health (cleared by the next success) and rethrows it typed. */
  private async track<T>(run: () => Promise<T>): Promise<T> {
    try {
      const result = await run();
      this.lastError = undefined;
      return result;
    } catch (error) {
      const typed =
        error instanceof ClinicArrivalsError ? error : new ClinicArrivalsError(PMS_UNMAPPED_ERROR, describeError(error), { kind: 'permanent', cause: error });
      // A missing appointment is the caller's business, not the server's health.
      if (typed.code !== CODES.NOT_FOUND) this.lastError = typed;
      throw typed;
    }
  }
}
