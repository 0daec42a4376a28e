import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { createConfigAjv } from '@clinic-arrivals/plugin-kit';
import { ConfigValidationError } from '../../../core/config/errors.js';
import { findConfig } from '../../../core/config/find.js';
import { formatAjvErrors } from '../../../core/config/format-errors.js';
import { problemLine } from '../../../core/config/paths.js';
import { substituteEnv } from '../../../core/config/substitute.js';
import { proxyConfigSchema } from './config-schema.js';
import { isValidKeyHash } from './key-hash.js';

/** One Twilio account the proxy serves. */
export interface ProxyAccountConfig {
  /** Checks X-Twilio-Signature. Secret. */
  authToken: string;
  /** scrypt hash of the client key (`clinic-arrivals proxy hash-key`). */
  clientKeyHash: string;
  /** Text sent back to every incoming SMS; absent means an empty TwiML response. */
  autoReply?: string;
  /** Several clinics share the account: a client that names no numbers is refused (route-numbers.ts). */
  requireNumbers: boolean;
}

/** A token bucket: `burst` requests at once, refilled at `perSecond`. */
export interface RateConfig {
  perSecond: number;
  burst: number;
}

/** The validated, defaulted proxy config (see config-schema.ts for each key's meaning). */
export interface ProxyConfig {
  /** Where the config came from, for messages. */
  source: { file: string; dir: string };
  listen: { host: string; port: number };
  /** Base URL as Twilio sees it, without a trailing slash. */
  publicUrl: string;
  trustProxy: boolean | number;
  /** Keyed by Account SID. */
  accounts: Record<string, ProxyAccountConfig>;
  /** `path` is absolute after loading. */
  storage: { type: 'sqlite' | 'postgres'; path: string; synchronous: 'full' | 'normal'; connectionString?: string; schema: string; poolSize: number };
  retentionHours: number;
  leaseSeconds: number;
  sweepSeconds: number;
  bodyLimitBytes: number;
  legacyEndpoint: boolean;
  /** The public video join page for video-openvidu links. */
  joinPage: { enabled: boolean; path: string };
  /** The join gate: client routes /v1/join-locks, the public /verify page and its attempts. */
  joinGate: { enabled: boolean; attemptRate: RateConfig };
  rateLimit: { perIp: RateConfig; perAccount: RateConfig };
  timeouts: { requestSeconds: number; idleSeconds: number; keepAliveSeconds: number; longPollMaxSeconds: number };
  /** Connection caps; `maxPerAddress` counts sockets by their peer address (see config-schema.ts). */
  connections: { maxTotal: number; maxPerAddress: number };
  stream: { heartbeatSeconds: number; retryMs: number; maxPerAccount: number; maxTotal: number };
  metrics: { enabled: boolean; token?: string };
  logging: { level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent' };
}

/** Files searched (in the working folder) before the host's config files. */
export const PROXY_CONFIG_FILES = ['clinicarrivals-proxy.yaml', 'clinicarrivals-proxy.yml', 'clinicarrivals-proxy.json'] as const;

const ACCOUNT_SID = /^AC[0-9a-f]{32}$/;
/** Keys that only a host config has: a file with these but no `proxy:` is not a proxy config. */
const HOST_KEYS = ['clinic', 'pms', 'sms', 'inbox', 'video', 'workflow'];
const README = 'see plugins/proxy-default/README.md';

const ajv = createConfigAjv();
const validate = ajv.compile(proxyConfigSchema);

/**
 * Finds, reads and validates the proxy config: `configPath` when given; otherwise
 * `clinicarrivals-proxy.{yaml,yml,json}` in `cwd`; otherwise the `proxy:` section of the
 * host's config file (found as `clinic-arrivals start` finds it).
 *
 * @throws ConfigValidationError with one line per problem (`<file>: <key>: <what and how to fix>`), secrets never included
 */
export async function loadProxyConfig(options: { configPath?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ProxyConfig> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const own = PROXY_CONFIG_FILES.map((name) => join(cwd, name)).find((file) => existsSync(file));
  const found = await findConfig({ configPath: options.configPath ?? own, cwd });
  if (found.isDefault) {
    throw new ConfigValidationError([
      `${cwd}: no proxy config found; pass --config <file>, write ${PROXY_CONFIG_FILES[0]}, or add a "proxy:" section to the clinic-arrivals config (${README})`,
    ]);
  }
  return proxyConfigFromObject(found.raw, { file: found.file, dir: found.dir, label: found.label, env: options.env });
}

/**
 * Validates an already parsed config file: either a whole host config with a `proxy:` section,
 * or a file that holds only the proxy's settings.
 */
export function proxyConfigFromObject(raw: unknown, where: { file: string; dir: string; label?: string; env?: NodeJS.ProcessEnv }): ProxyConfig {
  const label = where.label ?? where.file;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigValidationError([`${label}: must be a mapping of keys to values (${README})`]);
  }
  const record = raw as Record<string, unknown>;
  const nested = 'proxy' in record;
  if (!nested && HOST_KEYS.some((key) => key in record)) {
    throw new ConfigValidationError([`${label}: proxy: missing; add a "proxy:" section with publicUrl and accounts (${README})`]);
  }
  const wrapped = nested ? { proxy: record.proxy } : record;
  const substituted = substituteEnv(wrapped, label, where.env ?? process.env);
  if (substituted.problems.length > 0) throw new ConfigValidationError(substituted.problems);
  const section = nested ? (substituted.value as { proxy: unknown }).proxy : substituted.value;
  const basePath = nested ? ['proxy'] : [];
  const prefix = nested ? 'proxy.' : '';

  const data = structuredClone(section);
  const problems: string[] = [];
  if (!validate(data)) {
    problems.push(...formatAjvErrors(validate.errors, { fileLabel: label, basePath, secretPaths: substituted.substitutedPaths }));
  }
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    problems.push(...crossFieldProblems(data, label, prefix));
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);

