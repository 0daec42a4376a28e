import type { RunningHost } from '../core/runtime/host.js';
import { InboxSimulator } from '../plugins/inbox-simulator/index.js';
import { PmsSimulator } from '../plugins/pms-simulator/index.js';
import { SmsSimulator } from '../plugins/sms-simulator/index.js';
import { VideoSimulator } from '../plugins/video-simulator/index.js';

/*
 * The simulator plugins of a running host, typed: tests set failures (`sms.failNext`), read
 * what was sent and edit the appointment book directly. Throws when the role's active plugin
 * is not its simulator.
 */
export function simulatorsOf(host: Pick<RunningHost, 'pluginService'>) {
  return {
    get pms(): PmsSimulator {
      return expectInstance(host.pluginService('pms'), PmsSimulator, 'pms-simulator');
    },
    get sms(): SmsSimulator {
      return expectInstance(host.pluginService('sms'), SmsSimulator, 'sms-simulator');
    },
    get inbox(): InboxSimulator {
      return expectInstance(host.pluginService('inbox'), InboxSimulator, 'inbox-simulator');
    },
    get video(): VideoSimulator {
      return expectInstance(host.pluginService('video'), VideoSimulator, 'video-simulator');
    },
  };
}

function expectInstance<T>(service: unknown, type: abstract new (...args: never[]) => T, id: string): T {
  if (!(service instanceof type)) throw new Error(`the host does not run ${id}`);
  return service;
}
