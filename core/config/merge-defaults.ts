import { PLUGIN_ROLES } from '@clinic-arrivals/plugin-kit';

type Json = Record<string, unknown>;

function isPlainObject(value: unknown): value is Json {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A clinic's config over the fleet's shared defaults: objects merge key by key, anything else
 * (lists, text, numbers) is replaced. A plugin role whose `use` the clinic changes starts from
 * the clinic's own choice alone: another plugin's options would not fit it.
 */
export function mergeClinicOverDefaults(defaults: Json, clinic: Json): Json {
  const merged = mergeObjects(defaults, clinic);
  for (const role of PLUGIN_ROLES) {
    const own = clinic[role];
    const shared = defaults[role];
    if (isPlainObject(own) && isPlainObject(shared) && own.use !== undefined && own.use !== shared.use) merged[role] = structuredClone(own);
  }
  return merged;
}

function mergeObjects(base: Json, over: Json): Json {
  const out: Json = structuredClone(base);
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? mergeObjects(current, value) : structuredClone(value);
  }
  return out;
}
