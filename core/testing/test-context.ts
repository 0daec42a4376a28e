import 'reflect-metadata';
import { container as rootContainer } from 'tsyringe';
import type { Clock } from '../contracts/clock.js';
import type { Logger } from '../contracts/logger.js';
import type { Store } from '../contracts/store.js';
import { TOKENS } from '../contracts/tokens.js';
import type { ClinicInfo, PluginContext } from '../plugin/define-plugin.js';
import { ManualClock } from './manual-clock.js';
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
  /** Defaults to a fresh in-memory SQLite store. */
  store?: Store;
  /** Defaults to a {@link ManualClock} at 2026-01-01T00:00:00Z. */
  clock?: Clock;
  /** Merged over {@link TEST_CLINIC}. */
  clinic?: Partial<ClinicInfo>;
  /** Defaults to a silent logger. */
  logger?: Logger;
  /** Defaults to the current working directory. */
  configDir?: string;
}

/** A {@link PluginContext} plus `close()`, which closes the store when the context created it. */
export interface TestContext extends PluginContext {
  close(): Promise<void>;
}

/**
 * Builds what the host hands a plugin factory, for plugin tests: a fresh child container
 * (with the store, clock and logger registered under their TOKENS), a silent logger, a
 * manual clock and (unless given) an in-memory SQLite store.
 *
 * @example
 * const ctx = await createTestContext({ clock: new ManualClock('2026-11-23T08:00:00+11:00') });
 * const instance = plugin.create(options, ctx);
 * // … then: await instance.stop?.(); await ctx.close();
 */
export async function createTestContext(options: TestContextOptions = {}): Promise<TestContext> {
  const ownsStore = options.store === undefined;
  const clock = options.clock ?? new ManualClock();
  const store = options.store ?? (await openInMemoryStore(clock));
  const logger = options.logger ?? createSilentLogger();
  const container = rootContainer.createChildContainer();
  container.register(TOKENS.Store, { useValue: store });
  container.register(TOKENS.Clock, { useValue: clock });
  container.register(TOKENS.Logger, { useValue: logger });
  return {
    logger,
    store,
    clock,
    clinic: { ...TEST_CLINIC, ...options.clinic },
    container,
    configDir: options.configDir ?? process.cwd(),
    close: async () => {
      if (ownsStore) await store.close();
    },
  };
}

async function openInMemoryStore(clock: Clock): Promise<Store> {
  // Imported lazily so that callers passing their own store never load the SQLite driver.
  const { openSqliteStore } = await import('../store/sqlite-store.js');
  return openSqliteStore(':memory:', { clock });
}
