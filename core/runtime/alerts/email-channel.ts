import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { AlertEmailConfig } from '../../config/types.js';

/** One alert email: subject and plain text, both log-safe. */
export interface AlertEmail {
  subject: string;
  text: string;
}

/** Sends alert emails; `retry` when it did not go out (the caller tries again later). */
export interface AlertMailer {
  send(email: AlertEmail): Promise<'sent' | 'retry'>;
  close(): void;
}

/*
 * Short timeouts: a dead mail server must not hold the alert checks for minutes (nodemailer's
 * defaults are 2 and 10 minutes). A failed send is tried again on the watcher's schedule.
 */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * Alert email over the clinic's SMTP server (nodemailer). A failure is logged at warn with
 * nodemailer's error code and the server's reply code only: the server's text is untrusted and
 * the password is never in a log line.
 */
export class SmtpAlertMailer implements AlertMailer {
  private readonly transport: Transporter;

  constructor(
    private readonly config: AlertEmailConfig,
    private readonly logger: Logger,
  ) {
    const { host, port, secure, user, password } = config.smtp;
    this.transport = nodemailer.createTransport({
      host,
      port,
      secure,
      ...(user !== undefined ? { auth: { user, pass: password ?? '' } } : {}),
      ...TIMEOUTS,
    });
  }

  async send(email: AlertEmail): Promise<'sent' | 'retry'> {
    try {
      await this.transport.sendMail({ from: this.config.from, to: this.config.to, subject: email.subject, text: email.text });
      return 'sent';
    } catch (error) {
      const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
      this.logger.warn(
        {
          smtpHost: this.config.smtp.host,
          code: typeof code === 'string' ? code : undefined,
          responseCode: typeof responseCode === 'number' ? responseCode : undefined,
        },
        'alert email not sent; will try again',
      );
      return 'retry';
    }
  }

  close(): void {
    this.transport.close();
  }
}
