import { expect } from 'chai';
import { expectRejection } from '../testing/expect-rejection.js';
import {
  AuthError,
  ConfigError,
  ConflictError,
  InvalidNumberError,
  NotFoundError,
  NotReadyError,
  OptedOutError,
  RateLimitedError,
  UnavailableError,
  UnreachableError,
} from './errors.js';
import { isRetryable } from './classify.js';
import { abortableSleep, Backoff, backoffDelay, withRetry, type RetryOptions } from './retry.js';

/** Records the waits instead of waiting. */
function fakeSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:9`), { code });
}

/** A function failing with `errors` in turn, then returning 'done'. */
function failing(...errors: unknown[]) {
  const calls: number[] = [];
  const fn = async (attempt: number) => {
    calls.push(attempt);
    if (errors.length > 0) throw errors.shift();
    return 'done';
  };
  return { fn, calls };
}

const base = (extra: Partial<RetryOptions> = {}): RetryOptions => ({ retries: 3, minDelayMs: 100, maxDelayMs: 1000, random: () => 0.5, ...extra });

describe('isRetryable', () => {
  it('retries typed errors of kind not-ready', () => {
    for (const error of [new NotReadyError('x'), new UnavailableError('x'), new RateLimitedError('x'), new ConflictError('x')]) {
      expect(isRetryable(error), String(error)).to.equal(true);
    }
  });

  it('never retries auth, config, opt-out, invalid number, outcome-unknown or untyped errors', () => {
    for (const error of [
      new AuthError('x'),
      new ConfigError('x', 'sms.options.from'),
      new OptedOutError('x'),
      new InvalidNumberError('x'),
      new NotFoundError('x'),
      new UnavailableError('x', { outcomeUnknown: true }),
      new Error('something else'),
      new TypeError('undefined is not a function'),
      'a string',
    ]) {
      expect(isRetryable(error), String(error)).to.equal(false);
    }
  });

  it('leaves plain network failures to the plugin: whether a retry is safe depends on the call', () => {
    // A reset connection during a send may have delivered the text: only the plugin knows.
    for (const error of [networkError('ECONNREFUSED'), networkError('ECONNRESET'), new TypeError('fetch failed', { cause: networkError('UND_ERR_SOCKET') })]) {
      expect(isRetryable(error), String(error)).to.equal(false);
    }
  });
});

describe('withRetry', () => {
  it('returns the first success, retrying transient failures with growing delays', async () => {
    const { waits, sleep } = fakeSleep();
    const { fn, calls } = failing(new UnavailableError('503'), new UnreachableError('connect ECONNRESET', { cause: networkError('ECONNRESET') }));
    const retried: Array<[string, number, number]> = [];
    const result = await withRetry(fn, base({ sleep, onRetry: (e, attempt, ms) => retried.push([(e as Error).message.slice(0, 3), attempt, ms]) }));
    expect(result).to.equal('done');
    expect(calls).to.deep.equal([1, 2, 3]);
    // random 0.5: halfway between 100 and 200, then between 100 and 400.
    expect(waits).to.deep.equal([150, 250]);
    expect(retried).to.deep.equal([
      ['503', 1, 150],
      ['con', 2, 250],
    ]);
  });

  it('gives up after `retries` retries and throws the last error', async () => {
    const { waits, sleep } = fakeSleep();
    const last = new UnavailableError('still down');
    const { fn, calls } = failing(new UnavailableError('down'), new UnavailableError('down'), last, new UnavailableError('never'));
    const error = await expectRejection(() => withRetry(fn, base({ retries: 2, sleep })), UnavailableError);
    expect(error).to.equal(last);
    expect(calls).to.deep.equal([1, 2, 3]);
    expect(waits).to.have.length(2);
  });

  for (const error of [
    new AuthError('bad token'),
    new ConfigError('bad'),
    new OptedOutError('stop'),
    new InvalidNumberError('nope'),
    new Error('bug'),
    new UnavailableError('answer lost', { outcomeUnknown: true }),
    networkError('ECONNRESET'),
  ]) {
    it(`does not retry ${error.name} (${error.message})`, async () => {
      const { waits, sleep } = fakeSleep();
      const { fn, calls } = failing(error);
      const thrown = await expectRejection(() => withRetry(fn, base({ sleep })), Error);
      expect(thrown).to.equal(error);
      expect(calls).to.deep.equal([1]);
      expect(waits).to.deep.equal([]);
    });
  }

  it("waits the server's retryAfterMs, even beyond maxDelayMs", async () => {
    const { waits, sleep } = fakeSleep();
    const { fn } = failing(new RateLimitedError('slow down', { retryAfterMs: 30_000 }), new NotReadyError('x', { retryAfterMs: 0 }));
    expect(await withRetry(fn, base({ sleep }))).to.equal('done');
    expect(waits).to.deep.equal([30_000, 0]);
  });

  it('caps delays at maxDelayMs', async () => {
    const { waits, sleep } = fakeSleep();
    const { fn } = failing(...Array.from({ length: 6 }, () => new UnavailableError('x')));
    await withRetry(fn, base({ retries: 6, sleep, random: () => 0.999999 }));
    expect(waits).to.deep.equal([200, 400, 800, 1000, 1000, 1000]);
  });

  it('stops at once when aborted while waiting, with the abort reason', async () => {
    const controller = new AbortController();
    const reason = new Error('host stopping');
    const { fn, calls } = failing(new UnavailableError('x'), new UnavailableError('x'));
    const sleep = async (_ms: number, signal?: AbortSignal) => {
      controller.abort(reason);
      signal?.throwIfAborted();
    };
    const thrown = await expectRejection(() => withRetry(fn, base({ sleep, signal: controller.signal })), Error);
    expect(thrown).to.equal(reason);
    expect(calls).to.deep.equal([1]);
  });

  it('does not start when the signal is already aborted', async () => {
    const { fn, calls } = failing();
    await expectRejection(() => withRetry(fn, base({ signal: AbortSignal.abort(new Error('gone')) })), Error);
    expect(calls).to.deep.equal([]);
  });
});

describe('abortableSleep', () => {
  it('rejects with the reason as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const waiting = abortableSleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    const error = await expectRejection(() => waiting, Error);
    expect(error.message).to.equal('stop');
  });

  it('resolves after the delay', async () => {
    await abortableSleep(1);
  });
});

describe('Backoff', () => {
  it('grows per failure, stays within bounds and starts over after reset', () => {
    const backoff = new Backoff({ minDelayMs: 1000, maxDelayMs: 5000, random: () => 0.999999 });
    expect([backoff.next(), backoff.next(), backoff.next(), backoff.next()]).to.deep.equal([2000, 4000, 5000, 5000]);
    expect(backoff.attempts).to.equal(4);
    backoff.reset();
    expect(backoff.attempts).to.equal(0);
    expect(backoff.next()).to.equal(2000);
  });

  it('jitters between the floor and the ceiling', () => {
    expect(backoffDelay(3, { minDelayMs: 100, maxDelayMs: 10_000, random: () => 0 })).to.equal(100);
    expect(backoffDelay(3, { minDelayMs: 100, maxDelayMs: 10_000, random: () => 0.5 })).to.equal(450);
    for (let attempt = 1; attempt < 20; attempt++) {
      const delay = backoffDelay(attempt, { minDelayMs: 100, maxDelayMs: 10_000 });
      expect(delay).to.be.within(100, 10_000);
    }
  });
});
