import type { ConversationDetail, InboxControl, InboxConversation, LinkableAppointment, StaffReplyResult } from '../api/host-api.js';
import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { ConversationOutboxEntry, ConversationSummary, IncomingRecord, Store } from '../store/store.js';
import { clinicDayStart } from '../engine/calendar.js';
import type { EngineAppointment, EngineSettings } from '../engine/decisions.js';
import { decideStaffReply, STAFF_REPLY_MAX_SEGMENTS, staffReplyKey, type StaffReplyRefusal } from '../engine/staff-reply.js';
import type { Executor } from '../executor/executor.js';
import { ConflictError, NotFoundError } from '@clinic-arrivals/plugin-kit';
import { smsLength } from '../templates/sms-length.js';
import type { TemplateService } from '../templates/template-service.js';
import { firstNameOf } from '../templates/variables.js';
import type { AppointmentCycles } from './appointment-cycles.js';
import type { SerialLane } from './serial-lane.js';

const DAY_MS = 24 * 60 * 60_000;

export interface RuntimeInboxDeps {
  settings: EngineSettings;
  store: Store;
  clock: Clock;
  lane: SerialLane;
  cycles: AppointmentCycles;
  executor: Executor;
  templates: TemplateService;
}

/**
 * Reception's inbox on the running host. Reads come from the store; a reply is decided by the
 * engine (decideStaffReply) and sent by the executor through the outbox, in the serial lane so
 * it never races the workflow's own texts to the same number or a repeat of itself.
 */
export class RuntimeInbox implements InboxControl {
  constructor(private readonly deps: RuntimeInboxDeps) {}

  async listConversations(filter: { open: boolean; days?: number; limit?: number }): Promise<InboxConversation[]> {
    const query = { open: filter.open, since: this.daysAgo(filter.days ?? 0), ...(filter.limit !== undefined ? { limit: filter.limit } : {}) };
    const [summaries, appointments] = await Promise.all([this.deps.store.listConversations(query), this.appointmentsForReading()]);
    return summaries.map((summary) => withFirstName(summary, appointments));
  }

  async conversation(id: string, days: number): Promise<ConversationDetail> {
    const phone = await this.phoneOf(id);
    const since = this.daysAgo(days);
    const { store } = this.deps;
    const [incoming, outgoing, appointments] = await Promise.all([
      store.listIncomingFrom(phone, since),
      store.listOutboxTo(phone, since),
      this.appointmentsForReading(),
    ]);
    const summary = summarise(id, phone, incoming);
    return {
      ...withFirstName(summary, appointments),
      incoming,
      outgoing,
      appointments: appointments
        .filter((a) => a.mobileE164 === phone)
        .sort((a, b) => a.startMs - b.startMs)
        .map(linkable),
    };
  }

  revealNumber(id: string): Promise<string> {
    return this.phoneOf(id);
  }

  reply(id: string, reply: { text: string; by: string; requestId: string }): Promise<StaffReplyResult> {
    return this.deps.lane.run(async () => {
      const { store, clock, settings, executor, templates } = this.deps;
      const phone = await this.phoneOf(id);
      const key = staffReplyKey(reply.requestId);
      const existing = await store.findOutbox(key);
      if (existing && existing.to !== phone) throw new ConflictError(`request id ${reply.requestId} was already used for another conversation`);
      // A repeated request reports the first one's outcome; only a send waiting for a retry goes again.
      if (existing && existing.status !== 'retry') return { outcome: 'recorded', entry: (await this.entry(key, phone))!, repeated: true };

      const appointments = await this.knownAppointments();
      const appointment = await this.matchedAppointment(phone, appointments);
      const now = clock.now();
      const [sentToday, optedOut] = await Promise.all([store.countSendsSince(clinicDayStart(now, settings.clinic.timeZone)), store.listOptedOut()]);
      const length = reply.text.trim() === '' ? undefined : smsLength(templates.render('StaffReply', { text: reply.text }));
      const decided = decideStaffReply({ now, sentToday, optedOut }, settings, {
        requestId: reply.requestId,
        to: phone,
        text: reply.text,
        renderedSegments: length?.segments ?? 0,
        ...(appointment ? { appointment } : {}),
      });
      if (decided.kind === 'refused') {
        return { outcome: 'refused', reason: decided.reason, message: this.refusalMessage(decided.reason, length) };
      }
      // Who wrote it is recorded before the send, so even a crash mid-send keeps the author.
      await store.recordStaffReply({ key, phone, by: reply.by }, now);
      const applied = await executor.apply(decided.decision);
      const entry = await this.entry(key, phone);
      if (!entry) throw new Error(`staff reply not recorded: ${applied.error ?? applied.result}`);
      return { outcome: 'recorded', entry, repeated: existing !== undefined };
    });
  }

  async markDone(id: string, by: string): Promise<number> {
    const phone = await this.phoneOf(id);
    return this.deps.lane.run(() => this.deps.store.closeConversation(phone, by, this.deps.clock.now()));
  }

