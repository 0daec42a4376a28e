/**
 * Sets up a fresh harness before each test of the enclosing mocha `describe` and tears it
 * down after. Returns an accessor that fails clearly if a test runs without one.
 */
export function harnessPerTest<H extends { teardown?(): Promise<void> }>(setup: () => Promise<H>): () => H {
  let harness: H | undefined;
  beforeEach(async function () {
    harness = await setup();
  });
  afterEach(async function () {
    await harness?.teardown?.();
    harness = undefined;
  });
  return () => {
    if (!harness) throw new Error('setup() did not run');
    return harness;
  };
}
