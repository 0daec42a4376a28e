import type { SkipTest, SuiteRunner } from './test-api.js';

/** A {@link SuiteRunner} whose tests each get a fresh harness, read with `h()`. */
export interface HarnessRunner<H> extends SuiteRunner {
  /** The running test's harness; fails clearly when called outside a test. */
  h(): H;
}

/**
 * Sets up a fresh harness at the start of each test and tears it down at its end, inside the
 * test itself rather than in hooks, so it works the same under every runner (their hooks
 * differ in scope and in how they report failures).
 */
export function harnessPerTest<H extends { teardown?(): Promise<void> }>(runner: SuiteRunner, setup: () => Promise<H>): HarnessRunner<H> {
  let harness: H | undefined;
  const withHarness = (body: (skip: SkipTest) => Promise<void>) => async (skip: SkipTest) => {
    harness = await setup();
    let failed = false;
    try {
      await body(skip);
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      const done = harness;
      harness = undefined;
      // A teardown failure is reported unless the test already failed (its error says more).
      await done.teardown?.().catch((error: unknown) => {
        if (!failed) throw error;
      });
    }
  };
  return {
    describe: runner.describe,
    test: (name, body, options) => runner.test(name, withHarness(body), options),
    skipped: (name, body) => runner.skipped(name, withHarness(body)),
    h: () => {
      if (!harness) throw new Error('setup() did not run: h() is only available inside a test');
      return harness;
    },
  };
}
