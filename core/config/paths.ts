/** A location inside the config: object keys and array indexes. */
export type ConfigPath = ReadonlyArray<string | number>;

/** `['sms', 'options', 'from']` → `sms.options.from`; array indexes as `whitelist[0]`. */
export function formatPath(path: ConfigPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** Parses an ajv `instancePath` (JSON Pointer) into segments; all-digit segments become indexes. */
export function pointerToPath(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : segment));
}

/** `<file>: <path>: <message>`, or `<file>: <message>` for the top level. */
export function problemLine(fileLabel: string, path: ConfigPath | string, message: string): string {
  const dotted = typeof path === 'string' ? path : formatPath(path);
  return dotted === '' ? `${fileLabel}: ${message}` : `${fileLabel}: ${dotted}: ${message}`;
}
