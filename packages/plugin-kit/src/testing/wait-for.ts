/** Options of {@link waitFor}. */
export interface WaitForOptions {
  /** What is awaited, for the timeout message ("the stand-in to have served 2 polls"). */
  what: string;
  /** Give up after this long. Generous on purpose: it only matters when the test already failed. */
  timeoutMs?: number;
  /** How often the condition is checked. */
  everyMs?: number;
}

/** Default ceiling of {@link waitFor}: long enough for a loaded CI machine. */
export const WAIT_FOR_TIMEOUT_MS = 10_000;

/**
 * Waits until `condition` returns a value that is not `undefined`, `false` or `null`, and returns
 * that value. It checks at once and then every few milliseconds, so it returns as soon as the
 * condition holds; it fails only after `timeoutMs`, naming `what` it waited for. An error the
 * condition throws is passed on at once.
 *
 * @example
 * await waitFor(() => standIn.requests().length >= 2, { what: 'two requests at the stand-in' });
 * const row = await waitFor(() => store.find(id), { what: `appointment ${id} in the store` });
 */
export async function waitFor<T>(
  condition: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  { what, timeoutMs = WAIT_FOR_TIMEOUT_MS, everyMs = 5 }: WaitForOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
