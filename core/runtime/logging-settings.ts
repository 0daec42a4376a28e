import { isAbsolute, resolve } from 'node:path';
import type { HostConfig } from '../config/types.js';
import { ConfigError } from '@clinic-arrivals/plugin-kit';
import { LOG_LEVELS, type LoggerOptions, type LogLevel } from './logger.js';

const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;

/** Where the process runs, as far as logging cares. Defaults are the real process's. */
export interface LoggingSurroundings {
  /** Folder of the config file: a relative `logging.file.path` is taken from here. */
  configDir: string;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** @default process.stdout.isTTY */
  stdoutIsTTY?: boolean;
}

function fromEnv<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[]): T | undefined {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')} (got "${env[name]}")`, name);
  }
  return raw as T;
}

/**
 * The logger options for a config's `logging` section. `LOG_LEVEL` wins over
 * `logging.level` and `LOG_FORMAT` over `logging.format` (a service manager or a one-off
 * debugging run changes them without editing the file). Format `auto` writes pino-pretty's
 * human lines when standard output is a terminal and JSON lines otherwise (a pipe, a file,
 * journald). Throws a {@link ConfigError} naming the variable when one holds an unknown value.
 */
export function loggerOptionsFor(logging: HostConfig['logging'], surroundings: LoggingSurroundings): LoggerOptions {
  const env = surroundings.env ?? process.env;
  const level: LogLevel = fromEnv(env, 'LOG_LEVEL', LOG_LEVELS) ?? logging.level;
  const format = fromEnv(env, 'LOG_FORMAT', LOG_FORMATS) ?? logging.format ?? 'auto';
  const tty = surroundings.stdoutIsTTY ?? process.stdout.isTTY === true;
  const file = logging.file;
  return {
    level,
    pretty: format === 'pretty' || (format === 'auto' && tty),
    ...(file ? { file: { ...file, path: isAbsolute(file.path) ? file.path : resolve(surroundings.configDir, file.path) } } : {}),
  };
}
