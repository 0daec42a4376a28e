import type { LogFn, Logger } from '../contracts/logger.js';

/** A logger that drops everything: for tests that must not print. */
export function createSilentLogger(): Logger {
  const drop: LogFn = () => undefined;
  const logger: Logger = {
    trace: drop,
    debug: drop,
    info: drop,
    warn: drop,
    error: drop,
    fatal: drop,
    child: () => logger,
  };
  return logger;
}
