import { Liquid, filters, type FS, type Template } from 'liquidjs';
import { closestMatch } from '../spelling/suggest.js';
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
    const input = value instanceof StartDrop ? value.instant() : value === 'now' || value === 'today' ? new Date(options.now()) : value;
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

/** A Liquid error taken apart: what is wrong, where in the text, and how to fix it. */
export interface LiquidProblem {
  problem: string;
  line?: number;
  column?: number;
  fix?: string;
}

const CLOSING_TAGS: Record<string, string> = {
  if: 'endif',
  unless: 'endunless',
  for: 'endfor',
  case: 'endcase',
  capture: 'endcapture',
  raw: 'endraw',
  comment: 'endcomment',
  tablerow: 'endtablerow',
};

/**
 * Splits a Liquid error into message, position and a fix an author can act on. `filters`
 * (the engine's filter names) lets an unknown filter suggest the closest one.
 */
export function liquidProblem(error: unknown, filters: readonly string[] = []): LiquidProblem {
  const raw = error instanceof Error ? error.message : String(error);
  const at = /,\s*line:(\d+),\s*col:(\d+)\s*$/.exec(raw);
  const message = at ? raw.slice(0, at.index) : raw;
  const place = at ? { line: Number(at[1]), column: Number(at[2]) } : {};
  return { problem: message, ...place, fix: liquidFix(message, filters) };
}

function liquidFix(message: string, filters: readonly string[]): string | undefined {
  let match: RegExpExecArray | null;
  if (/^output "\{\{.*" not closed$/s.test(message)) return 'close it with }} (and close any quote inside it)';
  if ((match = /^tag \{%-?\s*(\w+)[^]*%\} not closed$/.exec(message))) {
    const closing = CLOSING_TAGS[match[1]!];
    return closing ? `add {% ${closing} %} where the ${match[1]} block ends` : `close the {% ${match[1]} %} block`;
  }
  if ((match = /^tag "(\w+)" not found$/.exec(message))) {
    const tag = match[1]!;
    if (tag.startsWith('end') || tag === 'else' || tag === 'elsif')
      return `there is no open block for {% ${tag} %}: remove it or add the tag that opens the block`;
    return `{% ${tag} %} is not a Liquid tag; use if, unless, case, for, assign or capture, or {{ … }} to print a variable`;
  }
  if ((match = /^undefined filter: (\S+)$/.exec(message))) {
    const closest = closestMatch(match[1]!, filters);
    return `${closest ? `did you mean "${closest}"? ` : ''}filters are the standard Liquid ones, e.g. upcase, downcase, capitalize, default, date`;
  }
  if (/^invalid value expression/.test(message)) return 'put a variable between {{ and }}, e.g. {{ Patient.firstName }}';
  if (/limit exceeded/.test(message)) return 'make its loops shorter (an SMS has no room for long repeats)';
  if (/^(ParseError|TokenizationError|unexpected|illegal|invalid)/i.test(message)) return 'check the Liquid markup there';
  return undefined;
}

/**
 * The variables a parsed template reads from outside (locals from `assign`/`capture`/`for`
 * excluded), as dotted paths. Dynamic lookups such as `Patient[x]` come back as `Patient[…]`
 * so that they fail the allow-list.
 */
export function globalVariablePaths(engine: Liquid, templates: Template[]): string[] {
  const paths = new Set<string>();
  for (const segments of engine.globalVariableSegmentsSync(templates, { partials: false })) {
    const parts = segments.map((segment) => (typeof segment === 'string' || typeof segment === 'number' ? String(segment) : '[…]'));
    paths.add(parts.join('.').replace(/\.\[…\]/g, '[…]'));
  }
  return [...paths];
}
