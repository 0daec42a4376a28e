import { SystemClock, type ClinicInfo, type Inbox, type Logger, type PluginContext, type PluginState } from '@clinic-arrivals/plugin-kit';
import { NO_PLUGIN } from '../plugin-host/builtins.js';
import { phoneNumbersIn } from '../phone/normalise.js';
import type { LoadedPlugin } from './types.js';

/** What the probe tells the plugin when the clinic section itself has problems (reported on their own). */
const STAND_IN_CLINIC: ClinicInfo = { name: 'clinic', timeZone: 'UTC', region: 'AU', locale: 'en' };

const FIX = 'use an inbox plugin that has one (proxy-default, whose reply proxy serves that page), or set video.verifyJoin: false';

/**
 * `video.verifyJoin` needs the inbox's join gate (the internet-facing page that asks for the
 * code), which a plugin has or not on its service. `create()` does no I/O, so the inbox is made
 * here with a throwaway context just to look, and dropped; `start` checks the same way before
 * anything starts. One problem naming the file, the key and the fix, or none.
 */
export function joinGateProblems(
  data: unknown,
  inbox: LoadedPlugin | undefined,
  context: { fileLabel: string; configDir: string; clinic: ClinicInfo | undefined },
): string[] {
  const video = (data as { video?: { use?: unknown; verifyJoin?: unknown } } | null)?.video;
  if (video?.verifyJoin !== true) return [];
  const at = `${context.fileLabel}: video.verifyJoin`;
  if (video.use === NO_PLUGIN)
    return [`${at}: video is off (video.use: none), so there is no video link to put a code in front of; turn video on or set video.verifyJoin: false`];
  if (!inbox) return [];
  const id = inbox.descriptor.manifest.id;
  let service: unknown;
  try {
    service = inbox.descriptor.create(inbox.options, probeContext(context.configDir, context.clinic ?? STAND_IN_CLINIC));
  } catch {
    // The plugin's own error shows when the host makes it for real; here it only means "cannot tell".
    return [`${at}: could not make the inbox plugin "${id}" to look for its join gate (its create() failed); ${FIX} [${id}]`];
  }
  const gate = (service as { service?: Inbox } | undefined)?.service?.joinGate;
  if (gate && typeof gate.publishJoinLock === 'function' && typeof gate.withdrawJoinLock === 'function') return [];
  return [`${at}: the inbox plugin "${id}" has no join gate (the page that asks the patient for the code); ${FIX} [${id}]`];
}

/** Enough of a plugin context for a `create()` that does no I/O: nothing it is given leaves this check. */
function probeContext(configDir: string, clinic: ClinicInfo): PluginContext {
  const stopped = new AbortController();
  stopped.abort();
  const state: PluginState = { get: async () => undefined, set: async () => undefined, list: async () => [] };
  return {
    logger: silentLogger(),
    state,
    clock: new SystemClock(),
    clinic,
    phone: phoneNumbersIn(clinic.region),
    signal: stopped.signal,
    configDir,
  };
}

function silentLogger(): Logger {
  const nothing = () => undefined;
  const logger: Logger = { trace: nothing, debug: nothing, info: nothing, warn: nothing, error: nothing, fatal: nothing, child: () => logger };
  return logger;
}
