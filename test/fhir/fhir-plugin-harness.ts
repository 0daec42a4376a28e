/** Builds pms-fhir-r4 instances against a test server, with instant sleeps and a manual clock. */
import { ManualClock, TEST_CLINIC, createSilentLogger, resolvePluginOptions } from '@clinic-arrivals/plugin-kit/testing';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import plugin, { createFhirPmsInstance } from '../../plugins/pms-fhir-r4/index.js';
import type { FhirPmsOptions } from '../../plugins/pms-fhir-r4/options.js';
import type { FhirSourceSeams } from '../../plugins/pms-fhir-r4/source.js';
import { phoneNumbersIn } from '../../core/phone/normalise.js';
import { startFhirTestServer, type FhirTestServer } from './fhir-test-server.js';

export interface HarnessOptions {
  clock?: ManualClock;
  logger?: Logger;
  seams?: FhirSourceSeams;
  configDir?: string;
}

/** Options validated and defaulted as the host does, then the instance (not started). */
export function makeFhirPms(raw: Partial<FhirPmsOptions> & { baseUrl: string }, harness: HarnessOptions = {}) {
  const options = resolvePluginOptions(plugin, raw);
  const clock = harness.clock ?? new ManualClock('2026-11-23T08:00:00+11:00');
  const sleeps: number[] = [];
  const instance = createFhirPmsInstance(
    options,
    {
      logger: harness.logger ?? createSilentLogger(),
      clock,
      clinic: { ...TEST_CLINIC },
      phone: phoneNumbersIn(TEST_CLINIC.region),
      configDir: harness.configDir ?? process.cwd(),
    },
    { sleep: async (ms) => void sleeps.push(ms), ...harness.seams },
  );
  return { instance, source: instance.service, clock, sleeps };
}

/**
 * For a suite of write tests: one FHIR test server for the suite (no request hook left from a
 * previous test), and `started()` for a started plugin against it with the request log cleared,
 * so a test sees only its own requests.
 */
export function useFhirWriteServer() {
  const suite = {
    server: undefined as unknown as FhirTestServer,
    async started(extra: Partial<FhirPmsOptions> = {}) {
      const made = makeFhirPms({ baseUrl: suite.server.baseUrl, ...extra });
      await made.instance.start!();
      suite.server.requests.length = 0;
      return made;
    },
  };
  before(async function () {
    suite.server = await startFhirTestServer();
  });
  after(async function () {
    await suite.server.close();
  });
  beforeEach(function () {
    suite.server.beforeRequest = undefined;
  });
  return suite;
}
