import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { describeError, remoteDetailOf } from '@clinic-arrivals/plugin-kit';
import { AuthError, ClinicArrivalsError, NotFoundError, NotReadyError, UnreachableError } from '@clinic-arrivals/plugin-kit';
import { ManualClock, expectRejection } from '@clinic-arrivals/plugin-kit/testing';
import { toTypedError } from '../../plugins/pms-fhir-r4/errors.js';
import { SmartBackendAuthProvider } from '../../plugins/pms-fhir-r4/smart-auth.js';

/*
 * Issue 9: text a FHIR server sends with a failure may name the patient. The typed error's
 * message carries the call, the status, the validated OperationOutcome codes and a fixed
 * description; the server's text only its non-enumerable remoteDetail.
 */

const DIAGNOSTICS = 'Appointment for Jane Citizen (mobile 0412 345 678, DOB 1957-03-14) is locked by user reception2';
const IDENTIFYING = ['Jane', 'Citizen', '1957-03-14', 'reception2', '0412 345 678', '412345678'];

/** What fhir-kit-client throws for an HTTP error answer. */
function httpError(status: number, data: unknown, headers: Record<string, string> = {}): Error {
  return Object.assign(new Error(`HTTP ${status}: PUT http://pms.test/fhir/Appointment/a1`), {
    response: { status, data },
    config: { headers: new Headers(headers) },
  });
}

const outcome = (...issue: Array<Record<string, unknown>>) => ({ resourceType: 'OperationOutcome', issue });

function expectClean(error: ClinicArrivalsError): void {
  for (const text of [error.message, describeError(error), JSON.stringify(error)]) {
    for (const value of IDENTIFYING) expect(text, `must not contain "${value}"`).to.not.contain(value);
  }
}

