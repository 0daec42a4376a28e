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

/** A string option marked `"x-file": true` (a file the host or plugin will read), where ajv met it. */
export interface FileReference {
  /** JSON pointer inside the validated object, e.g. `/auth/privateKeyPath`. */
  instancePath: string;
  /** The path as written (relative paths are relative to the config folder). */
  value: string;
}

let fileSink: FileReference[] | undefined;

/**
 * Runs `validate` (a validator compiled by {@link createConfigAjv}) and returns the `x-file`
 * values it met, so that the loader can check the files exist before anything starts.
 * Validation is synchronous, so one module-level sink is enough.
 */
export function collectFileReferences<T>(validate: () => T): { result: T; files: FileReference[] } {
  const previous = fileSink;
  const files: FileReference[] = [];
  fileSink = files;
  try {
    return { result: validate(), files };
  } finally {
    fileSink = previous;
  }
}

/**
 * The ajv instance for the host schema and plugin option schemas: every error (not only the
 * first), defaults filled in, `verbose` so the formatter sees the failing schema node (for
 * `x-message`, `x-secret` and the allowed keys). `"x-file": true` marks a path to a file that
 * must exist (see {@link collectFileReferences}).
 *
 * `strict: false` because plugin schemas come from third parties; the host's own schema is
 * compiled in strict mode by its test.
 */
export function createConfigAjv(options: { strict?: boolean } = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, verbose: true, strict: options.strict ?? false });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'x-secret', schemaType: 'boolean' });
  ajv.addKeyword({ keyword: 'x-message', schemaType: 'string' });
  // A path to a file that must exist (checked by the loader, not by the schema).
  ajv.addKeyword({
    keyword: 'x-file',
    schemaType: 'boolean',
    validate: (marked: boolean, data: unknown, _parent?: unknown, where?: { instancePath: string }) => {
      if (marked && typeof data === 'string' && fileSink) fileSink.push({ instancePath: where?.instancePath ?? '', value: data });
      return true;
    },
  });
  ajv.addFormat('iana-time-zone', { type: 'string', validate: isValidTimeZone });
  return ajv;
}