  const config = data as Omit<ProxyConfig, 'source' | 'connections'> & { connections: { maxTotal: number; maxPerAddress?: number } };
  const storagePath = config.storage.path;
  return {
    ...config,
    connections: {
      maxTotal: config.connections.maxTotal,
      maxPerAddress: config.connections.maxPerAddress ?? defaultMaxPerAddress(config.trustProxy, config.connections.maxTotal),
    },
    source: { file: where.file, dir: where.dir },
    publicUrl: config.publicUrl.replace(/\/+$/, ''),
    storage: { ...config.storage, path: isAbsolute(storagePath) ? storagePath : resolve(where.dir, storagePath) },
  };
}

/** Connections one address may hold when `connections.maxPerAddress` is not set. */
export const DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 256;

/**
 * Behind a balancer (`trustProxy` set) every connection comes from the balancer's address, so a
 * per-address cap would cap all clients together: it defaults to the total cap there.
 */
function defaultMaxPerAddress(trustProxy: boolean | number, maxTotal: number): number {
  return trustProxy === false || trustProxy === 0 ? Math.min(DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, maxTotal) : maxTotal;
}

function crossFieldProblems(config: Partial<ProxyConfig>, label: string, prefix: string): string[] {
  const problems: string[] = [];
  const accounts = config.accounts;
  if (accounts && typeof accounts === 'object') {
    for (const [sid, account] of Object.entries(accounts)) {
      if (!ACCOUNT_SID.test(sid)) {
        problems.push(
          problemLine(
            label,
            `${prefix}accounts.${sid}`,
            'must be keyed by a Twilio Account SID: AC followed by 32 lower-case hex characters, as in the Twilio console',
          ),
        );
      }
      const hash = (account as Partial<ProxyAccountConfig> | undefined)?.clientKeyHash;
      if (typeof hash === 'string' && /^scrypt:/.test(hash) && !isValidKeyHash(hash)) {
        problems.push(
          problemLine(label, `${prefix}accounts.${sid}.clientKeyHash`, 'has unusable scrypt parameters; make a new one with `clinic-arrivals proxy hash-key`'),
        );
      }
    }
  }
  const storage = config.storage;
  if (storage?.type === 'postgres' && !storage.connectionString) {
    problems.push(
      problemLine(label, `${prefix}storage.connectionString`, 'is required when storage.type is postgres, e.g. connectionString: ${PROXY_DATABASE_URL}'),
    );
  }
  const joinPagePath = config.joinPage?.path;
  if (config.joinGate?.enabled !== false && config.joinPage?.enabled !== false && typeof joinPagePath === 'string' && /^\/verify(\/|$)/.test(joinPagePath)) {
    problems.push(problemLine(label, `${prefix}joinPage.path`, "must not be /verify, the join gate's page; pick another path such as /join"));
  }
  if (typeof config.publicUrl === 'string' && /^https?:\/\//.test(config.publicUrl)) {
    try {
      new URL(config.publicUrl);
    } catch {
      problems.push(problemLine(label, `${prefix}publicUrl`, 'is not a valid URL; write it as Twilio calls it, e.g. https://replies.example.org'));
    }
  }
  return problems;
}
