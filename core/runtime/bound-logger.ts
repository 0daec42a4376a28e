import type { Logger as PinoLogger } from 'pino';
import type { LogFn, Logger } from '../contracts/logger.js';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
const LEVELS: readonly Level[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/*
 * Keys pino writes itself before a call's fields. A field of the same name would repeat the
 * key in the line, so it is moved to `<key>_`. `msg` only collides when a message is given
 * (pino takes `{ msg }` alone as the message).
 */
const WRITTEN_BY_PINO = ['level', 'time', 'pid', 'hostname'] as const;
const MESSAGE_KEY = 'msg';

function moveAside(fields: Record<string, unknown>, key: string): void {
  if (!Object.hasOwn(fields, key)) return;
  let aside = `${key}_`;
  while (Object.hasOwn(fields, aside)) aside += '_';
  fields[aside] = fields[key];
  delete fields[key];
}

/**
 * A {@link Logger} over one pino instance that never writes a key twice in a line. pino's own
 * `child()` appends its bindings to the parent's, so `child({ plugin })` on a logger already
 * bound to `plugin`, or a call passing a bound key again, repeats the key (and JSON parsers
 * silently keep the last one). Here bindings are an object merged under each call's fields:
 * a child's binding replaces its parent's, a call's field replaces a binding. The merge costs
 * one small object per written line and nothing for lines below the level.
 */
export class BoundLogger implements Logger {
  readonly trace: LogFn;
  readonly debug: LogFn;
  readonly info: LogFn;
  readonly warn: LogFn;
  readonly error: LogFn;
  readonly fatal: LogFn;

  constructor(
    private readonly root: PinoLogger,
    private readonly bindings: Readonly<Record<string, unknown>> = {},
  ) {
    [this.trace, this.debug, this.info, this.warn, this.error, this.fatal] = LEVELS.map((level) => this.writer(level));
  }

  child(bindings: Record<string, unknown>): Logger {
    return new BoundLogger(this.root, { ...this.bindings, ...bindings });
  }

  private writer(level: Level): LogFn {
    const hasBindings = Object.keys(this.bindings).length > 0;
    return ((first: string | Record<string, unknown>, message?: string) => {
      if (!this.root.isLevelEnabled(level)) return;
      if (typeof first === 'string') {
        if (hasBindings) this.root[level](this.fields({}, true), first);
        else this.root[level](first);
        return;
      }
      // pino's own convention `logger.error(err, 'msg')` still lands under `err`.
      const own = first instanceof Error ? { err: first } : first;
      const fields = this.fields(own, message !== undefined);
      if (message === undefined) this.root[level](fields);
      else this.root[level](fields, message);
    }) as LogFn;
  }

  private fields(own: Record<string, unknown>, withMessage: boolean): Record<string, unknown> {
    const fields = { ...this.bindings, ...own };
    for (const key of WRITTEN_BY_PINO) moveAside(fields, key);
    if (withMessage) moveAside(fields, MESSAGE_KEY);
    return fields;
  }
}
