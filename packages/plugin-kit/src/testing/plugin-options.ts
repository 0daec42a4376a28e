import { createConfigAjv } from '../plugin/options-ajv.js';
import type { PluginDescriptor, PluginRole } from '../plugin/define-plugin.js';

/** Options that failed a plugin's schema; `problems` are ajv's messages with their paths. */
export class OptionsSchemaError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid plugin options: ${problems.join('; ')}`);
    this.name = 'OptionsSchemaError';
  }
}

/**
 * Validates `raw` against a plugin's options schema the way the host does (all errors,
 * defaults filled in) and returns the frozen result, ready for `descriptor.create` and typed
 * as what `create` receives.
 *
 * @throws OptionsSchemaError listing every problem.
 * @example
 * const options = resolvePluginOptions(plugin, { print: false }); // defaults applied
 */
export function resolvePluginOptions<O>(descriptor: PluginDescriptor<PluginRole, O>, raw: unknown = {}): O {
  const copy = structuredClone(raw ?? {});
  const validate = createConfigAjv().compile(descriptor.optionsSchema);
  if (!validate(copy)) {
    throw new OptionsSchemaError((validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`));
  }
  // Sound because ajv checked `copy` against the schema `O` is derived from.
  return deepFreeze(copy) as O;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
