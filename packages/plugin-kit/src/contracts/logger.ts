/**
 * The logging surface plugins get (a pino logger satisfies it). The logger a plugin's factory
 * gets is already bound to `{ plugin: <id> }`: no need to bind it again.
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
