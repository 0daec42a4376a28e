import assert from 'node:assert/strict';

/** Fails unless `value` is a string with at least one character. */
export function assertNonEmptyString(value: unknown, what: string): asserts value is string {
  assert.ok(typeof value === 'string' && value.length > 0, `${what}: expected a non-empty string, got ${JSON.stringify(value)}`);
}

/** Fails unless `value` is one of `allowed`. */
export function assertOneOf<T>(value: T, allowed: readonly T[], what: string): void {
  assert.ok(allowed.includes(value), `${what}: expected one of ${JSON.stringify(allowed)}, got ${JSON.stringify(value)}`);
}

/** Fails if `list` contains `value`. */
export function assertExcludes<T>(list: readonly T[], value: T, what: string): void {
  assert.ok(!list.includes(value), `${what}: ${JSON.stringify(value)} should not be in ${JSON.stringify(list)}`);
}
