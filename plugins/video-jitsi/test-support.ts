import type { VideoRoomRequest } from '@clinic-arrivals/plugin-kit';
import { ManualClock, createTestContext, resolvePluginOptions, type TestContext } from '@clinic-arrivals/plugin-kit/testing';
import { startJitsiStandIn, type JitsiStandIn } from '../../test/stand-ins/jitsi/index.js';
import plugin, { type JitsiVideoOptions } from './index.js';
import { JitsiVideoProvider, type JitsiVideoDependencies } from './jitsi-video-provider.js';

/** Deployment used by the tests (never a real host: links are only parsed, not opened). */
export const TEST_DOMAIN = 'video.clinic.test';
export const TEST_APP_ID = 'clinic-arrivals-test';
export const TEST_SECRET = 'test-secret-0123456789abcdef-not-real';

export const consult: VideoRoomRequest = {
  appointmentId: 'appt-9917',
  start: '2026-11-23T09:30:00+11:00',
  end: '2026-11-23T09:45:00+11:00',
  patientDisplayName: 'Sam Lee',
  practitionerDisplayName: 'Dr Jones',
};

/** A JWT-secured test deployment with a room-size stand-in, and a provider on it. */
export interface JitsiFixture {
  ctx: TestContext;
  clock: ManualClock;
  jitsi: JitsiStandIn;
  options: Readonly<JitsiVideoOptions>;
  provider: JitsiVideoProvider;
  /** Sleeps the provider asked for (its backoff), instead of waiting. */
  sleeps: number[];
  close(): Promise<void>;
}

/**
 * Starts the stand-in and a provider on it with join detection on. `raw` is merged over the
 * options; `deps` over the dependencies (retry with a recording, instant sleep by default).
 */
export async function jitsiFixture(
  raw: Record<string, unknown> = {},
  extra: { roomSizeTokenVerification?: boolean; deps?: Partial<JitsiVideoDependencies>; clock?: ManualClock } = {},
): Promise<JitsiFixture> {
  const clock = extra.clock ?? new ManualClock('2026-11-23T08:00:00+11:00');
  const jitsi = await startJitsiStandIn({
    domain: TEST_DOMAIN,
    jwt: { appId: TEST_APP_ID, secret: TEST_SECRET, subject: TEST_DOMAIN },
    roomSizeTokenVerification: extra.roomSizeTokenVerification,
    now: () => clock.now(),
  });
  const ctx = createTestContext({ clock });
  const options = resolvePluginOptions(plugin, {
    domain: TEST_DOMAIN,
    jwtAppId: TEST_APP_ID,
    jwtSecret: TEST_SECRET,
    roomSizeUrl: jitsi.roomSizeUrl,
    joinDetection: 'any-occupant',
    ...raw,
  });
  const sleeps: number[] = [];
  const provider = new JitsiVideoProvider(options, {
    state: ctx.state,
    clock,
    logger: ctx.logger,
    retry: { retries: 2, minDelayMs: 100, maxDelayMs: 1000, random: () => 0, sleep: async (ms) => void sleeps.push(ms) },
    ...extra.deps,
  });
  return {
    ctx,
    clock,
    jitsi,
    options,
    provider,
    sleeps,
    close: async () => {
      await jitsi.close();
      await ctx.close();
    },
  };
}
