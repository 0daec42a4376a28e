import { NotFoundError, type Clock, type TimeRange } from '@clinic-arrivals/plugin-kit';
import type { FhirConnection } from './client.js';
import { resolveFilterParams, type FilterParams } from './filters.js';
import { heldAsPollData, holdFullRead, mergeChanges, type HeldWindow } from './held-window.js';
import type { FhirPmsOptions } from './options.js';
import { fetchChanges, fetchWindow, type PollData } from './search.js';

/** How a poll read its window. */
export type ReadKind = 'full' | 'changes' | 'none';

/** Windows kept at once (today and the coming days, with room for the day turning over). */
const MAX_WINDOWS = 4;

/**
 * Reads windows for the source: a full read at the first poll of a window and every
 * `fullReadMinutes`, in between only what changed since the previous poll's server time minus
 * `overlapSeconds`, merged into the held listing. Held in memory only: after a restart the
 * first poll is a full read, so nothing is lost by not storing it (and no patient data is stored).
 */
export class WindowReader {
  private readonly windows = new Map<string, HeldWindow>();
  private filters?: FilterParams | null;
  /** Why change queries are not used, when they are not. */
  private fullOnlyReason?: string;
  lastKind: ReadKind = 'none';

  constructor(
    private readonly connection: FhirConnection,
    private readonly options: FhirPmsOptions,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {
    if (!options.incremental) this.fullOnlyReason = 'incremental is off';
  }

  /** Start-up found the server cannot search by `_lastUpdated`. */
  serverLacksLastUpdated(): void {
    if (this.options.incremental) this.fullOnlyReason = "server's CapabilityStatement does not list _lastUpdated for Appointment";
  }

  /** Undefined when change queries are in use; otherwise why every poll is a full read. */
  get fullReadsOnly(): string | undefined {
    return this.fullOnlyReason;
  }

  /** The window's appointments: a full read, or the held listing brought up to date. Undefined filters (match nothing) give no data. */
  async read(range: TimeRange): Promise<PollData> {
    const key = `${range.from}:${range.to}`;
    const held = this.windows.get(key);
    const now = this.clock.now();
    if (held && !this.fullOnlyReason && now - held.fullReadAt < this.options.fullReadMinutes * 60_000 && this.filters) {
      const since = held.serverTime - this.options.overlapSeconds * 1000;
      const changes = await fetchChanges(this.connection, this.options, this.filters, since, held.index);
      // A change query cut short by maxPages, or with no server time to start the next from: read the whole window instead.
      if (changes.serverTime !== undefined && !changes.truncated) {
        mergeChanges(held, changes, this.options.statuses, range, changes.serverTime);
        this.lastKind = 'changes';
        return heldAsPollData(held);
      }
    }
    return this.fullRead(key, range, now);
  }

  /**
   * With filters, a write must be to one of the clinic's own appointments: one filtered `_id`
   * search says so (the server judges the filters, chains included), else NotFoundError.
   */
  async checkOwn(id: string): Promise<void> {
    const filters = await this.filterParams();
    if (filters && Object.keys(filters).length === 0) return;
    const page = filters ? await this.connection.search('Appointment', { ...filters, _id: id, _count: '1' }) : undefined;
    if (!page?.entry?.some((e) => e.resource?.resourceType === 'Appointment' && e.resource.id === id)) {
      throw new NotFoundError(`Appointment/${id} is not one of this clinic's appointments (pms.options.filters)`);
    }
  }

  private async filterParams(refresh = false): Promise<FilterParams | null> {
    // Organizations are looked up again at each full read, so a new Location is picked up.
    if (this.filters === undefined || (refresh && this.options.filters.organization)) {
      this.filters = (await resolveFilterParams(this.connection, this.options.filters, this.options.baseUrl)) ?? null;
    }
    return this.filters;
  }

  private async fullRead(key: string, range: TimeRange, now: number): Promise<PollData> {
    const filters = await this.filterParams(true);
    this.lastKind = 'full';
    if (!filters) {
      this.windows.delete(key);
      return { appointments: [], index: new Map(), truncated: false };
    }
    const data = await fetchWindow(this.connection, this.options, filters, range, this.timeZone);
    this.windows.delete(key);
    if (data.serverTime !== undefined && !this.fullOnlyReason) {
      this.windows.set(key, holdFullRead(data, data.serverTime, now));
      while (this.windows.size > MAX_WINDOWS) this.windows.delete(this.windows.keys().next().value!);
    }
    return data;
  }

  /** True when the filters matched nothing at the last full read (an organization without Locations). */
  get filtersMatchNothing(): boolean {
    return this.filters === null;
  }
}
