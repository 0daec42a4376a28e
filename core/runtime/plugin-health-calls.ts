import { CODES, errorCode } from '@clinic-arrivals/plugin-kit';
import type { PluginRole } from '@clinic-arrivals/plugin-kit';
import type { CallOutcome, PluginHealthTracker } from './plugin-health.js';

/**
 * Answers that are the business of the caller, not a fault of the link: the record is gone,
 * someone else changed it first. They count as working calls.
 */
const BUSINESS_CODES: ReadonlySet<string> = new Set([CODES.NOT_FOUND, CODES.CONFLICT]);

/**
 * The remote side answered and refused this one request. Counted as failed (the text did not go,
 * reception must see it), but the provider evidently works, so they never make a plugin `down`
 * on their own. An opted-out recipient is judged the same way: a refusal, not an outage.
 */
const REFUSAL_CODES: ReadonlySet<string> = new Set([CODES.INVALID_NUMBER, CODES.OPTED_OUT]);

/** What a rejected call means for the plugin's health (see {@link CallOutcome}). */
export function outcomeOfError(error: unknown): CallOutcome {
  const code = errorCode(error) ?? CODES.PLUGIN;
  if (BUSINESS_CODES.has(code)) return { kind: 'ok' };
  if (REFUSAL_CODES.has(code)) return { kind: 'refused', code };
  // Anything else, an outcome-unknown send included, is a failure of the link.
  return { kind: 'failed', code };
}

/**
 * The role's service as the rest of the host sees it: every method that returns a promise is
 * counted into the tracker when it settles; anything else (a stream, a plain getter) passes
 * through. Methods run on the plugin's own object, so private fields keep working.
 */
export function countedService<S extends object>(service: S, role: PluginRole, tracker: PluginHealthTracker): S {
  const wrapped = new Map<PropertyKey, { value: unknown; wrapper: unknown }>();
  return new Proxy(service, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function' || property === 'constructor') return value;
      const known = wrapped.get(property);
      if (known?.value === value) return known.wrapper;
      const wrapper = function counted(...args: unknown[]): unknown {
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!isPromise(result)) return result;
        return result.then(
          (answer) => {
            tracker.recordCall(role, { kind: 'ok' });
            return answer;
          },
          (error: unknown) => {
            tracker.recordCall(role, outcomeOfError(error));
            throw error;
          },
        );
      };
      wrapped.set(property, { value, wrapper });
      return wrapper;
    },
  });
}

function isPromise(value: unknown): value is Promise<unknown> {
  return !!value && typeof (value as { then?: unknown }).then === 'function';
}
