/**
 * The logging surface plugins get (a pino logger satisfies it).
 * Never pass SMS bodies, phone numbers or patient names at info level or above;
 * the host's logger also redacts the usual field names (see core/runtime/logger.ts).
 */
export interface LogFn {
  (message: string): void;
  (fields: Record<string, unknown>, message?: string): void;
}
export interface Logger {
  trace: LogFn;
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  fatal: LogFn;
  child(bindings: Record<string, unknown>): Logger;
}
