import { extname } from 'node:path';

/*
 * A plugin written in TypeScript is imported as it is when the host runs under a TypeScript
 * loader (`node --import tsx`, or a Node that strips types itself): then `import()` just works.
 * An installed host runs plain Node, which refuses `.ts` with a terse "Unknown file extension";
 * this turns that refusal into what to do about it.
 */

const TYPESCRIPT_EXTENSIONS = new Set(['.ts', '.mts', '.cts']);

/** Node's codes for "this is TypeScript and I will not run it" (no loader; or type stripping refuses node_modules). */
const REFUSED_CODES = new Set(['ERR_UNKNOWN_FILE_EXTENSION', 'ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING']);

/** True when `file` is a TypeScript module by its extension. */
export function isTypeScriptFile(file: string): boolean {
  return TYPESCRIPT_EXTENSIONS.has(extname(file).toLowerCase());
}

/** True when importing `file` failed only because this Node does not run TypeScript. */
export function refusedAsTypeScript(file: string, error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return isTypeScriptFile(file) && typeof code === 'string' && REFUSED_CODES.has(code);
}

/**
 * What to tell the integrator when a `.ts` plugin cannot be loaded. The caller prefixes the
 * config file and the `<role>.use` key.
 * @example
 * typeScriptPluginMessage('./src/index.ts', '/etc/clinic/src/index.ts')
 */
export function typeScriptPluginMessage(specifier: string, file: string): string {
  return (
    `plugin "${specifier}" is TypeScript (${file}) and this host runs plain Node, which cannot load .ts files: ` +
    'build the plugin first (tsc) and point `use` at the .js it emits; ' +
    'during development, run the host with `node --import tsx` to load .ts plugins directly'
  );
}
