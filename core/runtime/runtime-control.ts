import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { PractitionerSettings } from '../engine/progress.js';
import type { IncomingRecord, OutboxEntry, Store } from '../store/store.js';
import { maskedPhone } from '../api/views.js';
import type {
  AppointmentView,
  GuestControl,
  HostControl,
  HostStatus,
  LanguagesStatus,
  OptOutView,
  PractitionerPatch,
  PractitionerView,
  TemplateView,
} from '../api/host-api.js';
import { languageGapViews } from './language-gap-views.js';
import { clinicDayStart } from '../engine/calendar.js';
import type { EngineAppointment, EngineSettings } from '../engine/decisions.js';
import type { Executor } from '../executor/executor.js';
import { NotFoundError } from '@clinic-arrivals/plugin-kit';
import type { TemplateService } from '../templates/template-service.js';
import { editKey, type LanguageTemplates } from '../templates/language-templates.js';
import { TEMPLATE_NAMES, type TemplateName } from '../engine/decisions.js';
import { isTemplateName } from '../templates/template-service.js';
import type { AppointmentCycles } from './appointment-cycles.js';
import { appointmentViews } from './appointment-views.js';
import { workflowStateOf } from '../engine/workflow-state.js';
import { RuntimeInbox } from './inbox-control.js';
import { healthOf, type PluginSlot } from './plugin-slot.js';
import type { SerialLane } from './serial-lane.js';
import type { StatusBoard } from './status-board.js';
import type { HostEvents } from './host-events.js';
import type { PractitionerDirectory } from './practitioner-directory.js';
import type { UnknownSends } from './unknown-sends.js';
import type { PluginHealthFeed } from './plugin-health-feed.js';
import { withWindow } from './plugin-health-view.js';
import { appointmentWaitView, ReceptionWait } from './reception-wait.js';

const DAY_MS = 86_400_000;

export interface RuntimeControlDeps {
  version: string;
  startedAt: number;
  settings: EngineSettings;
  store: Store;
  clock: Clock;
  lane: SerialLane;
  board: StatusBoard;
  cycles: AppointmentCycles;
  /** Sends reception's replies from the inbox. */
  executor: Executor;
  templates: TemplateService;
  /** Every language's templates (the default one's is `templates`). */
  languageTemplates?: LanguageTemplates;
  plugins: PluginSlot[];
  unknownSends: UnknownSends;
  runTodayCycle(): Promise<void>;
  /** One pass over the coming days (a cancel recorded for tomorrow is carried out without waiting). */
  runUpcomingCycle?(): Promise<void>;
  /** The host's change bus (store writes, polls and the status board feed it). */
  events?: HostEvents;
  /** Practitioner settings from the config and the store. */
  practitioners: PractitionerDirectory;
  /** Guests of video consults. */
  guests?: GuestControl;
  /** Plugin health over the recent window (calls, retries, failures, last error). */
  health?: PluginHealthFeed & { readonly windowMs: number };
}

/** The running host as the local API sees it (see core/api/host-api.ts). */
export class RuntimeControl implements HostControl {
  readonly events?: HostEvents;
  readonly inbox: RuntimeInbox;
  readonly guests?: GuestControl;
  readonly wait: ReceptionWait;

  constructor(private readonly deps: RuntimeControlDeps) {
    this.events = deps.events;
    this.guests = deps.guests;
    this.inbox = new RuntimeInbox(deps);
    this.wait = new ReceptionWait({ ...deps, views: (appointments) => this.views(appointments) });
  }