describe("pms-fhir-r4: error mapping keeps the server's text out of messages", function () {
  it('409 OperationOutcome naming the patient → status, issue codes and a fixed description; the text in remoteDetail', function () {
    const error = toTypedError(
      httpError(409, outcome({ severity: 'error', code: 'lock-error', diagnostics: DIAGNOSTICS, details: { text: 'Locked by reception2' } })),
      'update Appointment',
    );
    expect(error.code).to.equal('CA_ERR_PMS_REJECTED');
    expect(error.retryable).to.equal(false);
    expect(error.message).to.equal(
      "FHIR server answered 409 (update Appointment): the server refused the change: conflict with the record's current state (for example locked by another user); OperationOutcome error/lock-error",
    );
    expect(remoteDetailOf(error)).to.equal(`${DIAGNOSTICS}; Locked by reception2`);
    expectClean(error);
  });

  for (const [status, description] of [
    [400, 'the server refused the request as invalid'],
    [422, "the server refused the change: it breaks one of the server's rules"],
    [418, 'the server refused the request'],
  ] as const) {
    it(`${status} → CA_ERR_PMS_REJECTED with a fixed description`, function () {
      const error = toTypedError(httpError(status, outcome({ severity: 'error', code: 'business-rule', diagnostics: DIAGNOSTICS })), 'update Appointment');
      expect(error.message).to.equal(`FHIR server answered ${status} (update Appointment): ${description}; OperationOutcome error/business-rule`);
      expectClean(error);
    });
  }

  it("drops severities and codes outside FHIR's value sets, even lowercase words that fit the token syntax", function () {
    const error = toTypedError(
      httpError(
        422,
        outcome(
          { severity: 'Jane Citizen', code: 'DOB 1957-03-14', diagnostics: DIAGNOSTICS },
          { severity: 'error', code: 'jane' },
          { severity: 'citizen', code: 'invalid' },
          { severity: { text: 'Jane' }, code: ['conflict'] },
          null as never,
        ),
      ),
      'update Appointment',
    );
    expect(error.message).to.equal(
      "FHIR server answered 422 (update Appointment): the server refused the change: it breaks one of the server's rules; OperationOutcome error/?, ?/invalid",
    );
    expectClean(error);
  });

  it('names at most three issues', function () {
    const codes = ['invalid', 'required', 'value', 'conflict', 'business-rule'];
    const error = toTypedError(httpError(400, outcome(...codes.map((code) => ({ severity: 'error', code })))), 'update Appointment');
    expect(error.message).to.match(/OperationOutcome error\/invalid, error\/required, error\/value, \+2 more$/);
  });

  it('an OperationOutcome with text only: the status and description, nothing of the text', function () {
    const error = toTypedError(httpError(409, outcome({ diagnostics: DIAGNOSTICS })), 'update Appointment');
    expect(error.message).to.equal(
      "FHIR server answered 409 (update Appointment): the server refused the change: conflict with the record's current state (for example locked by another user)",
    );
    expect(remoteDetailOf(error)).to.equal(DIAGNOSTICS);
  });

  it('a body that is not JSON or not an OperationOutcome: its size or kind in the message, an excerpt in remoteDetail', function () {
    const page = `<html><body>Error for ${DIAGNOSTICS}</body></html>`;
    const html = toTypedError(httpError(502, page), 'search Appointment');
    expect(html).to.be.instanceOf(NotReadyError);
    expect(html.code).to.equal('CA_ERR_PMS_SERVER');
    expect(html.message).to.equal(
      `FHIR server answered 502 (search Appointment): the server (or a gateway in front of it) is unavailable; the body was not JSON (${page.length} bytes)`,
    );
    expect(remoteDetailOf(html)).to.equal(page);
    expectClean(html);

    const json = toTypedError(httpError(400, { message: DIAGNOSTICS }), 'update Appointment');
    expect(json.message).to.equal(
      'FHIR server answered 400 (update Appointment): the server refused the request as invalid; the body was not an OperationOutcome',
    );
    expect(remoteDetailOf(json)).to.contain('Jane Citizen');
    expectClean(json);
  });

  it('keeps the typed error per status: auth, not found, rate limit with the capped Retry-After, outage', function () {
    const auth = toTypedError(httpError(401, outcome({ severity: 'error', code: 'login', diagnostics: DIAGNOSTICS })), 'search Appointment');
    expect([auth instanceof AuthError, auth.code]).to.deep.equal([true, 'CA_ERR_PMS_AUTH']);
    expectClean(auth);
    expect(toTypedError(httpError(404, outcome({ severity: 'error', code: 'not-found', diagnostics: DIAGNOSTICS })), 'read Appointment')).to.be.instanceOf(
      NotFoundError,
    );
    const limited = toTypedError(httpError(429, undefined, { 'retry-after': '30' }), 'search Appointment', 4000) as UnreachableError;
    expect([limited.code, limited.retryAfterMs, limited.message]).to.deep.equal([
      'CA_ERR_RATE_LIMITED',
      4000,
      'FHIR server answered 429 (search Appointment): the server asks to slow down',
    ]);
  });

  it("network failures: a validated error code only; the library's text in remoteDetail", function () {
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('getaddrinfo ENOTFOUND jane-citizen.pms.example'), { code: 'ENOTFOUND' }),
    });
    const error = toTypedError(refused, 'search Appointment');
    expect(error).to.be.instanceOf(UnreachableError);
    expect(error.message).to.equal('FHIR server unreachable (search Appointment): ENOTFOUND');
    expect(remoteDetailOf(error)).to.equal('fetch failed: getaddrinfo ENOTFOUND jane-citizen.pms.example');
    const odd = toTypedError(Object.assign(new Error('Jane Citizen'), { code: 'Jane Citizen' }), 'search Appointment');
    expect(odd.message).to.equal('FHIR server unreachable (search Appointment)');
  });

  it('the token endpoint: the OAuth error code in the message, error_description in remoteDetail; network text likewise', async function () {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const provider = (fetch: typeof globalThis.fetch) =>
      new SmartBackendAuthProvider(
        {
          type: 'smart-backend',
          clientId: 'clinic',
          tokenUrl: 'https://auth.test/token',
          scope: 's',
          algorithm: 'RS384',
          privateKey: pem,
          refreshBeforeExpirySeconds: 60,
        },
        { baseUrl: 'https://pms.test/fhir', configDir: process.cwd(), clock: new ManualClock('2026-11-23T08:00:00+11:00'), timeoutMs: 1000, fetch },
      );
    const refusing = provider(async () => Response.json({ error: 'invalid_client', error_description: `client disabled by ${DIAGNOSTICS}` }, { status: 401 }));
    const refused = await expectRejection(() => refusing.header(), AuthError);
    expect(refused.message).to.equal('token endpoint refused client clinic (401, invalid_client)');
    expect(remoteDetailOf(refused)).to.equal(`invalid_client: client disabled by ${DIAGNOSTICS}`);

    const oddCode = await expectRejection(() => provider(async () => Response.json({ error: 'Jane Citizen' }, { status: 400 })).header(), AuthError);
    expect(oddCode.message).to.equal('token endpoint refused client clinic (400)');

    const unreachable = provider(async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    });
    const down = await expectRejection(() => unreachable.header(), UnreachableError);
    expect(down.message).to.equal('token request failed: ECONNREFUSED');
  });
});
