import type { AddressInfo } from 'node:net';
import type { Logger } from '../contracts/logger.js';
import { ConfigError } from '../plugin/errors.js';
import { isLoopbackHost } from './access.js';
import { buildApiApp } from './app.js';
import type { HostControl } from './host-control.js';

/** Where and how the local API listens (the `api` section of the config). */
export interface ApiServerOptions {
  /** Interface to bind. @default 127.0.0.1 */
  host?: string;
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Bearer token; required when `host` is not a loopback address. */
  token?: string;
  logger: Logger;
  /** Folder of the built reception app. @default dist/web of this package */
  webRoot?: string;
}

/** A listening API server. */
export interface ApiServer {
  /** Base URL, e.g. `http://127.0.0.1:7171`. */
  url: string;
  /** Stops listening and waits for requests in flight. Idempotent. */
  close(): Promise<void>;
}

function urlOf(address: AddressInfo): string {
  const host = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/**
 * Starts the host's local HTTP API. Refuses (ConfigError naming `api.token`) to listen on an
 * address other machines can reach unless a token is set.
 */
export async function createApiServer(control: HostControl, options: ApiServerOptions): Promise<ApiServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token === '' ? undefined : options.token;
  if (!isLoopbackHost(host) && token === undefined) {
    throw new ConfigError(
      `api.token is required when api.host ("${host}") is not a loopback address: anyone on the network could read patient data`,
      'api.token',
    );
  }
  if (token !== undefined && !/^[\x21-\x7e]+$/.test(token)) {
    // It travels in an HTTP header: spaces or non-ASCII characters could never match.
    throw new ConfigError('api.token must be printable ASCII without spaces', 'api.token');
  }
  const logger = options.logger.child({ component: 'api' });
  const app = buildApiApp(control, { token, logger, webRoot: options.webRoot });
  try {
    await app.listen({ host, port: options.port });
  } catch (error) {
    await app.close();
    if ((error as { code?: string }).code === 'EADDRINUSE') {
      throw new ConfigError(`api.port ${options.port} is already in use on ${host}`, 'api.port', { cause: error });
    }
    throw error;
  }
  const url = urlOf(app.server.address() as AddressInfo);
  logger.info({ url, tokenRequired: token !== undefined }, 'local API listening');
  let closing: Promise<void> | undefined;
  return {
    url,
    close: () => (closing ??= app.close().then(() => logger.debug('local API closed'))),
  };
}