  async status(): Promise<HostStatus> {
    const { deps } = this;
    const dayStart = this.dayStart();
    const windows = deps.health?.current() ?? [];
    const [plugins, workflowCounts, sent, incoming, unknown, optedOut] = await Promise.all([
      Promise.all(
        deps.plugins.map(async (slot) => {
          const health = deps.board.effectiveHealth(slot.role, await healthOf(slot));
          const notes = deps.board.pluginNotes(slot.role);
          const window = windows.find((w) => w.role === slot.role);
          return {
            role: slot.role,
            id: slot.id,
            ...withWindow(health, window, deps.health?.windowMs),
            ...(notes ? { notes } : {}),
          };
        }),
      ),
      this.workflowCounts(),
      deps.store.listOutbox({ since: dayStart }),
      deps.store.listIncoming({ since: dayStart }),
      deps.store.listUnknownSends({ state: 'open' }),
      deps.store.listOptedOut(),
    ]);
    return {
      version: deps.version,
      startedAt: new Date(deps.startedAt).toISOString(),
      now: new Date(deps.clock.now()).toISOString(),
      clinic: { name: deps.settings.clinic.name, timeZone: deps.settings.clinic.timeZone },
      plugins,
      loops: structuredClone(deps.board.loops),
      workflowCounts,
      messagesToday: {
        sent: sent.filter((e) => e.status === 'sent' || (e.status === 'unknown' && e.resolution?.outcome === 'delivered')).length,
        failed: sent.filter((e) => e.status === 'failed').length,
        unknown: sent.filter((e) => e.status === 'unknown' && !e.resolution).length,
        received: incoming.length,
        unprocessed: incoming.filter((m) => m.state === 'unprocessed').length,
      },
      unknownSends: unknown.length,
      skippedAppointments: deps.cycles.skippedAppointments(),
      recentErrors: deps.board.recentErrors.slice(0, 20).map((e) => ({ ...e })),
      optOuts: optedOut.size,
      ...(deps.languageTemplates ? { languages: await this.templateLanguages() } : {}),
    };
  }

  async templateLanguages(): Promise<LanguagesStatus> {
    const languages = this.deps.languageTemplates;
    const gaps = languageGapViews(await this.deps.store.listLanguageGaps());
    return { default: languages?.defaultLanguage ?? '', offered: [...(languages?.languages ?? [])], gaps };
  }

  /** Today's rows, each with its wait (confirm state, late texts, the estimate from its practitioner's queue). */
  async todaysAppointments(): Promise<AppointmentView[]> {
    const appointments = await this.deps.cycles.todaysAppointments();
    const [views, queues] = await Promise.all([this.views(appointments), this.wait.queueMap(appointments)]);
    const byId = new Map(appointments.map((a) => [a.id, a]));
    return views.map((view) => {
      const wait = appointmentWaitView(view.progress, queues.get(byId.get(view.appointment.id)?.practitioner.id ?? ''), view.appointment.id);
      return wait ? { ...view, wait } : view;
    });
  }

  /** Reception's rows (today's or the coming days'); the confirm state shows on every day's rows. */
  private async views(appointments: EngineAppointment[]): Promise<AppointmentView[]> {
    const { deps } = this;
    const dayStart = this.dayStart();
    // Registration texts go out up to registrationDaysAhead days before; a day more covers DST.
    const since = dayStart - (deps.settings.workflow.registrationDaysAhead + 1) * DAY_MS;
    const [progress, practitioners, outbox, booked] = await Promise.all([
      deps.store.loadProgress(appointments.map((a) => a.id)),
      this.practitionerMap(),
      deps.store.listOutbox({ since }),
      deps.store.listLiveBookedGuests(),
    ]);
    const interpreterBooked = new Set(booked.filter((g) => g.kind === 'interpreter').map((g) => g.appointmentId));
    const views = appointmentViews({
      appointments,
      progress,
      practitioners,
      outbox,
      settings: deps.settings,
      now: deps.clock.now(),
      dayStart,
      interpreterBooked,
    });
    return views.map((view) => {
      const wait = appointmentWaitView(view.progress, undefined, view.appointment.id);
      return wait ? { ...view, wait } : view;
    });
  }

  listUnprocessed(): Promise<IncomingRecord[]> {
    return this.deps.store.listIncoming({ state: 'unprocessed' });
  }

  async dismissUnprocessed(id: string): Promise<void> {
    const record = await this.deps.store.getIncoming(id);
    if (!record) throw new NotFoundError(`no incoming message with id ${id}`);
    await this.deps.store.setIncomingState(id, 'dismissed');
  }

  listSent(filter?: { since?: number; limit?: number }): Promise<OutboxEntry[]> {
    return this.deps.store.listOutbox(filter);
  }

  listUnknownSends(state?: 'open' | 'resolved' | 'all'): Promise<OutboxEntry[]> {
    return this.deps.unknownSends.list(state);
  }

  markUnknownSendDelivered(id: number, by: string): Promise<OutboxEntry> {
    return this.deps.unknownSends.markDelivered(id, by);
  }