  async link(id: string, appointmentId: string, days: number): Promise<number> {
    const phone = await this.phoneOf(id);
    const since = this.daysAgo(days);
    return this.deps.lane.run(async () => {
      const known = (await this.knownAppointments()).some((a) => a.id === appointmentId);
      if (!known) throw new NotFoundError(`no appointment with id ${appointmentId} among the appointments the host knows (today and the coming days)`);
      return this.deps.store.linkConversation(phone, appointmentId, since);
    });
  }

  /** Windows count back from the injected clock's now. */
  private daysAgo(days: number): number {
    return this.deps.clock.now() - days * DAY_MS;
  }

  private async phoneOf(id: string): Promise<string> {
    const phone = await this.deps.store.conversationPhone(id);
    if (phone === undefined) throw new NotFoundError(`no conversation with id ${id}`);
    return phone;
  }

  private async entry(key: string, phone: string): Promise<ConversationOutboxEntry | undefined> {
    const created = (await this.deps.store.findOutbox(key))?.createdAt ?? 0;
    return (await this.deps.store.listOutboxTo(phone, created)).find((e) => e.key === key);
  }

  /** The appointment of the number's newest matched text, when the host still knows it. */
  private async matchedAppointment(phone: string, appointments: EngineAppointment[]): Promise<EngineAppointment | undefined> {
    const texts = await this.deps.store.listIncomingFrom(phone, 0);
    const matched = texts.findLast((t) => t.appointmentId !== undefined)?.appointmentId;
    return matched === undefined ? undefined : appointments.find((a) => a.id === matched);
  }

  /** For reads outside the lane: the cycles' appointments are only read (or first polled) inside it. */
  private appointmentsForReading(): Promise<EngineAppointment[]> {
    return this.deps.lane.run(() => this.knownAppointments());
  }

  /** What the last polls read; call inside the lane. The inbox must answer while the PMS is down: then names are left out. */
  private async knownAppointments(): Promise<EngineAppointment[]> {
    try {
      return await this.deps.cycles.knownAppointments();
    } catch {
      return [];
    }
  }

  private refusalMessage(reason: StaffReplyRefusal, length: ReturnType<typeof smsLength> | undefined): string {
    const { quietHours, dailyCapPerNumber } = this.deps.settings.workflow;
    switch (reason) {
      case 'empty':
        return 'the reply is empty; nothing was sent';
      case 'too-long':
        return `the reply is too long: ${length?.segments ?? '?'} SMS segments (${length?.encoding ?? 'GSM-7'}) once signed; at most ${STAFF_REPLY_MAX_SEGMENTS} allowed; nothing was sent`;
      case 'quiet-hours':
        return `outside the clinic's sending hours (${quietHours.start} to ${quietHours.end}); nothing was sent. Send it again from ${quietHours.start}, or call the patient`;
      case 'whitelist':
        return 'test mode: this number is not on the whitelist; nothing was sent';
      case 'opted-out':
        return 'this number has opted out of texts (it replied STOP); nothing was sent. Call the patient instead; the patient can text START to opt in again';
      case 'daily-cap':
        return `this number has had the ${dailyCapPerNumber} texts allowed today; nothing was sent. Call the patient instead`;
    }
  }
}

function summarise(id: string, phone: string, incoming: IncomingRecord[]): ConversationSummary {
  const open = incoming.filter((t) => t.state === 'unprocessed');
  const reasons = new Set((open.length > 0 ? open : incoming).flatMap((t) => (t.reason ? [t.reason] : [])));
  const summary: ConversationSummary = {
    id,
    phone,
    lastAt: incoming.at(-1)?.receivedAt ?? 0,
    unprocessed: open.length,
    reasons: [...reasons].sort(),
  };
  const appointmentId = incoming.findLast((t) => t.appointmentId !== undefined)?.appointmentId;
  if (appointmentId !== undefined) summary.appointmentId = appointmentId;
  return summary;
}

/**
 * The first name from the matched appointment; for a text matched to none (an unexpected
 * question, say), from the number's known appointments when they all belong to one patient.
 */
function withFirstName(summary: ConversationSummary, appointments: EngineAppointment[]): InboxConversation {
  const matched = summary.appointmentId === undefined ? undefined : appointments.find((a) => a.id === summary.appointmentId);
  const ofNumber = appointments.filter((a) => a.mobileE164 === summary.phone);
  const onePatient = ofNumber.length > 0 && ofNumber.every((a) => a.patient.id === ofNumber[0]!.patient.id) ? ofNumber[0] : undefined;
  const source = matched ?? (summary.appointmentId === undefined ? onePatient : undefined);
  return source ? { ...summary, patientFirstName: firstNameOf(source.patient) } : { ...summary };
}

function linkable(appointment: EngineAppointment): LinkableAppointment {
  return {
    id: appointment.id,
    start: appointment.start,
    status: appointment.status,
    patientFirstName: firstNameOf(appointment.patient),
    practitionerName: appointment.practitioner.name,
  };
}
