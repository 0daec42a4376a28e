import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecordedMessage, SendFailureKind } from '@clinic-arrivals/plugin-kit/testing';

export const STAND_IN_API_KEY = 'test-key';

/** How the Acme API answers each failure the contract suite asks for. */
const FAILURES: Record<SendFailureKind, { status: number; code: string }> = {
  'invalid-number': { status: 400, code: 'invalid_number' },
  'opted-out': { status: 403, code: 'opted_out' },
  'rate-limited': { status: 429, code: 'rate_limited' },
  auth: { status: 401, code: 'unauthorized' },
  unavailable: { status: 503, code: 'unavailable' },
};

interface StoredMessage {
  id: string;
  to: string;
  text: string;
  createdAt: number;
  status: 'queued';
}

/**
 * A stand-in for the Acme SMS API on a local port: the same paths, bearer token, JSON bodies
 * and error codes, with failures a test can ask for.
 */
export class AcmeStandIn {
  private readonly messages: StoredMessage[] = [];
  private failing: SendFailureKind | undefined;
  private losingAnswer = false;
  private readonly server = createServer((req, res) => void this.handle(req, res));

  /** Starts listening; returns the base URL. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  /** Messages Acme took, oldest first. */
  sent(): RecordedMessage[] {
    return this.messages.map((m) => ({ to: m.to, body: m.text, providerId: m.id }));
  }

  /** The next send fails with this kind of error. */
  failNext(kind: SendFailureKind): void {
    this.failing = kind;
  }

  /** The next send is stored, then the connection drops before the answer. */
  loseNextAnswer(): void {
    this.losingAnswer = true;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (req.headers.authorization !== `Bearer ${STAND_IN_API_KEY}`) return reply(res, 401, { error: { code: 'unauthorized' } });
    if (req.method === 'POST' && url.pathname === '/v1/messages') return this.send(await readJson(req), res);
    if (req.method === 'GET' && url.pathname === '/v1/messages') {
      const [to, since, until] = ['to', 'since', 'until'].map((key) => url.searchParams.get(key));
      const found = this.messages.filter((m) => m.to === to && m.createdAt >= Number(since) && m.createdAt <= Number(until));
      return reply(res, 200, { messages: found });
    }
    reply(res, 404, { error: { code: 'not_found' } });
  }

  private send(body: { to?: string; text?: string }, res: ServerResponse): void {
    const failing = this.failing;
    this.failing = undefined;
    if (failing) {
      const { status, code } = FAILURES[failing];
      if (status === 429) res.setHeader('retry-after', '1');
      return reply(res, status, { error: { code } });
    }
    const message: StoredMessage = { id: `acme-${randomUUID()}`, to: String(body.to), text: String(body.text), createdAt: Date.now(), status: 'queued' };
    this.messages.push(message);
    if (this.losingAnswer) {
      this.losingAnswer = false;
      res.socket?.destroy();
      return;
    }
    reply(res, 201, { id: message.id, status: message.status });
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<{ to?: string; text?: string }> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return JSON.parse(text || '{}') as { to?: string; text?: string };
}
