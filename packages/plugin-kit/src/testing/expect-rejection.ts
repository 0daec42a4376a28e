import { expect } from 'chai';

/** Awaits `fn()`, expects it to reject with an instance of `type`, and returns the error. */
export async function expectRejection<E extends Error>(
  fn: () => Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  let thrown: unknown;
  try {
    await fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected a ${type.name}, but the call succeeded`).to.not.equal(undefined);
  expect(thrown, `expected a ${type.name}, got ${String(thrown)}`).to.be.instanceOf(type);
  return thrown as E;
}
