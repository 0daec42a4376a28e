import { pino, type DestinationStream } from 'pino';
import type { Logger } from '../contracts/logger.js';

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

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Lowest level written; `silent` writes nothing. @default info */
  level?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  /**
   * Where JSON lines go (anything with `write(line)`), e.g. a file stream or, in tests, an
   * array collector. @default standard output
   */
  destination?: DestinationStream;
}

/**
 * The host's logger: pino, one JSON object per line, ISO timestamps. Values under the
 * {@link REDACTED_FIELDS} names are replaced by `[redacted]` at every level (including in
 * child-logger bindings), so a stray `{ to, body }` never reaches the log. The message string
 * itself is not inspected: keep patient data out of it.
 *
 * @example
 * const logger = createLogger({ level: config.logging.level });
 * logger.child({ plugin: 'sms-twilio' }).info({ key }, 'sent');
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: redactPaths(), censor: REDACTED },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
