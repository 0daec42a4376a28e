import type { ErrorObject } from 'ajv';
import { formatPath, pointerToPath, problemLine, type ConfigPath } from './paths.js';
import { isSecretPath } from './secrets.js';
import { closestMatch } from '../spelling/suggest.js';
import { collapseAlternatives } from './collapse-alternatives.js';

/** Where the validated object sits and how to label its problems. */
export interface ErrorContext {
  /** File base name shown at the start of each line. */
  fileLabel: string;
  /** Path of the validated object inside the config, e.g. `['sms', 'options']` for plugin options. */
  basePath?: ConfigPath;
  /** Appended as ` [id]` so the operator knows which plugin's schema complained. */
  pluginId?: string;
  /** Dotted paths whose values must not be printed (e.g. filled from environment variables). */
  secretPaths?: ReadonlySet<string>;
}

/**
 * Turns ajv errors into one line each: `<file>: <dotted.path>: <what is wrong and how to fix it>`.
 * Values are quoted only when they cannot be secret; duplicates are dropped.
 */
export function formatAjvErrors(errors: readonly ErrorObject[] | null | undefined, context: ErrorContext): string[] {
  const lines = new Set<string>();
  for (const error of collapseAlternatives(errors ?? [])) {
    // `if` only says "must match the then schema"; the errors of `then` say what is wrong.
    if (error.keyword === 'if') continue;
    // Likewise `propertyNames` only says "property name must be valid"; the name's own error says why.
    if (error.keyword === 'propertyNames') continue;
    const { path, message } = describe(error, context);
    const suffix = context.pluginId ? ` [${context.pluginId}]` : '';
    lines.add(problemLine(context.fileLabel, [...(context.basePath ?? []), ...path], message) + suffix);
  }
  return [...lines];
}

function describe(error: ErrorObject, context: ErrorContext): { path: ConfigPath; message: string } {
  const path = pointerToPath(error.instancePath);
  const schema = (error.parentSchema ?? {}) as Record<string, unknown>;
  const params = error.params;

  if (error.keyword === 'additionalProperties') {
    const key = String(params.additionalProperty);
    // `$schema` is an editor hint, not a setting worth suggesting.
    const allowed = Object.keys((schema.properties as Record<string, unknown> | undefined) ?? {}).filter((k) => !k.startsWith('$'));
    return { path: [...path, key], message: unknownKeyMessage(key, allowed) };
  }
  if (error.keyword === 'required') {
    return { path, message: `missing required key "${params.missingProperty}"` };
  }

  const custom = typeof schema['x-message'] === 'string' ? schema['x-message'] : undefined;
  const base = custom ?? standardMessage(error, params);
  const fullPath = formatPath([...(context.basePath ?? []), ...path]);
  const secret = schema['x-secret'] === true || isSecretPath(fullPath) || (context.secretPaths?.has(fullPath) ?? false);
  const shown = secret || !showsValue(error.keyword) ? '' : describeValue(error.data);
  return { path, message: shown ? `${base} (got ${shown})` : base };
}

/** `unknown key "fro"; did you mean "from"? (allowed keys: from, accountSid)`. */
export function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  if (allowed.length === 0) return `unknown key "${key}"; nothing is allowed here`;
  const suggestion = closestMatch(key, allowed);
  const hint = suggestion ? `; did you mean "${suggestion}"?` : '';
  return `unknown key "${key}"${hint} (allowed keys: ${allowed.join(', ')})`;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping of keys to values',
  null: 'empty (null)',
};

