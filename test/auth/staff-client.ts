import { startHost, type RunningHost } from '../../core/runtime/host.js';
import { addStaffUser } from '../../core/auth/staff-users.js';
import type { StaffRole } from '../../core/store/store.js';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { createSilentLogger } from '@clinic-arrivals/plugin-kit/testing';
import { openSqliteStore } from '../../core/store/sqlite-store.js';
import { simulatorConfig } from '../e2e/simulator-host.js';
import { join } from 'node:path';

export interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

/**
 * One browser of the reception app, seen from the wire: it keeps the session cookie the host
 * sets and sends the CSRF token it was given, exactly as the web app does (or leaves it out
 * when a test says so).
 */
export class StaffBrowser {
  cookie: string | undefined;
  csrfToken: string | undefined;
  lastSetCookie: string | null = null;

  constructor(private readonly base: string) {}

  async call(method: string, path: string, options: { json?: unknown; csrf?: string | false; headers?: Record<string, string> } = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookie) headers.cookie = this.cookie;
    const csrf = options.csrf === undefined ? this.csrfToken : options.csrf || undefined;
    if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
    let body: string | undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(this.base + path, { method, headers, body });
    this.lastSetCookie = response.headers.get('set-cookie');
    if (this.lastSetCookie) {
      const pair = this.lastSetCookie.split(';')[0];
      this.cookie = /Max-Age=0(;|$)/.test(this.lastSetCookie) ? undefined : pair;
    }
    const text = await response.text();
    const isJson = response.headers.get('content-type')?.includes('application/json');
    return { status: response.status, headers: response.headers, body: isJson ? JSON.parse(text) : text };
  }

  /** Signs in; remembers the cookie and the CSRF token. */
  async signIn(name: string, password: string): Promise<Reply> {
    const reply = await this.call('POST', '/api/session', { json: { name, password } });
    if (reply.status === 200) this.csrfToken = reply.body.csrfToken;
    return reply;
  }

  /** The raw session id the cookie carries. */
  get sessionId(): string | undefined {
    return this.cookie?.split('=')[1];
  }
}

export const PASSWORDS = { anna: 'anna-admin-pass-1', rita: 'rita-reception-1' } as const;

/** Adds accounts straight to the store file the host will use (as `clinic-arrivals users add` does). */
export async function addAccounts(dir: string, accounts: Array<{ name: string; password: string; role: StaffRole }>): Promise<void> {
  const store = await openSqliteStore(join(dir, 'store.sqlite'));
  try {
    // A cheap scrypt cost keeps the many sign-ins of these tests quick; the hash records it.
    for (const account of accounts) await addStaffUser(store, account, Date.UTC(2026, 10, 22), { N: 2 ** 10, r: 8, p: 1 });
  } finally {
    await store.close();
  }
}

/** Anna (admin) and Rita (reception). */
export function addAnnaAndRita(dir: string): Promise<void> {
  return addAccounts(dir, [
    { name: 'anna', password: PASSWORDS.anna, role: 'admin' },
    { name: 'rita', password: PASSWORDS.rita, role: 'reception' },
  ]);
}

/** A simulator host on `dir` with extra `api` settings and a manual clock. */
export async function startHostWith(
  dir: string,
  clock: ManualClock,
  api: Record<string, unknown> = {},
  logger: Logger = createSilentLogger(),
): Promise<RunningHost> {
  const loaded = await simulatorConfig(dir, { api: { host: '127.0.0.1', port: 0, ...api } });
  return startHost(loaded, { clock, logger, apiPort: 0, startLoops: false, printBanner: false });
}
