import type { AddressInfo } from 'node:net';
import { DEFAULT_SIGN_IN, type SignInSettings } from '../auth/settings.js';
import { StaffAuth } from '../auth/staff-auth.js';
import { SystemClock, type Clock } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { Store } from '../store/store.js';
import { ConfigError } from '@clinic-arrivals/plugin-kit';
import { openSqliteStore } from '../store/sqlite-store.js';
import { isLoopbackHost } from './access.js';
import { buildApiApp, type ApiMonitoring } from './app.js';
import type { HostControl } from './host-api.js';
import type { PluginRouteSet } from './plugin-routes.js';

/** Where and how the local API listens (the `api` section of the config). */
export interface ApiServerOptions {
  /** Interface to bind. @default 127.0.0.1 */
  host?: string;
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Bearer token for machines; works on every route, whatever the sign-in settings. */
  token?: string;
  /** Staff sign-in settings. @default DEFAULT_SIGN_IN (auto, 30 min idle, 12 h, no Secure flag) */
  signIn?: Partial<SignInSettings>;
  /** Where staff accounts, sessions and the activity log live (the host's store). @default a private in-memory store */
  store?: Store;
  /** @default the system clock */
  clock?: Clock;
  logger: Logger;
  /** Folder of the built reception app. @default dist/web of this package */
  webRoot?: string;
  /** The host's metrics and readiness (`/metrics`, `/api/ready`). */
  monitoring?: ApiMonitoring;
  /** Routes of the active plugins. */
  pluginRoutes?: readonly PluginRouteSet[];
  /** Path of the session cookie. @default '/' */
  cookiePath?: string;
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
 * Starts the host's local HTTP API. On an address other machines can reach, staff must sign
 * in (and machines use `api.token`); see access.ts and core/auth.
 */
export async function createApiServer(control: HostControl, options: ApiServerOptions): Promise<ApiServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token === '' ? undefined : options.token;
  if (token !== undefined && !/^[\x21-\x7e]+$/.test(token)) {
    // It travels in an HTTP header: spaces or non-ASCII characters could never match.
    throw new ConfigError('api.token must be printable ASCII without spaces', 'api.token');
  }
  const logger = options.logger.child({ component: 'api' });
  const ownStore = options.store ? undefined : await openSqliteStore(':memory:');
  const auth = new StaffAuth({
    store: options.store ?? ownStore!,
    clock: options.clock ?? new SystemClock(),
    settings: { ...DEFAULT_SIGN_IN, ...options.signIn },
    loopbackOnly: isLoopbackHost(host),
    tokenConfigured: token !== undefined,
    logger,
  });
  const app = buildApiApp(control, {
    token,
    auth,
    logger,
    webRoot: options.webRoot,
    monitoring: options.monitoring,
    pluginRoutes: options.pluginRoutes,
    cookiePath: options.cookiePath,
  });
  app.addHook('onClose', async () => ownStore?.close());
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
  logger.info({ url, tokenRequired: token !== undefined, signInRequired: await auth.signInRequired() }, 'local API listening');
  let closing: Promise<void> | undefined;
  return {
    url,
    close: () => (closing ??= app.close().then(() => logger.debug('local API closed'))),
  };
}
