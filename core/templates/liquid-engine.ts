import { Liquid, filters, type FS, type Template } from 'liquidjs';
import { StartDrop } from './variables.js';

/** A file system that has no files: templates come from config and the store, never from disk. */
const NO_FILES: FS = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async (file) => {
    throw new Error(`templates cannot read files (${file})`);
  },
  readFileSync: (file) => {
    throw new Error(`templates cannot read files (${file})`);
  },
  resolve: (_dir, file) => file,
  contains: async () => false,
  containsSync: () => false,
};

/** Where and when templates are rendered. */
export interface TemplateEngineOptions {
  /** IANA zone the `date` filter prints in. */
  timeZone: string;
  /** BCP 47 locale for day and month names. */
  locale: string;
  /** The injected clock, for `"now" | date`. */
  now: () => number;
}

type FilterFn = (this: unknown, value: unknown, ...args: unknown[]) => unknown;
const builtinDate = (filters as unknown as Record<string, FilterFn>).date as FilterFn;

/**
 * The Liquid engine for message templates: strict (a misspelt variable or filter is an error,
 * never an empty string), no file access (`include`/`render`/`layout` cannot read anything),
 * limits so that a careless edit cannot stall the host, and a `date` filter that knows
 * `Appointment.start`, the clinic's zone and the injected clock.
 */
export function createTemplateEngine(options: TemplateEngineOptions): Liquid {
  const engine = new Liquid({
    timezoneOffset: options.timeZone,
    locale: options.locale,
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    fs: NO_FILES,
    root: [],
    partials: [],
    layouts: [],
    relativeReference: false,
    cache: false,
    parseLimit: 20_000,
    renderLimit: 1_000,
    memoryLimit: 1_000_000,
  });
  engine.registerFilter('date', function (this: unknown, value: unknown, ...args: unknown[]) {
    const input =
      value instanceof StartDrop ? value.instant() : value === 'now' || value === 'today' ? new Date(options.now()) : value;
    return builtinDate.call(this, input, ...args);
  });
  return engine;
}

/** Tags that would pull in other files; rejected with a clear message before parsing. */
const FILE_TAG = /\{%-?\s*(include|render|layout|block)\b/;

/** The name of a file tag used in `text`, if any. */
export function fileTagIn(text: string): string | undefined {
  return FILE_TAG.exec(text)?.[1];
}

/** A Liquid error message made readable: `…, line:3, col:1` → `… (line 3, column 1)`. */
export function describeLiquidError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/,\s*line:(\d+),\s*col:(\d+)\s*$/, ' (line $1, column $2)');
}

/**
 * The variables a parsed template reads from outside (locals from `assign`/`capture`/`for`
 * excluded), as dotted paths. Dynamic lookups such as `Patient[x]` come back as `Patient[…]`
 * so that they fail the allow-list.
 */
export function globalVariablePaths(engine: Liquid, templates: Template[]): string[] {
  const paths = new Set<string>();
  for (const segments of engine.globalVariableSegmentsSync(templates, { partials: false })) {
    const parts = segments.map((segment) =>
      typeof segment === 'string' || typeof segment === 'number' ? String(segment) : '[…]',
    );
    paths.add(parts.join('.').replace(/\.\[…\]/g, '[…]'));
  }
  return [...paths];
}
