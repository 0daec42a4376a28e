import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One email as the sink received it. */
export interface ReceivedEmail {
  from?: string;
  to: string[];
  subject: string;
  /** The plain-text body, quoted-printable decoded. */
  text: string;
}

/**
 * A real SMTP server on 127.0.0.1 (smtp-server, port 0) that keeps what it receives. Login is
 * required (plain over loopback, as a test allows); `rejectNext` answers the next message with
 * a temporary failure, as a busy mail server does.
 */
export interface SmtpSink {
  port: number;
  received: ReceivedEmail[];
  /** Answer the next `times` messages with 451. */
  rejectNext(times?: number): void;
  close(): Promise<void>;
}

export async function startSmtpSink(credentials: { user: string; password: string }): Promise<SmtpSink> {
  const received: ReceivedEmail[] = [];
  let rejecting = 0;
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === credentials.user && auth.password === credentials.password) return callback(null, { user: auth.username });
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (rejecting > 0) {
          rejecting -= 1;
          const error = Object.assign(new Error('Try again later'), { responseCode: 451 });
          return callback(error);
        }
        received.push(parse(Buffer.concat(chunks).toString('utf8'), session.envelope));
        return callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    rejectNext: (times = 1) => {
      rejecting += times;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function parse(raw: string, envelope: { mailFrom: false | { address: string }; rcptTo: Array<{ address: string }> }): ReceivedEmail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) =>
    head
      .split('\r\n')
      .find((line) => line.toLowerCase().startsWith(`${name}:`))
      ?.slice(name.length + 1)
      .trim();
  const quotedPrintable = /quoted-printable/i.test(header('content-transfer-encoding') ?? '');
  const text = quotedPrintable
    ? Buffer.from(
        body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
        'latin1',
      ).toString('utf8')
    : body;
  return {
    from: envelope.mailFrom ? envelope.mailFrom.address : undefined,
    to: envelope.rcptTo.map((r) => r.address),
    subject: header('subject') ?? '',
    text: text.trim(),
  };
}

/**
 * The `alerts` config the alert tests share: 10 minutes to alert, 5 to call it recovered, and
 * email through `sink` with the password read from `${SMTP_PASSWORD}`.
 */
export function alertsConfigFor(sink: SmtpSink, user: string): Record<string, unknown> {
  return {
    afterMinutes: 10,
    recoveredAfterMinutes: 5,
    email: {
      to: 'practice-manager@clinic.example',
      from: 'clinic-arrivals@clinic.example',
      smtp: { host: '127.0.0.1', port: sink.port, secure: false, user, password: '${SMTP_PASSWORD}' },
    },
  };
}
