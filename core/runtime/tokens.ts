import type { InjectionToken } from 'tsyringe';
import type { AppointmentSource, Clock, Inbox, Logger, MessageSender, VideoProvider } from '@clinic-arrivals/plugin-kit';
import type { HostConfig } from '../config/types.js';
import type { EngineSettings } from '../engine/decisions.js';
import type { Executor } from '../executor/executor.js';
import type { MessageRenderer } from '../executor/message-renderer.js';
import type { OutboxSender } from '../executor/outbox-sender.js';
import type { VideoGateway } from '../executor/video-gateway.js';
import type { Store } from '../store/store.js';
import type { TemplateService } from '../templates/template-service.js';
import type { LanguageTemplates } from '../templates/language-templates.js';
import type { AdminNotifier } from './admin-notifier.js';
import type { AppointmentCycles } from './appointment-cycles.js';
import type { RuntimeControl } from './runtime-control.js';
import type { HostEvents } from './host-events.js';
import type { HostMetrics } from './host-metrics.js';
import type { HostReadiness } from './host-readiness.js';
import type { InboxPump } from './inbox-pump.js';
import type { HostLoops } from './loops.js';
import type { PluginHealthTracker } from './plugin-health.js';
import type { PluginHealthFeed } from './plugin-health-feed.js';
import type { PluginStarter } from './plugin-lifecycle.js';
import type { PluginSlot } from './plugin-slot.js';
import type { PractitionerDirectory } from './practitioner-directory.js';
import type { RepeatingTask } from './repeating-task.js';
import type { SerialLane } from './serial-lane.js';
import type { StatusBoard } from './status-board.js';
import type { UnknownSendChecker } from './unknown-send-checker.js';
import type { UnknownSends } from './unknown-sends.js';

/*
 * Every token of the host's container, typed, in one place. Each host has its own child
 * container (core/runtime/composition.ts registers the factories), so a token names one
 * service per host, never one per process.
 */
const token = <T>(name: string): InjectionToken<T> => Symbol(`clinic-arrivals.${name}`);

export const TOKENS = {
  // Given by the host when it starts.
  Config: token<HostConfig>('Config'),
  Clock: token<Clock>('Clock'),
  Logger: token<Logger>('Logger'),
  /** Epoch ms the host started at (the status page's uptime). */
  StartedAt: token<number>('StartedAt'),
  /** The SQLite store as opened, before the host's wrappers; metrics and readiness read it directly. */
  OpenedStore: token<Store>('OpenedStore'),
  /** The configured plugins, in role order (registered once created). */
  PluginSlots: token<PluginSlot[]>('PluginSlots'),

  // The plugins' services, registered under their role by createPlugins (core/runtime/plugin-lifecycle.ts).
  AppointmentSource: token<AppointmentSource>('AppointmentSource'),
  MessageSender: token<MessageSender>('MessageSender'),
  Inbox: token<Inbox>('Inbox'),
  /** Absent when config says `video: none`; check with `container.isRegistered` first. */
  VideoProvider: token<VideoProvider>('VideoProvider'),

  // Made by the container (core/runtime/composition.ts).
  /** The store everything else uses: it announces changes and counts texts. */
  Store: token<Store>('Store'),
  Events: token<HostEvents>('Events'),
  Metrics: token<HostMetrics>('Metrics'),
  Readiness: token<HostReadiness>('Readiness'),
  StatusBoard: token<StatusBoard>('StatusBoard'),
  HealthTracker: token<PluginHealthTracker>('HealthTracker'),
  /** What readiness, metrics and alerts read plugin health from: the tracker, or a feed a test hands in. */
  HealthFeed: token<PluginHealthFeed>('HealthFeed'),
  HealthLoop: token<RepeatingTask>('HealthLoop'),
  PluginStarter: token<PluginStarter>('PluginStarter'),
  Video: token<VideoGateway>('Video'),
  EngineSettings: token<EngineSettings>('EngineSettings'),
  /** Every language's templates; `Templates` is its default language's. */
  LanguageTemplates: token<LanguageTemplates>('LanguageTemplates'),
  Templates: token<TemplateService>('Templates'),
  Renderer: token<MessageRenderer>('Renderer'),
  Executor: token<Executor>('Executor'),
  /** One lane: PMS passes, replies and API changes never interleave. */
  Lane: token<SerialLane>('Lane'),
  /** Sends for a person's decision on unknown sends (the executor keeps its own, with video links). */
  OutboxSender: token<OutboxSender>('OutboxSender'),
  UnknownSends: token<UnknownSends>('UnknownSends'),
  UnknownSendChecker: token<UnknownSendChecker>('UnknownSendChecker'),
  UnknownSendCheckLoop: token<RepeatingTask>('UnknownSendCheckLoop'),
  Practitioners: token<PractitionerDirectory>('Practitioners'),
  Cycles: token<AppointmentCycles>('Cycles'),
  InboxPump: token<InboxPump>('InboxPump'),
  Loops: token<HostLoops>('Loops'),
  Control: token<RuntimeControl>('Control'),
  AdminNotifier: token<AdminNotifier>('AdminNotifier'),
} as const;
