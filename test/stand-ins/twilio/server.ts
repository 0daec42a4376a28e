import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { twilioError, type FailureTarget, type ResolvedFailure, type TwilioErrorBody } from './errors.js';
import { Holds } from './holds.js';
import type { MessageBook } from './message-book.js';
import { accountJson, API_VERSION, messageJson } from './resources.js';

/** Credentials of one stand-in account. */
export interface StandInAccount {
  /** `AC` + 32 hex digits. */
  sid: string;
  authToken: string;
  /** API keys (`SK…`) that may act for this account. */
  apiKeys?: Array<{ sid: string; secret: string }>;
  /** What the Account resource reports. @default 'active' */
  status?: 'active' | 'suspended' | 'closed';
}

/** One request as the stand-in received it (for assertions on the wire format). */
export interface RecordedRequest {
  method: string;
  /** Path without the query, e.g. `/2010-04-01/Accounts/AC…/Messages.json`. */
  path: string;
  query: URLSearchParams;
  /** Form-encoded body fields (empty for GET). */
  form: URLSearchParams;
  /** The Basic-auth user name sent (account SID or API key SID), if any. */
  username?: string;
  /** Whether the credentials were accepted. */
  authenticated: boolean;
  headers: IncomingMessage['headers'];
}

/** A queued failure and which requests it applies to. */
export interface QueuedFailure {
  target: FailureTarget;
  remaining: number;
  failure: ResolvedFailure;
}

const ACCOUNT_PATH = new RegExp(`^/${API_VERSION}/Accounts/(AC[0-9a-fA-F]{32})(\\.json|/Messages\\.json)$`);

/** The HTTP side of the stand-in: routing, Basic auth, queued faults. */
export class StandInServer {
  readonly requests: RecordedRequest[] = [];
  readonly failures: QueuedFailure[] = [];
  readonly holds = new Holds();
  private readonly server: Server;
  private readonly created: number;

  constructor(
    private readonly accounts: readonly StandInAccount[],
    private readonly book: MessageBook,
    now: () => number,
  ) {
    this.created = now();
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, twilioError(20500, `stand-in failure: ${String(error)}`));
      });
    });
  }

  /** Listens on `host`, an ephemeral port; returns the base URL. */
  async listen(host: string): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, host, () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    return `http://${host}:${port}`;
  }

  async close(): Promise<void> {
    this.holds.discardAll();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const raw = await readBody(req);
    const form = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(raw) : new URLSearchParams();
    const method = (req.method ?? 'GET').toUpperCase();
    const match = ACCOUNT_PATH.exec(url.pathname);
    const pathAccount = match?.[1];
    const credentials = basicCredentials(req.headers.authorization);
    const authenticated = pathAccount !== undefined && this.authenticates(pathAccount, credentials);
    const recorded: RecordedRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      form,
      username: credentials?.username,
      authenticated,
      headers: req.headers,
    };
    this.requests.push(recorded);

    const target = !match ? undefined : match[2] === '.json' ? 'account' : method === 'POST' ? 'send' : 'list';
    if (target && (await this.holds.decide(target, recorded)) === 'discard') {
      req.socket.destroy();
      return;
    }
    const fault = target ? this.takeFailure(target) : undefined;
    if (fault?.kind === 'lost-answer' && target === 'send' && this.authenticates(pathAccount!, credentials)) {
      // Twilio took the message; only the answer is lost on the way back.
      const outcome = this.book.create(pathAccount!, form);
      if ('message' in outcome) this.book.markSent(outcome.message);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'drop' || fault?.kind === 'lost-answer') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'garbage') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('<html><body>upstream proxy error</body></html>');
      return;
    }

    if (!match || !target || (target === 'account' && method !== 'GET')) {
      sendJson(res, 404, twilioError(20404, `The requested resource ${url.pathname} was not found`));
      return;
    }
    if (!authenticated) {
      res.setHeader('www-authenticate', 'Basic realm="Twilio API"');
      sendJson(res, 401, twilioError(20003));
      return;
    }
    if (fault?.kind === 'error') {
      if (fault.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(fault.retryAfterSeconds));
      sendJson(res, fault.body.status, fault.body);
      return;
    }
    if (target === 'account') {
      const account = this.accounts.find((a) => a.sid === pathAccount)!;
      sendJson(res, 200, accountJson(account.sid, this.created, account.status ?? 'active'));
    } else if (target === 'list') {
      const { status, body } = this.book.list(pathAccount, url.searchParams);
      sendJson(res, status, body);
    } else {
      const outcome = this.book.create(pathAccount, form);
      if ('error' in outcome) {
        sendJson(res, outcome.error.status, outcome.error);
        return;
      }
      sendJson(res, 201, messageJson(outcome.message));
      this.book.markSent(outcome.message);
    }
  }

  private authenticates(accountSid: string, credentials: { username: string; password: string } | undefined): boolean {
    if (!credentials) return false;
    const account = this.accounts.find((a) => a.sid === accountSid);
    if (!account) return false;
    if (credentials.username === account.sid) return credentials.password === account.authToken;
    return (account.apiKeys ?? []).some((key) => key.sid === credentials.username && key.secret === credentials.password);
  }

  private takeFailure(target: Exclude<FailureTarget, 'any'>): ResolvedFailure | undefined {
    const index = this.failures.findIndex((f) => f.target === target || f.target === 'any');
    if (index === -1) return undefined;
    const queued = this.failures[index]!;
    queued.remaining -= 1;
    if (queued.remaining <= 0) this.failures.splice(index, 1);
    return queued.failure;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function basicCredentials(header: string | undefined): { username: string; password: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export type { TwilioErrorBody };
