import { pino, type DestinationStream } from 'pino';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import { describeError } from '@clinic-arrivals/plugin-kit';
import { BoundLogger } from './bound-logger.js';
import { logOutput, type LogFileOptions } from './log-destination.js';

/** Field names whose values may carry patient data or secrets; redacted wherever they appear. */
export const REDACTED_FIELDS = [
  'body',
  'text',
  'to',
  'from',
  'phone',
  'mobile',
  'name',
  'patient',
  'patientName',
  'token',
  'secret',
  'password',
  'authorization',
] as const;

/** What a redacted value is replaced with. */
export const REDACTED = '[redacted]';

/*
 * How deep under the top level a field is still found: `to`, `sms.to`, `err.response.to`,
 * `err.config.headers.authorization`. pino compiles the paths once, so the list costs
 * nothing per log call.
 */
const REDACT_DEPTH = 3;

function redactPaths(): string[] {
  const paths: string[] = [];
  for (let depth = 0; depth <= REDACT_DEPTH; depth++) {
    const prefix = '*.'.repeat(depth);
    for (const field of REDACTED_FIELDS) paths.push(prefix + field);
  }
  return paths;
}

/** Field names under which an Error object is logged through {@link serializeError}. */
const ERROR_FIELDS = ['err', 'error'] as const;

function isErrorLike(value: unknown): value is Error {
  return (
    value instanceof Error ||
    (!!value && typeof value === 'object' && typeof (value as Error).message === 'string' && typeof (value as Error).stack === 'string')
  );
}

/**
 * How an Error object passed as `err` or `error` is written: its type, its `code`, the
 * log-safe {@link describeError} text and the stack frames. Nothing else: pino's own
 * serialiser would add the messages and stacks of every `cause` (often the raw library or
 * server error) and every enumerable property (e.g. an HTTP client's `response.data`, which
 * may be a PMS's OperationOutcome naming the patient). Values that are not errors, such as
 * the strings the host logs (`err: describeError(error)`), pass through unchanged.
 */
export function serializeError(value: unknown): unknown {
  if (!isErrorLike(value)) return value;
  const code = (value as { code?: unknown }).code;
  const frames = (value.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
  return {
    type: value.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    message: describeError(value),
    ...(frames ? { stack: frames } : {}),
  };
}

/** The levels a logger can be set to; `silent` writes nothing. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Lowest level written; `silent` writes nothing. @default info */
  level?: LogLevel;
  /**
   * Where JSON lines go (anything with `write(line)`), e.g. a file stream or, in tests, an
   * array collector. @default standard output
   */
  destination?: DestinationStream;
  /** Human lines (pino-pretty) instead of JSON on standard output; ignored with `destination`. @default false */
  pretty?: boolean;
  /** Also write the JSON lines to this file, rotated by size (and optionally daily or hourly). */
  file?: LogFileOptions;
}

/** A logger made by {@link createLogger}: the {@link Logger} contract plus closing its file. */
export interface HostLogger extends Logger {
  /** Writes what is buffered for the log file and ends it; standard output needs nothing. Idempotent. */
  close(): Promise<void>;
}

/**
 * The host's logger: pino, one JSON object per line with no key written twice (see
 * {@link BoundLogger}), ISO timestamps. Values under the {@link REDACTED_FIELDS} names are
 * replaced by `[redacted]` at every level (including in child-logger bindings), so a stray
 * `{ to, body }` never reaches the log. An Error object logged as `err` or `error` is reduced
 * by {@link serializeError} (no causes, no properties, numbers masked). The message string
 * itself is not inspected: keep patient data out of it, and keep text from remote systems (an
 * error's `remoteDetail`) out of info and above.
 *
 * @example
 * const logger = createLogger(loggerOptionsFor(config.logging, { configDir: config.source.dir }));
 * logger.child({ plugin: 'sms-twilio' }).info({ key }, 'sent');
 */
export function createLogger(options: LoggerOptions = {}): HostLogger {
  const output = logOutput(options);
  const root = pino(
    {
      level: options.level ?? 'info',
      redact: { paths: redactPaths(), censor: REDACTED },
      serializers: Object.fromEntries(ERROR_FIELDS.map((field) => [field, serializeError])),
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    output.stream,
  );
  return Object.assign(new BoundLogger(root), { close: output.close });
}
