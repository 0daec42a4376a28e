import type { PractitionerSettings } from '../../engine/progress.js';
import type { IncomingRecord, OutboxEntry } from '../../store/store.js';
import { ClinicArrivalsError, CODES, ConflictError, NotFoundError } from '@clinic-arrivals/plugin-kit';
import { smsCostOf } from '../../templates/message-length.js';
import { effectivePractitioners } from '../../runtime/practitioner-directory.js';
import type {
  AppointmentView,
  ChangeFeed,
  HostControl,
  HostStatus,
  InboxControl,
  OptOutView,
  PractitionerPatch,
  PractitionerView,
  TemplateView,
} from '../host-api.js';

/** Stand-in for core/templates' TemplateError: the API recognises it by its code alone. */
export class FakeTemplateError extends ClinicArrivalsError {
  constructor(message: string) {
    super(CODES.TEMPLATE, message);
  }
}

const SAMPLE_VALUES: Record<string, string> = { firstName: 'Alex', time: '9:30 am', room: 'room 7' };

/**
 * An in-memory HostControl for the API's tests. Fields are public so tests can seed data
 * and check what the API asked for.
 */
export class FakeHostControl implements HostControl {
  appointments: AppointmentView[] = [];
  incoming: IncomingRecord[] = [];
  outbox: OutboxEntry[] = [];
  /** As the store holds them (an empty room: cleared in the app). */
  practitioners = new Map<string, PractitionerSettings>();
  /** Already masked, as the runtime hands them over. */
  optOuts: OptOutView[] = [];
  /** As the config gives them. */
  configuredPractitioners: Record<string, { room?: string; ignore?: boolean; noVideo?: boolean }> = {};
  templates = new Map<string, { defaultText: string; text: string; source: TemplateView['source']; variables: string[] }>();
  lastSentFilter: { since?: number; limit?: number } | undefined;
  cycles = 0;
  /** The next runCycleNow() throws this. */
  cycleFailure: Error | undefined;
  /** The next sendUnknownAgain() throws this. */
  sendAgainFailure: Error | undefined;
  /** Fixed time of resolutions. */
  now = Date.parse('2026-11-23T00:00:00.000Z');
  /** Set to a bus to serve `GET /api/events`. */
  events?: ChangeFeed;
  /** No conversations (the inbox routes are tested against a real host in test/inbox). */
  inbox: InboxControl = emptyInbox();

  async status(): Promise<HostStatus> {
    return {
      version: '0.1.0',
      startedAt: '2026-11-23T08:00:00.000Z',
      now: '2026-11-23T09:00:00.000Z',
      clinic: { name: 'Test Clinic', timeZone: 'Australia/Melbourne' },
      plugins: [{ role: 'pms', id: 'pms-simulator', health: { status: 'ok' } }],
      loops: { today: { runs: this.cycles, errors: 0 } },
      workflowCounts: { 'awaiting-screening-reply': 1 },
      messagesToday: { sent: this.outbox.length, failed: 0, unknown: 0, received: this.incoming.length, unprocessed: 0 },
      unknownSends: (await this.listUnknownSends()).length,
      skippedAppointments: {},
      recentErrors: [],
      optOuts: this.optOuts.length,
    };
  }

  async listOptOuts(): Promise<OptOutView[]> {
    return this.optOuts;
  }

  async todaysAppointments(): Promise<AppointmentView[]> {
    return this.appointments;
  }

  async listUnprocessed(): Promise<IncomingRecord[]> {
    return this.incoming.filter((record) => record.state === 'unprocessed');
  }

  async dismissUnprocessed(id: string): Promise<void> {
    const record = this.incoming.find((candidate) => candidate.id === id && candidate.state === 'unprocessed');
    if (!record) throw new NotFoundError(`no unprocessed message ${id}`);
    record.state = 'dismissed';
  }

  async listSent(filter?: { since?: number; limit?: number }): Promise<OutboxEntry[]> {
    this.lastSentFilter = filter;
    return this.outbox.filter((entry) => filter?.since === undefined || entry.createdAt >= filter.since).slice(0, filter?.limit);
  }

  async listUnknownSends(state: 'open' | 'resolved' | 'all' = 'open'): Promise<OutboxEntry[]> {
    return this.outbox.filter((e) => e.status === 'unknown' && (state === 'all' || (state === 'open') === !e.resolution));
  }

  async markUnknownSendDelivered(id: number, by: string): Promise<OutboxEntry> {
    return this.settle(id, 'delivered', by);
  }

  async dismissUnknownSend(id: number, by: string): Promise<OutboxEntry> {
    return this.settle(id, 'dismissed', by);
  }

