/**
 * The test functions a contract suite declares its tests with. Pass your runner's, e.g.
 * `import { describe, it } from 'node:test'`; without them the suites use the global
 * `describe`/`it` that mocha, jasmine, jest and vitest (with `globals: true`) define.
 *
 * The suites set up and tear down their harness inside each test, so the hooks are never
 * called; they are accepted so a runner's whole API (`import * as t from 'node:test'`) fits.
 */
export interface TestApi {
  describe(name: string, fn: () => void): unknown;
  it: TestFunction;
  before?: unknown;
  after?: unknown;
  beforeEach?: unknown;
  afterEach?: unknown;
}

/** A runner's `it`: takes a name and a function that may receive the runner's test context. */
export interface TestFunction {
  (name: string, fn: (this: any, ...args: any[]) => Promise<void>): unknown;
  /** Declares a skipped test (mocha, node:test, vitest, jest). */
  skip?: (name: string, fn: (this: any, ...args: any[]) => Promise<void>) => unknown;
}

/** Ends the running test as skipped. Never returns. */
export type SkipTest = (reason?: string) => never;

/** The few things a suite needs from a runner: groups, tests, skipped tests. */
export interface SuiteRunner {
  describe(name: string, fn: () => void): void;
  /** A test whose body can skip itself at run time (`skip()`), with a per-test timeout where the runner has one. */
  test(name: string, body: (skip: SkipTest) => Promise<void>, options?: { timeoutMs?: number }): void;
  /** A test that is skipped without running, e.g. for a capability the plugin does not declare. */
  skipped(name: string, body: (skip: SkipTest) => Promise<void>): void;
}

/** Thrown by `skip()` when the runner's own skip returned instead of ending the test (node:test). */
const SKIPPED = Symbol('skipped');

/**
 * Resolves the runner a suite declares its tests with: the one given, else the globals.
 * Fails at once, naming the suite, when there is neither.
 */
export function suiteRunner(suite: string, given: TestApi | undefined): SuiteRunner {
  const api = given ?? globalTestApi();
  if (!api || typeof api.describe !== 'function' || typeof api.it !== 'function') {
    throw new Error(
      `${suite}: no test functions. Pass your runner's as the second argument ` +
        `(e.g. import { describe, it } from 'node:test'; ${suite}(options, { describe, it })) ` +
        'or run it under a runner that defines describe and it as globals (mocha, or vitest with globals: true).',
    );
  }
  const declare = (name: string, body: (skip: SkipTest) => Promise<void>, timeoutMs?: number) =>
    // Rest parameters keep fn.length at 0, so mocha and node:test do not wait for a `done` callback.
    async function (this: unknown, ...args: unknown[]): Promise<void> {
      if (timeoutMs !== undefined) setRunnerTimeout(this, timeoutMs);
      try {
        await body(skipFrom(this, args[0]));
      } catch (error) {
        if (error !== SKIPPED) throw error;
      }
    };
  return {
    describe: (name, fn) => void api.describe(name, fn),
    test: (name, body, options) => void api.it(name, declare(name, body, options?.timeoutMs)),
    skipped: (name, body) => {
      if (typeof api.it.skip === 'function') api.it.skip(name, declare(name, body));
      else
        api.it(
          name,
          declare(name, (skip) => skip('not declared')),
        );
    },
  };
}

function globalTestApi(): TestApi | undefined {
  const { describe, it } = globalThis as { describe?: unknown; it?: unknown };
  if (typeof describe !== 'function' || typeof it !== 'function') return undefined;
  return { describe: describe as TestApi['describe'], it: it as TestFunction };
}

interface SkippableContext {
  skip(reason?: string): unknown;
}

const canSkip = (value: unknown): value is SkippableContext =>
  typeof value === 'object' && value !== null && typeof (value as SkippableContext).skip === 'function';

/**
 * The runner's way to skip a running test: mocha's `this.skip()` (throws), node:test's and
 * vitest's context `skip()` (node's returns, so the body is ended here), jasmine's `pending()`.
 */
function skipFrom(self: unknown, context: unknown): SkipTest {
  return (reason) => {
    if (canSkip(self)) self.skip(reason);
    else if (canSkip(context)) context.skip(reason);
    else {
      const pending = (globalThis as { pending?: (reason?: string) => void }).pending;
      if (typeof pending === 'function') pending(reason);
      else throw new Error(`skipped${reason ? `: ${reason}` : ''} (this runner has no way to skip a running test)`);
    }
    // A sentinel, not an Error: the test wrapper catches exactly this value and ends the test as skipped.
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    throw SKIPPED;
  };
}

/** mocha's per-test timeout; node:test has no default timeout, other runners take theirs from config. */
function setRunnerTimeout(self: unknown, ms: number): void {
  const timeout = (self as { timeout?: unknown } | undefined)?.timeout;
  if (typeof timeout === 'function') timeout.call(self, ms);
}
