import type { DeliveryStatusUpdate, PluginInstance } from '@clinic-arrivals/plugin-kit';
import { createTestContext, resolvePluginOptions } from '@clinic-arrivals/plugin-kit/testing';
import inboxSimulator, { InboxSimulator } from '../../../plugins/inbox-simulator/index.js';
import pmsSimulator, { PmsSimulator } from '../../../plugins/pms-simulator/index.js';
import smsSimulator, { SmsSimulator } from '../../../plugins/sms-simulator/index.js';
import videoSimulator, { VideoSimulator } from '../../../plugins/video-simulator/index.js';
import type { PluginRouteSet } from '../plugin-routes.js';

/** The four simulator plugins as the host would create them (in-memory state), and the routes they add. */
export interface SimulatorPlugins {
  pms: PmsSimulator;
  sms: SmsSimulator;
  inbox: InboxSimulator;
  video: VideoSimulator;
  /** Delivery reports the inbox simulator handed to the host. */
  statusReports: DeliveryStatusUpdate[];
  routeSets: PluginRouteSet[];
}

/** Fresh simulators for an API test; pass `routeSets` (or some of them) to startTestApi. */
export function createSimulatorPlugins(): SimulatorPlugins {
  const made = <S>(id: string, instance: PluginInstance<S>) => ({ service: instance.service, set: { pluginId: id, routes: instance.routes ?? [] } });
  const pms = made('pms-simulator', pmsSimulator.create(resolvePluginOptions(pmsSimulator, {}), createTestContext()));
  const sms = made('sms-simulator', smsSimulator.create(resolvePluginOptions(smsSimulator, { print: false }), createTestContext()));
  const inbox = made('inbox-simulator', inboxSimulator.create(resolvePluginOptions(inboxSimulator, {}), createTestContext()));
  const video = made('video-simulator', videoSimulator.create(resolvePluginOptions(videoSimulator, {}), createTestContext()));
  const statusReports: DeliveryStatusUpdate[] = [];
  inbox.service.setDeliveryStatusHandler?.(async (report) => void statusReports.push(report));
  return {
    pms: expectInstance(pms.service, PmsSimulator),
    sms: expectInstance(sms.service, SmsSimulator),
    inbox: expectInstance(inbox.service, InboxSimulator),
    video: expectInstance(video.service, VideoSimulator),
    statusReports,
    routeSets: [pms.set, sms.set, inbox.set, video.set],
  };
}

function expectInstance<T>(service: unknown, type: abstract new (...args: never[]) => T): T {
  if (!(service instanceof type)) throw new Error(`expected a ${type.name}`);
  return service;
}
