import type { Logger as PinoLogger } from 'pino';
import type { LogFn, Logger } from '@clinic-arrivals/plugin-kit';

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
 * A {@link Logger} over pino that never writes a key twice in a line. pino's own `child()`
 * appends its bindings to the parent's, so `child({ plugin })` on a logger already bound to
 * `plugin`, or a call passing a bound key again, repeats the key (and JSON parsers silently
 * keep the last one). Here a child's binding replaces its parent's and a call's field replaces
 * a binding. The common case (no overlap) is plain pino, bindings serialised and redacted once
 * per child; only an overlap costs more: a same value is dropped from the call, a different one
 * is written from the unbound root with the bindings merged under the call's fields.
 */
export class BoundLogger implements Logger {
  readonly trace: LogFn;
  readonly debug: LogFn;
  readonly info: LogFn;
  readonly warn: LogFn;
  readonly error: LogFn;
  readonly fatal: LogFn;

  /**
   * @param root the pino logger without bindings
   * @param bindings everything bound so far (already free of pino's own keys)
   * @param bound `root` with exactly `bindings` bound
   */
  constructor(
    private readonly root: PinoLogger,
    private readonly bindings: Readonly<Record<string, unknown>> = {},
    private readonly bound: PinoLogger = root,
  ) {
    [this.trace, this.debug, this.info, this.warn, this.error, this.fatal] = LEVELS.map((level) => this.writer(level)) as [
      LogFn,
      LogFn,
      LogFn,
      LogFn,
      LogFn,
      LogFn,
    ];
  }

  child(bindings: Record<string, unknown>): Logger {
    const added = { ...bindings };
    for (const key of WRITTEN_BY_PINO) moveAside(added, key);
    moveAside(added, MESSAGE_KEY);
    const merged = { ...this.bindings, ...added };
    const rebinds = Object.keys(added).some((key) => Object.hasOwn(this.bindings, key));
    // Rebinding starts again from the root: pino cannot take a key back out of a child.
    return new BoundLogger(this.root, merged, rebinds ? this.root.child(merged) : this.bound.child(added));
  }

  private writer(level: Level): LogFn {
    return (first: string | Record<string, unknown>, message?: string) => {
      if (!this.bound.isLevelEnabled(level)) return;
      if (typeof first === 'string') {
        this.bound[level](first);
        return;
      }
      // pino's own convention `logger.error(err, 'msg')` still lands under `err`.
      const own = first instanceof Error ? { err: first } : first;
      const [target, fields] = this.route(own, message !== undefined);
      if (message === undefined) target[level](fields);
      else target[level](fields, message);
    };
  }

  /** Which pino logger writes a call's fields, and the fields it writes. */
  private route(own: Record<string, unknown>, withMessage: boolean): [PinoLogger, Record<string, unknown>] {
    let fields = own;
    const copy = () => (fields === own ? (fields = { ...own }) : fields);
    for (const key of Object.keys(own)) {
      if (!Object.hasOwn(this.bindings, key)) continue;
      if (this.bindings[key] !== own[key]) {
        const merged = { ...this.bindings, ...own };
        this.fixPinoKeys(merged, withMessage, () => merged);
        return [this.root, merged];
      }
      delete copy()[key];
    }
    this.fixPinoKeys(fields, withMessage, copy);
    return [this.bound, fields];
  }

  private fixPinoKeys(fields: Record<string, unknown>, withMessage: boolean, copy: () => Record<string, unknown>): void {
    for (const key of WRITTEN_BY_PINO) if (Object.hasOwn(fields, key)) moveAside(copy(), key);
    if (withMessage && Object.hasOwn(fields, MESSAGE_KEY)) moveAside(copy(), MESSAGE_KEY);
  }
}
