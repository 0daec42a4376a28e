import { Ajv } from 'ajv';
import formats from 'ajv-formats';

const addFormats = formats.default;

/** True when `zone` is an IANA time zone this Node knows (Intl throws RangeError otherwise). */
export function isValidTimeZone(zone: string): boolean {
  if (zone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The ajv instance for the host schema and plugin option schemas: every error (not only the
 * first), defaults filled in, `verbose` so the formatter sees the failing schema node (for
 * `x-message`, `x-secret` and the allowed keys).
 *
 * `strict: false` because plugin schemas come from third parties; the host's own schema is
 * compiled in strict mode by its test.
 */
export function createConfigAjv(options: { strict?: boolean } = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, verbose: true, strict: options.strict ?? false });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'x-secret', schemaType: 'boolean' });
  ajv.addKeyword({ keyword: 'x-message', schemaType: 'string' });
  ajv.addFormat('iana-time-zone', { type: 'string', validate: isValidTimeZone });
  return ajv;
}