  dismissUnknownSend(id: number, by: string): Promise<OutboxEntry> {
    return this.deps.unknownSends.dismiss(id, by);
  }

  sendUnknownAgain(id: number, by: string): Promise<{ original: OutboxEntry; resend: OutboxEntry }> {
    return this.deps.unknownSends.sendAgain(id, by);
  }

  listPractitioners(): Promise<PractitionerView[]> {
    return this.deps.practitioners.list();
  }

  /**
   * Through the lane, so it never interleaves with a poll saving the practitioner's name. An id
   * no poll has seen yet gets a record, so settings can be made before the first appointment.
   */
  updatePractitioner(id: string, patch: PractitionerPatch): Promise<PractitionerView> {
    return this.deps.lane.run(() => this.deps.practitioners.update(id, patch));
  }

  async listTemplates(): Promise<TemplateView[]> {
    const languages = this.deps.languageTemplates;
    if (!languages) return this.deps.templates.list();
    return TEMPLATE_NAMES.map((name) => this.languageView(name));
  }

  /** The default language's view with every language's text and costs. */
  private languageView(name: TemplateName): TemplateView {
    const languages = this.deps.languageTemplates!;
    const texts = languages.languages.map((language) => languages.get(name, language));
    const present = texts.filter((view) => view !== undefined);
    const [first] = present;
    return {
      ...this.deps.templates.get(name),
      language: languages.defaultLanguage,
      worstCase: first!.worstCase,
      languages: present.map(({ language, text, source, default: shipped, encoding, characters, segments, worstCase }) => ({
        language,
        text,
        source,
        default: shipped,
        encoding,
        characters,
        segments,
        worstCase,
      })),
      missingLanguages: languages.languages.filter((_, index) => texts[index] === undefined),
    };
  }

  /** Validated before anything is stored; stored before it takes effect, so a restart keeps it. */
  async updateTemplate(name: string, text: string | null, language?: string): Promise<TemplateView> {
    const { templates, store } = this.deps;
    const languages = this.deps.languageTemplates;
    const known = templates.get(name).name; // throws TemplateError for an unknown name
    if (!languages || language === undefined) {
      if (text !== null) templates.validate(known, text);
      await store.saveTemplateOverride(known, text);
      templates.set(known, text);
    } else {
      const offered = languages.check(known, language, text); // throws TemplateError: bad text, language not offered, staff template
      await store.saveTemplateOverride(editKey(known, offered, languages.defaultLanguage), text);
      languages.set(known, offered, text);
    }
    // After the new text is in use, so a client that refetches on the event sees it.
    this.deps.events?.emit('templates', known);
    return languages && isTemplateName(known) ? this.languageView(known) : templates.get(known);
  }

  async previewTemplate(name: string, text?: string, language?: string): Promise<string> {
    const languages = this.deps.languageTemplates;
    if (!languages || language === undefined) return this.deps.templates.preview(name, text);
    return languages.service(language).preview(name, text);
  }

  /** Masked here, so the full numbers never leave the runtime for this list. */
  async listOptOuts(): Promise<OptOutView[]> {
    return (await this.deps.store.listOptOuts()).map((o) => ({ phoneMasked: maskedPhone(o.phone), at: o.at }));
  }

  runCycleNow(): Promise<void> {
    return this.deps.runTodayCycle();
  }

  private dayStart(): number {
    return clinicDayStart(this.deps.clock.now(), this.deps.settings.clinic.timeZone);
  }

  private practitionerMap(): Promise<Map<string, PractitionerSettings>> {
    return this.deps.practitioners.map();
  }

  /** From the last poll only: the status page must answer while the PMS is down. States only: no texts or next steps needed. */
  private async workflowCounts(): Promise<Record<string, number>> {
    const { deps } = this;
    const appointments = deps.cycles.lastPolledToday() ?? [];
    const [progress, practitioners] = await Promise.all([deps.store.loadProgress(appointments.map((a) => a.id)), this.practitionerMap()]);
    const now = deps.clock.now();
    const dayStart = this.dayStart();
    const counts: Record<string, number> = {};
    for (const a of appointments) {
      const state = workflowStateOf(a, progress.get(a.id), deps.settings, now, practitioners.get(a.practitioner.id), dayStart);
      counts[state] = (counts[state] ?? 0) + 1;
    }
    return counts;
  }
}