function standardMessage(error: ErrorObject, params: Record<string, any>): string {
  switch (error.keyword) {
    case 'type': {
      const types = String(params.type).split(',');
      return `must be ${types.map((t) => TYPE_WORDS[t] ?? t).join(' or ')}`;
    }
    case 'enum':
      return `must be one of: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'format':
      return formatMessage(String(params.format));
    case 'pattern':
      return patternMessage(String(params.pattern));
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum': {
      const word = { minimum: 'at least', exclusiveMinimum: 'more than', maximum: 'at most', exclusiveMaximum: 'less than' }[error.keyword];
      return `must be ${word} ${params.limit}`;
    }
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `must be at least ${params.limit} characters long`;
    case 'maxLength':
      return `must be at most ${params.limit} characters long`;
    case 'minItems':
      return `must list at least ${params.limit} item${params.limit === 1 ? '' : 's'}`;
    case 'maxItems':
      return `must list at most ${params.limit} item${params.limit === 1 ? '' : 's'}`;
    case 'uniqueItems':
      return `must not list the same value twice (items ${params.j} and ${params.i} are equal)`;
    case 'minProperties':
      return `must have at least ${params.limit} key${params.limit === 1 ? '' : 's'}`;
    case 'multipleOf':
      return `must be a multiple of ${params.multipleOf}`;
    case 'anyOf':
    case 'oneOf':
      return `does not match any of the allowed shapes (${error.message ?? 'see the plugin documentation'})`;
    default:
      return error.message ?? `fails the "${error.keyword}" check`;
  }
}

/** What common patterns ask for, in words (a schema can say it better with `x-message`). */
const PATTERN_WORDS: Record<string, string> = {
  '^https?://': 'must start with http:// or https://',
  '^https?://[^?#\\s]+$': 'must be a web address starting with http:// or https://, without spaces, "?" or "#"',
  '^https?://[^\\s?#]+$': 'must be a web address starting with http:// or https://, without spaces, "?" or "#"',
  '^https?://[^\\s#?]+$': 'must be a web address starting with http:// or https://, without spaces, "?" or "#"',
  '^https?://[^\\s/?#]+/?$': 'must be http:// or https:// and a host name (and port) only, without a path, e.g. https://video.example.org',
  '^postgres(ql)?://': 'must start with postgres:// or postgresql://',
  '^\\S+$': 'must be a single word (no spaces)',
  '^[A-Z]{2}$': 'must be a two-letter country code in capitals, e.g. AU',
  '^\\+[1-9][0-9]{1,14}$': 'must be a phone number in international (E.164) form, e.g. +61412345678',
  '^\\+[1-9][0-9]{6,14}$': 'must be a phone number in international (E.164) form, e.g. +61412345678',
  '^AC[0-9a-fA-F]{32}$': 'must be a Twilio Account SID: AC followed by 32 hexadecimal digits',
  '^AC[0-9a-f]{32}$': 'must be a Twilio Account SID: AC followed by 32 lower-case hexadecimal digits',
  '^SK[0-9a-fA-F]{32}$': 'must be a Twilio API key SID: SK followed by 32 hexadecimal digits',
  '^MG[0-9a-fA-F]{32}$': 'must be a Twilio Messaging Service SID: MG followed by 32 hexadecimal digits',
  '^[0-9a-fA-F]{32}$': 'must be 32 hexadecimal digits',
};

/**
 * A regular expression is not a fix: say what it asks for. Known patterns have words; a plain
 * prefix (`^ak_`) reads as "must start with"; anything else names the pattern as a last resort.
 */
export function patternMessage(pattern: string): string {
  const known = PATTERN_WORDS[pattern];
  if (known) return known;
  if (pattern.startsWith('^https?://')) return "must be a web address starting with http:// or https:// (see the plugin's README for its exact form)";
  const prefix = /^\^((?:[A-Za-z0-9_:/@.-]|\\[./-])+)$/.exec(pattern);
  if (prefix) return `must start with "${prefix[1]!.replace(/\\(.)/g, '$1')}"`;
  return `is not in the form this setting expects (it must match the regular expression ${pattern}; see the plugin's README)`;
}

function formatMessage(format: string): string {
  switch (format) {
    case 'uri':
    case 'url':
      return 'must be a full URL like https://example.org/path';
    case 'email':
      return 'must be an email address';
    case 'hostname':
      return 'must be a host name';
    case 'iana-time-zone':
      return 'must be an IANA time zone like Australia/Melbourne';
    default:
      return `must be a valid ${format}`;
  }
}

function showsValue(keyword: string): boolean {
  return ['enum', 'const', 'format', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'].includes(keyword);
}

/** A short, printable rendering of a scalar; nothing for objects or long strings. */
function describeValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string' && value.length <= 60) return JSON.stringify(value);
  return '';
}
