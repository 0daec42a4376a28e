import type { Clock } from '../contracts/clock.js';
import type { Logger } from '../contracts/logger.js';
import type { ClinicInfo, PhoneNumbers, PluginContext, PluginState } from '../plugin/define-plugin.js';
import { ManualClock } from './manual-clock.js';
import { MemoryPluginState } from './memory-plugin-state.js';
import { simplePhoneNumbers } from './simple-phone-numbers.js';
import { createSilentLogger } from './silent-logger.js';

/** The clinic a test context uses unless told otherwise. */
export const TEST_CLINIC: Readonly<ClinicInfo> = Object.freeze({
  name: 'Test Street Medical',
  phone: '+61390000000',
  timeZone: 'Australia/Melbourne',
  region: 'AU',
  locale: 'en-AU',
});

export interface TestContextOptions {
  /** Defaults to fresh in-memory state; pass another context's state to test a restart. */
  state?: PluginState;
  /** Defaults to a {@link ManualClock} at 2026-01-01T00:00:00Z. */
  clock?: Clock;
  /** Merged over {@link TEST_CLINIC}. */
  clinic?: Partial<ClinicInfo>;
  /** Defaults to a silent logger. */
  logger?: Logger;
  /** Defaults to {@link simplePhoneNumbers} (E.164 only). */
  phone?: PhoneNumbers;
  /** Defaults to the current working directory. */
  configDir?: string;
}

/** A {@link PluginContext} plus `close()`, which aborts the context's signal as the host does at stop. */
export interface TestContext extends PluginContext {
  close(): Promise<void>;
}

/**
 * Builds what the host hands a plugin factory, for plugin tests: in-memory state, a silent
 * logger, a manual clock and a signal that `close()` aborts.
 *
 * @example
 * const ctx = createTestContext({ clock: new ManualClock('2026-11-23T08:00:00+11:00') });
 * const instance = plugin.create(options, ctx);
 * // … then: await instance.stop?.(); await ctx.close();
 */
export function createTestContext(options: TestContextOptions = {}): TestContext {
  const stopping = new AbortController();
  return {
    logger: options.logger ?? createSilentLogger(),
    state: options.state ?? new MemoryPluginState(),
    clock: options.clock ?? new ManualClock(),
    clinic: { ...TEST_CLINIC, ...options.clinic },
    phone: options.phone ?? simplePhoneNumbers,
    signal: stopping.signal,
    configDir: options.configDir ?? process.cwd(),
    close: async () => stopping.abort(),
  };
}
