import type { Appointment } from '../contracts/appointment-source.js';
import type { AppointmentProgress, PractitionerSettings } from '../contracts/progress.js';
import type { IncomingRecord, OutboxEntry } from '../contracts/store.js';
import type { HealthReport, PluginRole } from '../plugin/define-plugin.js';
import type { SimulatedInbox, SimulatedPms, SimulatedSms, SimulatedVideo } from '../plugin/simulators.js';

/**
 * What the local HTTP API (and later the dashboard) can see and do. Implemented by the
 * runtime (core/runtime); the API layer only translates HTTP to these calls.
 */
export interface HostStatus {
  version: string;
  startedAt: string;
  /** The host's clock (ISO): what "today" means for the lists, whatever the viewer's own clock says. */
  now: string;
  clinic: { name: string; timeZone: string };
  plugins: Array<{ role: PluginRole; id: string; health: HealthReport; notes?: string[] }>;
  loops: Record<string, { lastRunAt?: string; lastDurationMs?: number; lastError?: string; runs: number; errors: number }>;
  /** Appointments today per workflow state name (e.g. `awaiting-screening-reply`: 3). */
  workflowCounts: Record<string, number>;
  messagesToday: { sent: number; failed: number; received: number; unprocessed: number };
  /** Outbox entries found unfinished after a restart: reported, never re-sent. */
  unfinishedSends: number;
  /** Numbers that texted STOP (and not START since): the host texts them nothing. A count only, never the numbers. */
  optOuts: number;
  /** Skipped appointments from the last PMS poll, by reason. */
  skippedAppointments: Record<string, number>;
  recentErrors: Array<{ at: string; where: string; error: string }>;
}

export interface AppointmentView {
  appointment: Appointment;
  /** Workflow state name, e.g. `awaiting-screening-reply`, `invited`, `arrived`. */
  state: string;
  progress?: AppointmentProgress;
}

export interface TemplateView {
  name: string;
  text: string;
  /** Where the text comes from. */
  source: 'default' | 'config' | 'edited';
  /** Variables the template may use. */
  variables: string[];
}

export interface HostControl {
  status(): Promise<HostStatus>;
  todaysAppointments(): Promise<AppointmentView[]>;

  listUnprocessed(): Promise<IncomingRecord[]>;
  /** Throws NotFoundError when the id is unknown. */
  dismissUnprocessed(id: string): Promise<void>;
  listSent(filter?: { since?: number; limit?: number }): Promise<OutboxEntry[]>;

  listPractitioners(): Promise<PractitionerSettings[]>;
  updatePractitioner(id: string, patch: Partial<Omit<PractitionerSettings, 'practitionerId'>>): Promise<PractitionerSettings>;

  listTemplates(): Promise<TemplateView[]>;
  /** Validates first; throws TemplateError (naming the template) for bad syntax or unknown variables. `null` restores the default. */
  updateTemplate(name: string, text: string | null): Promise<TemplateView>;
  /** Renders `text` (or the current template) with a sample appointment. */
  previewTemplate(name: string, text?: string): Promise<string>;

  /** Runs the today loop now (the dashboard's "refresh"). */
  runCycleNow(): Promise<void>;

  /** Present only for the simulator plugins that are active. */
  simulators: { pms?: SimulatedPms; sms?: SimulatedSms; inbox?: SimulatedInbox; video?: SimulatedVideo };
}
