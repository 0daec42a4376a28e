import type { Appointment } from '../contracts/appointment-source.js';
import type { Clock } from '../contracts/clock.js';
import type { PractitionerSettings } from '../contracts/progress.js';
import type { IncomingRecord, OutboxEntry, Store } from '../contracts/store.js';
import type { AppointmentView, HostControl, HostStatus, TemplateView } from '../api/host-control.js';
import { clinicDayStart } from '../engine/calendar.js';
import type { EngineAppointment, EngineSettings } from '../engine/decisions.js';
import { workflowStateOf } from '../engine/workflow-state.js';
import { NotFoundError } from '../plugin/errors.js';
import { isSimulator, type SimulatedInbox, type SimulatedPms, type SimulatedSms, type SimulatedVideo } from '../plugin/simulators.js';
import type { TemplateService } from '../templates/template-service.js';
import type { AppointmentCycles } from './appointment-cycles.js';
import { healthOf, type PluginSlot } from './plugin-slot.js';
import type { SerialLane } from './serial-lane.js';
import type { StatusBoard } from './status-board.js';

export interface RuntimeControlDeps {
  version: string;
  startedAt: number;
  settings: EngineSettings;
  store: Store;
  clock: Clock;
  lane: SerialLane;
  board: StatusBoard;
  cycles: AppointmentCycles;
  templates: TemplateService;
  plugins: PluginSlot[];
  runTodayCycle(): Promise<void>;
}

/** The running host as the local API sees it (see core/api/host-control.ts). */
export class RuntimeControl implements HostControl {
  readonly simulators: HostControl['simulators'];

  constructor(private readonly deps: RuntimeControlDeps) {
    this.simulators = simulatorsOf(deps.plugins);
  }

  async status(): Promise<HostStatus> {
    const { deps } = this;
    const dayStart = this.dayStart();
    const [plugins, workflowCounts, sent, incoming, optedOut] = await Promise.all([
      Promise.all(deps.plugins.map(async (slot) => {
        const health = deps.board.effectiveHealth(slot.role, await healthOf(slot));
        const notes = deps.board.pluginNotes(slot.role);
        return { role: slot.role, id: slot.id, health, ...(notes ? { notes } : {}) };
      })),
      this.workflowCounts(),
      deps.store.listOutbox({ since: dayStart }),
      deps.store.listIncoming({ since: dayStart }),
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
        sent: sent.filter((e) => e.status === 'sent').length,
        failed: sent.filter((e) => e.status === 'failed').length,
        received: incoming.length,
        unprocessed: incoming.filter((m) => m.state === 'unprocessed').length,
      },
      unfinishedSends: deps.board.unfinishedSends,
      optOuts: optedOut.size,
      skippedAppointments: deps.cycles.skippedAppointments(),
      recentErrors: deps.board.recentErrors.slice(0, 20),
    };
  }

  async todaysAppointments(): Promise<AppointmentView[]> {
    return this.views(await this.deps.cycles.todaysAppointments());
  }

  private async views(appointments: EngineAppointment[]): Promise<AppointmentView[]> {
    const { deps } = this;
    const [progress, practitioners] = await Promise.all([
      deps.store.loadProgress(appointments.map((a) => a.id)),
      this.practitionerMap(),
    ]);
    const now = deps.clock.now();
    const dayStart = this.dayStart();
    return [...appointments].sort((a, b) => a.startMs - b.startMs).map((a) => {
      const p = progress.get(a.id);
      const view: AppointmentView = {
        appointment: plainAppointment(a),
        state: workflowStateOf(a, p, deps.settings, now, practitioners.get(a.practitioner.id), dayStart),
      };
      if (p) view.progress = p;
      return view;
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

  listPractitioners(): Promise<PractitionerSettings[]> {
    return this.deps.store.listPractitioners();
  }

  /** Through the lane, so it never interleaves with a poll saving the practitioner's name. */
  updatePractitioner(id: string, patch: Partial<Omit<PractitionerSettings, 'practitionerId'>>): Promise<PractitionerSettings> {
    return this.deps.lane.run(async () => {
      const existing = (await this.deps.store.listPractitioners()).find((p) => p.practitionerId === id);
      if (!existing) throw new NotFoundError(`no practitioner with id ${id} (practitioners appear once seen in the PMS)`);
      const updated: PractitionerSettings = { ...existing, ...patch, practitionerId: id };
      for (const key of Object.keys(updated) as Array<keyof PractitionerSettings>) {
        if (updated[key] === undefined || updated[key] === null) delete updated[key];
      }
      await this.deps.store.savePractitioner(updated);
      return updated;
    });
  }

  async listTemplates(): Promise<TemplateView[]> {
    return this.deps.templates.list();
  }

  /** Validated before anything is stored; stored before it takes effect, so a restart keeps it. */
  async updateTemplate(name: string, text: string | null): Promise<TemplateView> {
    const { templates, store } = this.deps;
    const known = templates.get(name).name; // throws TemplateError for an unknown name
    if (text !== null) templates.validate(known, text);
    await store.saveTemplateOverride(known, text);
    return templates.set(known, text);
  }

  async previewTemplate(name: string, text?: string): Promise<string> {
    return this.deps.templates.preview(name, text);
  }

  runCycleNow(): Promise<void> {
    return this.deps.runTodayCycle();
  }

  private dayStart(): number {
    return clinicDayStart(this.deps.clock.now(), this.deps.settings.clinic.timeZone);
  }

  private async practitionerMap(): Promise<Map<string, PractitionerSettings>> {
    return new Map((await this.deps.store.listPractitioners()).map((p) => [p.practitionerId, p]));
  }

  /** From the last poll only: the status page must answer while the PMS is down. */
  private async workflowCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const view of await this.views(this.deps.cycles.lastPolledToday() ?? [])) counts[view.state] = (counts[view.state] ?? 0) + 1;
    return counts;
  }
}

/** The engine's working copy without its derived fields. */
function plainAppointment(a: EngineAppointment): Appointment {
  const { mobileE164: _m, startMs: _s, endMs: _e, ...appointment } = a;
  return appointment;
}

function simulatorsOf(plugins: PluginSlot[]): HostControl['simulators'] {
  const service = (role: PluginSlot['role']) => plugins.find((p) => p.role === role)?.instance.service;
  const simulators: HostControl['simulators'] = {};
  const pms = service('pms');
  if (isSimulator(pms, 'pms')) simulators.pms = pms as unknown as SimulatedPms;
  const sms = service('sms');
  if (isSimulator(sms, 'sms')) simulators.sms = sms as unknown as SimulatedSms;
  const inbox = service('inbox');
  if (isSimulator(inbox, 'inbox')) simulators.inbox = inbox as unknown as SimulatedInbox;
  const video = service('video');
  if (isSimulator(video, 'video')) simulators.video = video as unknown as SimulatedVideo;
  return simulators;
}
