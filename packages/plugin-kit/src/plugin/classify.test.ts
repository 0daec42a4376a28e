import { expect } from 'chai';
import { classify, errorCode, isAuthError, isOutcomeUnknown, isRetryable, retryAfterMsOf, UNTYPED_ERROR_KIND } from './classify.js';
import { CODES, ERROR_CODES, ERROR_KINDS, type ErrorKind } from './error-codes.js';
import {
  AuthError,
  ClinicArrivalsError,
  ConfigError,
  ConflictError,
  InvalidNumberError,
  NotFoundError,
  NotReadyError,
  OptedOutError,
  PluginLoadError,
  RateLimitedError,
  UnavailableError,
  UnreachableError,
} from './errors.js';

/** Every class of the kit, with the kind and code it must classify as. */
const EVERY_CLASS: Array<[ClinicArrivalsError, ErrorKind, string]> = [
  [new NotReadyError('x'), 'not-ready', CODES.NOT_READY],
  [new UnreachableError('x'), 'not-ready', CODES.UNREACHABLE],
  [new UnavailableError('x'), 'not-ready', CODES.UNAVAILABLE],
  [new UnavailableError('x', { outcomeUnknown: true }), 'outcome-unknown', CODES.UNAVAILABLE],
  [new RateLimitedError('x'), 'not-ready', CODES.RATE_LIMITED],
  [new ConflictError('x'), 'not-ready', CODES.CONFLICT],
  [new AuthError('x'), 'auth', CODES.AUTH],
  [new ConfigError('x', 'sms.options.from'), 'config', CODES.CONFIG],
  [new PluginLoadError('x'), 'config', CODES.PLUGIN_LOAD],
  [new NotFoundError('x'), 'permanent', CODES.NOT_FOUND],
  [new InvalidNumberError('x'), 'permanent', CODES.INVALID_NUMBER],
  [new OptedOutError('x'), 'permanent', CODES.OPTED_OUT],
];

/** The same fields on a class that shares nothing with the kit: what a plugin's bundled copy throws. */
class OtherCopyError extends Error {
  constructor(
    readonly code: string,
    readonly kind: string,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

describe('classify', () => {
  for (const [error, kind, code] of EVERY_CLASS) {
    it(`${error.constructor.name}${kind === 'outcome-unknown' ? ' (outcome unknown)' : ''} → ${kind}, ${code}`, () => {
      expect(classify(error)).to.deep.equal({ kind, code });
      expect(error.kind).to.equal(kind);
      expect(error.retryable).to.equal(kind === 'not-ready');
    });
  }

  it('gives every class the kind its code has in the table, outcome-unknown aside', () => {
    for (const [, kind, code] of EVERY_CLASS) {
      if (kind !== 'outcome-unknown') expect(ERROR_CODES[code as keyof typeof ERROR_CODES].kind, code).to.equal(kind);
    }
  });

  it('classifies an error from another copy of the kit (own class or plain object) the same', () => {
    for (const [error, kind, code] of EVERY_CLASS) {
      expect(classify(new OtherCopyError(code, kind, 'x')), code).to.deep.equal({ kind, code });
      expect(classify({ code, kind, message: 'x' }), code).to.deep.equal({ kind, code });
      expect(classify(JSON.parse(JSON.stringify({ code: error.code, kind: error.kind }))), code).to.deep.equal({ kind, code });
    }
  });

  it('recognises a plugin’s own auth code by its kind, whatever the class is called', () => {
    const own = new OtherCopyError('CA_ERR_PMS_AUTH', 'auth', 'token endpoint refused client x (401)');
    expect(own.name).to.equal('Error');
    expect(isAuthError(own)).to.equal(true);
    expect(isAuthError(new AuthError('refused', { code: 'CA_ERR_VIDEO_AUTH' }))).to.equal(true);
    // The class name alone no longer makes an auth error.
    expect(isAuthError(Object.assign(new Error('x'), { name: 'AuthError', code: 'CA_ERR_SOMETHING' }))).to.equal(false);
  });

  it('an UnavailableError marked outcome-unknown is never retryable, however it was marked', () => {
    const late = new UnavailableError('answer lost');
    late.outcomeUnknown = true;
    for (const error of [new UnavailableError('answer lost', { outcomeUnknown: true }), late]) {
      expect(classify(error).kind).to.equal('outcome-unknown');
      expect([isOutcomeUnknown(error), isRetryable(error), error.retryable]).to.deep.equal([true, false, false]);
    }
  });

  it(`treats anything without a CA_ERR_ code as ${UNTYPED_ERROR_KIND}, network failures included`, () => {
    for (const error of [
      new Error('bug'),
      Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      'a string',
      null,
      undefined,
      { kind: 'not-ready' },
    ]) {
      expect(classify(error), String(error)).to.deep.equal({ kind: 'permanent' });
    }
  });

  it('reads typed errors from before kinds by their flags, then by the table', () => {
    expect(classify({ code: 'CA_ERR_UNAVAILABLE', retryable: true, outcomeUnknown: true }).kind).to.equal('outcome-unknown');
    expect(classify({ code: 'CA_ERR_PROXY_PROTOCOL', retryable: true }).kind).to.equal('not-ready');
    expect(classify({ code: 'CA_ERR_CONFIG' }).kind).to.equal('config');
    expect(classify({ code: 'CA_ERR_TWILIO_REJECTED' }).kind).to.equal('permanent');
    expect(classify({ code: 'CA_ERR_OPTED_OUT', kind: 'no-such-kind' }).kind).to.equal('permanent');
  });

  it('carries a valid retryAfterMs and the code, and ignores anything else', () => {
    expect(classify(new RateLimitedError('slow', { retryAfterMs: 4000 }))).to.deep.equal({ kind: 'not-ready', code: CODES.RATE_LIMITED, retryAfterMs: 4000 });
    expect(retryAfterMsOf(new OtherCopyError('CA_ERR_RATE_LIMITED', 'not-ready', 'slow', -1))).to.equal(undefined);
    expect(errorCode({ code: 'ECONNRESET' })).to.equal(undefined);
    expect(errorCode(new NotFoundError('x'))).to.equal(CODES.NOT_FOUND);
  });

  it('ClinicArrivalsError: an explicit kind wins, then the retryable flag, then the table', () => {
    expect(new ClinicArrivalsError('CA_ERR_X', 'x', { kind: 'auth', retryable: true }).kind).to.equal('auth');
    expect(new ClinicArrivalsError('CA_ERR_X', 'x', { retryable: true }).kind).to.equal('not-ready');
    expect(new ClinicArrivalsError(CODES.CONFIG, 'x').kind).to.equal('config');
    expect(new ClinicArrivalsError('CA_ERR_X', 'x').kind).to.equal('permanent');
  });

  it('has a table row with a known kind and a meaning for every code', () => {
    for (const code of Object.values(CODES)) {
      expect(ERROR_KINDS, code).to.include(ERROR_CODES[code].kind);
      expect(ERROR_CODES[code].meaning, code).to.match(/\w/);
    }
  });
});