  async sendUnknownAgain(id: number, by: string): Promise<{ original: OutboxEntry; resend: OutboxEntry }> {
    if (this.sendAgainFailure) {
      const failure = this.sendAgainFailure;
      this.sendAgainFailure = undefined;
      throw failure;
    }
    const original = this.unknownSend(id);
    const resend: OutboxEntry = {
      ...original,
      id: Math.max(...this.outbox.map((e) => e.id)) + 1,
      key: `${original.key}#resend-1`,
      status: 'sent',
      providerId: 'SM-copy',
      createdAt: this.now,
      updatedAt: this.now,
    };
    delete resend.resolution;
    this.outbox.push(resend);
    return { original: this.settleEntry(original, 'resent', by, `resent as ${resend.key} (sent)`), resend };
  }

  private settle(id: number, outcome: 'delivered' | 'dismissed', by: string): OutboxEntry {
    return this.settleEntry(this.unknownSend(id), outcome, by);
  }

  private unknownSend(id: number): OutboxEntry {
    const entry = this.outbox.find((e) => e.id === id && e.status === 'unknown');
    if (!entry) throw new NotFoundError(`no unknown send with id ${id}`);
    return entry;
  }

  private settleEntry(entry: OutboxEntry, outcome: 'delivered' | 'resent' | 'dismissed', by: string, note?: string): OutboxEntry {
    entry.resolution ??= { outcome, by, at: this.now, ...(note ? { note } : {}) };
    if (entry.resolution.outcome !== outcome) throw new ConflictError(`unknown send ${entry.id} was already resolved as ${entry.resolution.outcome}`);
    return entry;
  }

  async listPractitioners(): Promise<PractitionerView[]> {
    return effectivePractitioners([...this.practitioners.values()], this.configuredPractitioners);
  }

  async updatePractitioner(id: string, patch: PractitionerPatch): Promise<PractitionerView> {
    const updated: PractitionerSettings = { ...this.practitioners.get(id), practitionerId: id };
    if (patch.room !== undefined) updated.room = patch.room ?? '';
    if (patch.ignore !== undefined) updated.ignore = patch.ignore;
    if (patch.noVideo !== undefined) updated.noVideo = patch.noVideo;
    this.practitioners.set(id, updated);
    return (await this.listPractitioners()).find((p) => p.practitionerId === id)!;
  }

  async listTemplates(): Promise<TemplateView[]> {
    return [...this.templates.entries()].map(([name, template]) => this.view(name, template));
  }

  async updateTemplate(name: string, text: string | null): Promise<TemplateView> {
    const template = this.templates.get(name);
    if (!template) throw new NotFoundError(`no template ${name}`);
    if (text === null) {
      Object.assign(template, { text: template.defaultText, source: 'default' });
    } else {
      this.check(name, text, template.variables);
      Object.assign(template, { text, source: 'edited' });
    }
    return this.view(name, template);
  }

  async previewTemplate(name: string, text?: string): Promise<string> {
    const template = this.templates.get(name);
    if (!template) throw new NotFoundError(`no template ${name}`);
    const source = text ?? template.text;
    this.check(name, source, template.variables);
    return source.replace(/\{\{\s*(\w+)\s*\}\}/g, (_match, variable: string) => SAMPLE_VALUES[variable] ?? '');
  }

  async runCycleNow(): Promise<void> {
    if (this.cycleFailure) {
      const failure = this.cycleFailure;
      this.cycleFailure = undefined;
      throw failure;
    }
    this.cycles++;
  }

  private check(name: string, text: string, variables: string[]): void {
    if (text.split('{{').length !== text.split('}}').length) throw new FakeTemplateError(`template "${name}": unclosed {{`);
    for (const [, variable = ''] of text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
      if (!variables.includes(variable)) throw new FakeTemplateError(`template "${name}": unknown variable "${variable}"`);
    }
  }

  private view(name: string, template: { defaultText: string; text: string; source: TemplateView['source']; variables: string[] }): TemplateView {
    return { name, text: template.text, source: template.source, variables: template.variables, default: template.defaultText, ...smsCostOf(template.text) };
  }
}

/** An inbox with no conversations: lists are empty and every id is unknown. */
function emptyInbox(): InboxControl {
  const unknown = async (id: string): Promise<never> => {
    throw new NotFoundError(`no conversation with id ${id}`);
  };
  return {
    listConversations: async () => [],
    conversation: unknown,
    revealNumber: unknown,
    reply: unknown,
    markDone: unknown,
    link: unknown,
  };
}
