import { writeFileSync } from 'node:fs';
import twilio from 'twilio';

/** The account, token and public URL the benchmark proxies are configured with. */
export const BENCH_ACCOUNT = 'AC' + '1'.repeat(32);
export const BENCH_AUTH_TOKEN = 'f'.repeat(32);
export const BENCH_PUBLIC_URL = 'https://replies.example.org';

/** A signed incoming-SMS webhook as Twilio posts it. */
export interface SignedWebhook {
  body: string;
  signature: string;
  messageSid: string;
}

/** Signed form body of an incoming SMS whose MessageSid is derived from `n` and `prefix` (both unsigned). */
export function signedWebhook(n: number, prefix: number): SignedWebhook {
  const messageSid = 'SM' + prefix.toString(16).padStart(8, '0') + n.toString(16).padStart(24, '0');
  const params = {
    AccountSid: BENCH_ACCOUNT,
    MessageSid: messageSid,
    SmsSid: messageSid,
    From: '+61412345678',
    To: '+61299990000',
    Body: 'Yes',
    NumMedia: '0',
    ApiVersion: '2010-04-01',
  };
  const signature = twilio.getExpectedTwilioSignature(BENCH_AUTH_TOKEN, `${BENCH_PUBLIC_URL}/twilio`, params);
  return { body: new URLSearchParams(params).toString(), signature, messageSid };
}

/**
 * Writes `count` signed webhooks with distinct MessageSids, one `signature<TAB>body` per line,
 * for a load generator that cannot sign (wrk). Signing ahead also keeps the HMAC out of the
 * load generator's time.
 */
export function writeSignedWebhooks(path: string, count: number, prefix: number): void {
  const lines: string[] = [];
  for (let n = 0; n < count; n++) {
    const { signature, body } = signedWebhook(n, prefix);
    lines.push(`${signature}\t${body}`);
  }
  writeFileSync(path, lines.join('\n') + '\n');
}
