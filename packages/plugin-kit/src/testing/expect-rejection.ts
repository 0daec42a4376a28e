import assert from 'node:assert/strict';
import { classify } from '../plugin/classify.js';

/** What a rejection must carry: its stable code (`CA_ERR_…`), and its kind where errors have one. */
export interface ExpectedError {
  code?: string;
  kind?: string;
}

/** An error as the contract suites see it: only its fields, never its class. */
export interface CodedError extends Error {
  code: string;
  kind?: string;
  retryable?: boolean;
  outcomeUnknown?: boolean;
}

type ErrorClass<E> = abstract new (...args: never[]) => E;

/**
 * Awaits `fn()`, expects it to reject, and returns the error.
 *
 * Given a code (`'CA_ERR_AUTH'`) or `{ code, kind }`, it checks those fields, not the class:
 * a plugin that bundles its own copy of the kit throws errors of other classes that the host
 * accepts by their code, and so do the contract suites. Given a class, it checks `instanceof`,
 * which only holds for errors from the same copy (fine inside one project's own tests).
 *
 * @example
 * const error = await expectRejection(() => sender.send(message), 'CA_ERR_OPTED_OUT');
 * await expectRejection(() => client.start(), AuthError);
 */
export async function expectRejection<E extends Error>(fn: () => Promise<unknown>, expected: ErrorClass<E>): Promise<E>;
export async function expectRejection(fn: () => Promise<unknown>, expected: string | ExpectedError): Promise<CodedError>;
export async function expectRejection(fn: () => Promise<unknown>, expected: ErrorClass<Error> | string | ExpectedError): Promise<Error> {
  const wanted = describeExpected(expected);
  let thrown: unknown;
  let rejected = false;
  try {
    await fn();
  } catch (error) {
    thrown = error;
    rejected = true;
  }
  assert.ok(rejected, `expected ${wanted}, but the call succeeded`);
  if (typeof expected === 'function') {
    assert.ok(thrown instanceof expected, `expected ${wanted}, got ${describeThrown(thrown)}`);
    return thrown;
  }
  const { code, kind } = typeof expected === 'string' ? { code: expected, kind: undefined } : expected;
  const fields = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as Partial<CodedError>;
  const matches = (code === undefined || fields.code === code) && (kind === undefined || classify(thrown).kind === kind);
  assert.ok(matches, `expected ${wanted}, got ${describeThrown(thrown)}`);
  return thrown as CodedError;
}

function describeExpected(expected: ErrorClass<Error> | string | ExpectedError): string {
  if (typeof expected === 'function') return `a ${expected.name}`;
  if (typeof expected === 'string') return `an error with code ${expected}`;
  if (expected.code === undefined && expected.kind === undefined) throw new TypeError('expectRejection: give a code or a kind');
  return `an error with ${[expected.code && `code ${expected.code}`, expected.kind && `kind ${expected.kind}`].filter(Boolean).join(' and ')}`;
}

function describeThrown(thrown: unknown): string {
  if (typeof thrown !== 'object' || thrown === null) return `${typeof thrown} ${String(thrown)}`;
  const { name, code, message } = thrown as Partial<CodedError>;
  const kind = code === undefined ? undefined : classify(thrown).kind;
  const parts = [code !== undefined && `code ${String(code)}`, kind !== undefined && `kind ${String(kind)}`].filter(Boolean);
  return `${String(name ?? 'an object')}${parts.length ? ` (${parts.join(', ')})` : ''}: ${String(message)}`;
}
