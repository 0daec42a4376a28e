// tsyringe needs the Reflect polyfill before it loads; this is the only module that loads it.
import 'reflect-metadata';
import { container as rootContainer, instanceCachingFactory, type DependencyContainer, type InjectionToken } from 'tsyringe';
import { ConfigError, type Clock, type JoinGate, type Logger } from '@clinic-arrivals/plugin-kit';
import type { HostConfig } from '../config/types.js';
import { buildEngineSettings } from '../engine/settings.js';
import { Executor } from '../executor/executor.js';
import { OutboxSender } from '../executor/outbox-sender.js';
import { VideoGateway } from '../executor/video-gateway.js';
import { RuntimeGuests } from './guest-control.js';
import type { Store } from '../store/store.js';
import { AdminNotifier } from './admin-notifier.js';
import { AppointmentCycles } from './appointment-cycles.js';
import { RuntimeControl } from './runtime-control.js';
import { HostEvents } from './host-events.js';
import { HostMetrics } from './host-metrics.js';
import { storeCountingTexts } from './host-metrics-store.js';
import { HostReadiness } from './host-readiness.js';
import { hostVersion } from './host-version.js';
import { InboxPump } from './inbox-pump.js';
import { HostLoops } from './loops.js';
import { pmsWritesOf } from './plugin-capabilities.js';
import { PluginHealthTracker } from './plugin-health.js';
import type { PluginHealthFeed } from './plugin-health-feed.js';
import { healthLoop } from './plugin-health-loop.js';
import { PluginStarter } from './plugin-lifecycle.js';
import { PractitionerDirectory } from './practitioner-directory.js';
import { SerialLane } from './serial-lane.js';
import { StatusBoard } from './status-board.js';
import { storeWithChangeEvents } from './store-change-events.js';
import { languageTemplatesFor, rendererFor } from './template-setup.js';
import { TOKENS } from './tokens.js';
import { UnknownSendChecker, unknownSendCheckLoop } from './unknown-send-checker.js';
import { UnknownSends } from './unknown-sends.js';

/** What the host knows before anything is built. */
export interface HostGivens {
  config: HostConfig;
  clock: Clock;
  logger: Logger;
  startedAt: number;
  /** Plugin health that a test drives, instead of the host's own windows. */
  healthFeed?: PluginHealthFeed;
  /** Node's process metrics in this host's registry (off for each clinic of a fleet). @default true */
  processMetrics?: boolean;
}

/**
 * The composition root: a child container of its own per host (two hosts in one process share
 * nothing), holding the givens and a factory for every core service. Factories cache their
 * instance, so each service is made once per host, on first resolve, from its plain constructor.
 *
 * Before resolving anything, the host registers what only it can make, asynchronously:
 * {@link TOKENS.OpenedStore}, then the plugins' services (createPlugins) and {@link TOKENS.PluginSlots}.
 */
export function createHostContainer(givens: HostGivens): DependencyContainer {
  const c = rootContainer.createChildContainer();
  c.registerInstance(TOKENS.Config, givens.config);
  c.registerInstance(TOKENS.Clock, givens.clock);
  c.registerInstance(TOKENS.Logger, givens.logger);
  c.registerInstance(TOKENS.StartedAt, givens.startedAt);
  const once = <T>(token: InjectionToken<T>, make: (r: DependencyContainer) => T) => {
    c.register(token, { useFactory: instanceCachingFactory(make) });
  };

  // The store and what watches it.
  once(TOKENS.Events, (r) => new HostEvents(r.resolve(TOKENS.Logger)));
  once(TOKENS.Metrics, (r) => new HostMetrics({ store: r.resolve(TOKENS.OpenedStore), clock: r.resolve(TOKENS.Clock), processMetrics: givens.processMetrics }));
  once(TOKENS.Store, (r) => storeCountingTexts(storeWithChangeEvents(r.resolve(TOKENS.OpenedStore), r.resolve(TOKENS.Events)), r.resolve(TOKENS.Metrics)));
  once(TOKENS.Readiness, (r) => new HostReadiness(r.resolve(TOKENS.OpenedStore), r.resolve(TOKENS.HealthFeed)));
  once(TOKENS.StatusBoard, (r) => {
    const clock = r.resolve(TOKENS.Clock);
    const events = r.resolve(TOKENS.Events);
    return new StatusBoard(
      () => clock.now(),
      () => events.emit('status'),
      r.resolve(TOKENS.Store),
    );
  });

  // Plugin health.
  once(TOKENS.HealthTracker, (r) => {
    const config = r.resolve(TOKENS.Config);
    const board = r.resolve(TOKENS.StatusBoard);
    const events = r.resolve(TOKENS.Events);
    const tracker = new PluginHealthTracker(r.resolve(TOKENS.Clock), r.resolve(TOKENS.Store), (config.health?.windowSeconds ?? 300) * 1000);
    // A plugin the board marks down (rejected credentials) is down in its window too.
    board.onPluginDown((role, code) => tracker.setForcedDown(role, code));
    tracker.subscribe(() => events.emit('status'));
    return tracker;
  });
  const givenFeed = givens.healthFeed;
  if (givenFeed) c.registerInstance(TOKENS.HealthFeed, givenFeed);
  else once(TOKENS.HealthFeed, (r) => r.resolve(TOKENS.HealthTracker));
  once(TOKENS.HealthLoop, (r) => healthLoop(r.resolve(TOKENS.HealthTracker), r.resolve(TOKENS.StatusBoard), r.resolve(TOKENS.Logger)));
  once(TOKENS.PluginStarter, (r) => new PluginStarter(r.resolve(TOKENS.StatusBoard), r.resolve(TOKENS.Logger)));

  // What the engine and the executor work with.
  once(TOKENS.Video, (r) => new VideoGateway(r.isRegistered(TOKENS.VideoProvider, true) ? r.resolve(TOKENS.VideoProvider) : undefined));
  once(TOKENS.EngineSettings, (r) => ({
    ...buildEngineSettings(r.resolve(TOKENS.Config), r.resolve(TOKENS.Video).enabled, r.resolve(TOKENS.Video).guestLinks),
    // Per host, so per clinic in a fleet: each clinic's own PMS plugin says what it can write.
    pms: pmsWritesOf(r.isRegistered(TOKENS.AppointmentSource, true) ? r.resolve(TOKENS.AppointmentSource) : undefined),
  }));
  once(TOKENS.LanguageTemplates, (r) => languageTemplatesFor(r.resolve(TOKENS.Config), r.resolve(TOKENS.EngineSettings), r.resolve(TOKENS.Clock)));
  once(TOKENS.Templates, (r) => r.resolve(TOKENS.LanguageTemplates).defaultService);
  once(TOKENS.Renderer, (r) =>
    rendererFor(r.resolve(TOKENS.LanguageTemplates), (language, template) =>
      r.resolve(TOKENS.Store).recordLanguageGap(language, template, r.resolve(TOKENS.Clock).now()),
    ),
  );
  once(
    TOKENS.Executor,
    (r) =>
      new Executor(
        r.resolve(TOKENS.Store),
        r.resolve(TOKENS.AppointmentSource),
        r.resolve(TOKENS.MessageSender),
        r.resolve(TOKENS.Video),
        r.resolve(TOKENS.Renderer),
        r.resolve(TOKENS.Clock),
        r.resolve(TOKENS.Logger),
        r.resolve(TOKENS.StatusBoard),
        joinGateFor(r),
      ),
  );
  once(TOKENS.Lane, () => new SerialLane());
  once(TOKENS.AdminNotifier, (r) => new AdminNotifier(r.resolve(TOKENS.Executor), r.resolve(TOKENS.Config), r.resolve(TOKENS.Clock), r.resolve(TOKENS.Logger)));

  // Sends whose outcome is unknown.
  once(
    TOKENS.OutboxSender,
    (r) =>
      new OutboxSender(
        r.resolve(TOKENS.Store),
        r.resolve(TOKENS.MessageSender),
        r.resolve(TOKENS.Renderer),
        r.resolve(TOKENS.Clock),
        r.resolve(TOKENS.Logger),
        r.resolve(TOKENS.StatusBoard),
      ),
  );
  once(
    TOKENS.UnknownSends,
    (r) =>
      new UnknownSends({
        ...basics(r),
        lane: r.resolve(TOKENS.Lane),
        settings: r.resolve(TOKENS.EngineSettings),
        outbox: r.resolve(TOKENS.OutboxSender),
      }),
  );
  once(
    TOKENS.UnknownSendChecker,
    (r) =>
      new UnknownSendChecker({
        ...basics(r),
        lane: r.resolve(TOKENS.Lane),
        sender: r.resolve(TOKENS.MessageSender),
        senderId: r.resolve(TOKENS.PluginSlots).find((slot) => slot.role === 'sms')?.id ?? 'sms',
      }),
  );
  once(TOKENS.UnknownSendCheckLoop, (r) =>
    unknownSendCheckLoop(r.resolve(TOKENS.UnknownSendChecker), r.resolve(TOKENS.StatusBoard), r.resolve(TOKENS.Logger), r.resolve(TOKENS.Metrics)),
  );

  // The workflow's loops and the API's view of the host.
  once(TOKENS.Practitioners, (r) => new PractitionerDirectory(r.resolve(TOKENS.Store), r.resolve(TOKENS.Config).practitioners ?? {}));
  once(
    TOKENS.Cycles,
    (r) =>
      new AppointmentCycles({
        ...basics(r),
        pms: r.resolve(TOKENS.AppointmentSource),
        executor: r.resolve(TOKENS.Executor),
        settings: r.resolve(TOKENS.EngineSettings),
        lane: r.resolve(TOKENS.Lane),
        board: r.resolve(TOKENS.StatusBoard),
        video: r.resolve(TOKENS.Video),
        events: r.resolve(TOKENS.Events),
        practitioners: r.resolve(TOKENS.Practitioners),
        counters: r.resolve(TOKENS.Metrics),
      }),
  );
  once(
    TOKENS.InboxPump,
    (r) =>
      new InboxPump({
        ...basics(r),
        inbox: r.resolve(TOKENS.Inbox),
        executor: r.resolve(TOKENS.Executor),
        settings: r.resolve(TOKENS.EngineSettings),
        lane: r.resolve(TOKENS.Lane),
        board: r.resolve(TOKENS.StatusBoard),
        cycles: r.resolve(TOKENS.Cycles),
        counters: r.resolve(TOKENS.Metrics),
      }),
  );
  once(
    TOKENS.Loops,
    (r) =>
      new HostLoops({
        ...basics(r),
        config: r.resolve(TOKENS.Config),
        board: r.resolve(TOKENS.StatusBoard),
        cycles: r.resolve(TOKENS.Cycles),
        pump: r.resolve(TOKENS.InboxPump),
        counters: r.resolve(TOKENS.Metrics),
      }),
  );
  once(TOKENS.Control, (r) => {
    const loops = r.resolve(TOKENS.Loops);
    return new RuntimeControl({
      version: hostVersion(),
      startedAt: r.resolve(TOKENS.StartedAt),
      settings: r.resolve(TOKENS.EngineSettings),
      store: r.resolve(TOKENS.Store),
      clock: r.resolve(TOKENS.Clock),
      lane: r.resolve(TOKENS.Lane),
      board: r.resolve(TOKENS.StatusBoard),
      cycles: r.resolve(TOKENS.Cycles),
      executor: r.resolve(TOKENS.Executor),
      templates: r.resolve(TOKENS.Templates),
      languageTemplates: r.resolve(TOKENS.LanguageTemplates),
      plugins: r.resolve(TOKENS.PluginSlots),
      unknownSends: r.resolve(TOKENS.UnknownSends),
      runTodayCycle: () => loops.runToday(),
      runUpcomingCycle: () => loops.runUpcoming(),
      events: r.resolve(TOKENS.Events),
      practitioners: r.resolve(TOKENS.Practitioners),
      health: r.resolve(TOKENS.HealthTracker),
      guests: new RuntimeGuests({
        store: r.resolve(TOKENS.Store),
        clock: r.resolve(TOKENS.Clock),
        lane: r.resolve(TOKENS.Lane),
        video: r.resolve(TOKENS.Video),
        settings: r.resolve(TOKENS.EngineSettings),
        appointments: () => r.resolve(TOKENS.Cycles).knownAppointments(),
        runTodayCycle: () => loops.runToday(),
      }),
    });
  });
  return c;
}

/**
 * The inbox's join gate, when `video.verifyJoin` is on. The config check refuses the setting
 * without one (core/config/join-gate-check.ts); a host assembled some other way is refused here.
 */
function joinGateFor(r: DependencyContainer): JoinGate | undefined {
  if (!r.resolve(TOKENS.EngineSettings).joinCode) return undefined;
  const gate = r.isRegistered(TOKENS.Inbox, true) ? r.resolve(TOKENS.Inbox).joinGate : undefined;
  if (!gate)
    throw new ConfigError(
      'video.verifyJoin: the inbox plugin has no join gate; use one that has (proxy-default), or set video.verifyJoin: false',
      'video.verifyJoin',
    );
  return gate;
}

/** The three almost every service takes. */
function basics(r: DependencyContainer): { store: Store; clock: Clock; logger: Logger } {
  return { store: r.resolve(TOKENS.Store), clock: r.resolve(TOKENS.Clock), logger: r.resolve(TOKENS.Logger) };
}
